/**
 * The JSON Schema of `.oauthlintrc.*`. The validator uses this object; `schema/oauthlintrc.schema.json`
 * is generated from it (`npm run build:schema`) and a test fails if the two drift.
 */
import { RULE_ID_PATTERN } from '../engine/rule-schema.js';

export const CONFIG_FILE_NAMES = ['.oauthlintrc.yml', '.oauthlintrc.yaml', '.oauthlintrc.json'] as const;

const severity = { enum: ['off', 'note', 'warning', 'error'] };

export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/oauthlint/oauthlint/blob/main/schema/oauthlintrc.schema.json',
  title: 'oauthlint configuration (.oauthlintrc.yml)',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'Editor hint: the URL or path of this schema.' },
    extends: {
      description: 'A preset to start from: oauthlint:recommended (the default) or oauthlint:strict (every rule on, localhost loopback disallowed, notes promoted). Rules below override it rule by rule.',
      enum: ['oauthlint:recommended', 'oauthlint:strict'],
      default: 'oauthlint:recommended',
    },
    failOn: {
      description: 'Lowest severity that makes the run fail (exit 1). `none` never fails on findings. The --fail-on flag overrides it.',
      enum: ['error', 'warning', 'note', 'none'],
      default: 'error',
    },
    rules: {
      description: 'Per-rule settings: a severity (off, note, warning, error), or { severity, options }.',
      type: 'object',
      propertyNames: { pattern: RULE_ID_PATTERN },
      additionalProperties: {
        if: { type: 'string' },
        then: severity,
        else: {
          type: 'object',
          additionalProperties: false,
          properties: {
            severity,
            options: { type: 'object', description: "The rule's options; see `oauthlint rules <id>`." },
          },
        },
      },
    },
    rulesDir: {
      description: 'Directories of custom rule files (*.yml, one rule each, the same language as the built-in rules), relative to this file.',
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
      ],
    },
    customRules: {
      description: 'Custom rules written inline, each in the same form as a rule file.',
      type: 'array',
      items: { type: 'object' },
    },
    exceptions: {
      description: 'Findings accepted for now: each names a rule, client ids, a reason and an expiry date.',
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rule', 'clients', 'reason', 'expires'],
        properties: {
          rule: { type: 'string', pattern: RULE_ID_PATTERN, description: 'The rule id.' },
          clients: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 }, description: 'client_id values (names are not identities).' },
          reason: { type: 'string', minLength: 1, description: 'Why it is accepted, e.g. a ticket.' },
          expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD; the exception ends after that day (UTC).' },
          values: { type: 'array', minItems: 1, description: 'Only these offending values (exact), e.g. one redirect URI.' },
        },
      },
    },
  },
} as const;
