/** What the build compiles ahead of time must be what a run would compile, and be used. */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { schemaDigest, validatorFor } from '../src/ajv.js';
import { CONFIG_SCHEMA } from '../src/config/schema.js';
import { CONFIG_VALIDATOR_OPTIONS } from '../src/config/load.js';
import { QUICK_RECORD_OPTIONS, QUICK_RECORD_SCHEMA, checkRecordSchema, isDateTime } from '../src/engine/record-schema.js';
import { OAUTH_CLIENT_SCHEMA } from '../src/engine/client-schema.js';
import { cleanClient, ROOT } from './helpers.js';

describe('prebuilt validators', () => {
  it('match the schemas and options of the sources, so runs use them', () => {
    const prebuilt = createRequire(import.meta.url)(join(ROOT, 'dist', 'prebuilt-validators.cjs')) as { digests: Record<string, string>; validators: Record<string, unknown> };
    expect(prebuilt.digests).toEqual({ config: schemaDigest(CONFIG_SCHEMA, CONFIG_VALIDATOR_OPTIONS), record: schemaDigest(QUICK_RECORD_SCHEMA, QUICK_RECORD_OPTIONS) });
    expect(typeof prebuilt.validators.config).toBe('function');
    expect(typeof prebuilt.validators.record).toBe('function');
  });

  it('are not used for a schema or options they were not compiled from', () => {
    // (From the sources there is no prebuilt module; the lookup must then compile, and never mix schemas up.)
    const validate = validatorFor('config', { type: 'string', minLength: 2 }, CONFIG_VALIDATOR_OPTIONS);
    expect([validate('ok'), validate('x'), validate({ rules: {} })]).toEqual([true, false, false]);
  });

  it('the quick record check (no formats, date-times by hand) agrees with the full schema on every record', () => {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
    const full = ajv.compile(OAUTH_CLIENT_SCHEMA);
    const dates = ['2024-01-31T12:00:00Z', '2024-02-30T00:00:00Z', 'yesterday', '', 5, null];
    const records: unknown[] = [null, [], 'x', 1, {}, cleanClient()];
    for (const created of dates) for (const updated of dates) records.push(cleanClient({ created_at: created, updated_at: updated }));
    for (const [field, value] of [['client_type', 'Public'], ['redirect_uris', 'https://x'], ['redirect_uris', [1]], ['require_pkce', 'true'], ['allowed_grant_types', ['implicit']], ['policy_uri', 5], ['name', null]] as const) {
      records.push(cleanClient({ [field]: value }));
    }
    const { created_at: _c, ...withoutCreated } = cleanClient();
    records.push(withoutCreated);
    for (const record of records) expect([record, checkRecordSchema(record).length === 0]).toEqual([record, full(record)]);
  });
});
