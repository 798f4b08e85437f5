/**
 * The `OAuthClient` schema of the Telnyx OpenAPI spec (ListOAuthClients) as oauthlint reads a record:
 * `client_secret` is dropped on reading and `has_client_secret` stands in for it. Imports nothing, so
 * the expression compiler (which checks field names against it) and the record check can share it.
 */
const GRANT_TYPES = ['client_credentials', 'authorization_code', 'refresh_token'];
const stringOrNull = { type: ['string', 'null'] };

export const OAUTH_CLIENT_SCHEMA = {
  type: 'object',
  properties: {
    allowed_grant_types: { type: 'array', items: { type: 'string', enum: GRANT_TYPES } },
    allowed_scopes: { type: 'array', items: { type: 'string' } },
    client_id: { type: 'string' },
    client_type: { type: 'string', enum: ['public', 'confidential'] },
    created_at: { type: 'string', format: 'date-time' },
    logo_uri: stringOrNull,
    name: { type: 'string' },
    org_id: { type: 'string' },
    policy_uri: stringOrNull,
    record_type: { type: 'string', enum: ['oauth_client'] },
    redirect_uris: { type: 'array', items: { type: 'string' } },
    require_pkce: { type: 'boolean' },
    tos_uri: stringOrNull,
    updated_at: { type: 'string', format: 'date-time' },
    user_id: { type: 'string' },
    has_client_secret: { type: 'boolean' },
  },
  required: ['record_type', 'client_id', 'name', 'org_id', 'user_id', 'client_type', 'require_pkce', 'created_at', 'updated_at'],
} as const;

/** The record's fields, as rule expressions name them. */
export const CLIENT_FIELDS: readonly string[] = Object.keys(OAUTH_CLIENT_SCHEMA.properties);
