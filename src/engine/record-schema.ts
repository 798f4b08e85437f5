/**
 * The `OAuthClient` schema of the Telnyx OpenAPI spec (ListOAuthClients), checked with ajv, turned into
 * findings of `client-record-schema`. `format: uri` is left to the URI rules, which say precisely what
 * is wrong with a URI; `date-time` is checked here because `stale-client` depends on it.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { typeOf } from './functions.js';
import { formatPath, type Segment } from './expr.js';

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

export interface SchemaProblem {
  path: string;
  value: unknown;
  detail: string;
}

let validator: ValidateFunction | undefined;

function getValidator(): ValidateFunction {
  if (validator === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    // ajv-formats is CommonJS; its default export arrives wrapped under ESM.
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (
      instance: Ajv,
      formats: string[],
    ) => void;
    addFormats(ajv, ['date-time']);
    validator = ajv.compile(OAUTH_CLIENT_SCHEMA);
  }
  return validator;
}

function describe(value: unknown): string {
  const type = typeOf(value);
  if (type === 'missing' || type === 'null') return type;
  if (type === 'array' || type === 'object') return `an ${type}`;
  return `${type === 'integer' ? 'number' : type} ${JSON.stringify(value)}`;
}

function pointerToSegments(pointer: string): Segment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function problemOf(error: ErrorObject, record: unknown): SchemaProblem {
  const segments = pointerToSegments(error.instancePath);
  let value: unknown = record;
  for (const segment of segments) value = (value as Record<string | number, unknown>)[segment];
  const field = formatPath(segments);
  const name = field === '' ? 'client record' : `"${field}"`;
  switch (error.keyword) {
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      const full = formatPath([...segments, missing]);
      const expected = (OAUTH_CLIENT_SCHEMA.properties as Record<string, { type: unknown }>)[missing]?.type;
      return { path: full, value: undefined, detail: `Expected required field "${full}"${expected ? ` (${[expected].flat().join(' or ')})` : ''}, but it is missing` };
    }
    case 'type': {
      const type = [(error.params as { type: string | string[] }).type].flat().join(' or ');
      return { path: field, value, detail: `Invalid ${name}: expected ${type}, got ${describe(value)}` };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ');
      return { path: field, value, detail: `Invalid ${name}: expected one of ${allowed}, got ${describe(value)}` };
    }
    case 'format':
      return { path: field, value, detail: `Invalid ${name}: expected an RFC 3339 date-time such as "2024-01-31T12:00:00Z", got ${describe(value)}` };
    default:
      return { path: field, value, detail: `Invalid ${name}: ${error.message ?? 'does not match the OAuthClient schema'}` };
  }
}

/** Every way `record` departs from the OAuthClient schema; empty when it conforms. Pure. */
export function checkRecordSchema(record: unknown): SchemaProblem[] {
  const validate = getValidator();
  if (validate(record)) return [];
  return (validate.errors ?? []).map((error) => problemOf(error, record));
}
