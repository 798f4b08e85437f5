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
  },
} as const;
