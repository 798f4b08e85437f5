/**
 * The meta-schema every rule file (`rules/*.yml`, a `rulesDir`, or `customRules`) is validated against
 * before its check is compiled. The check's inner grammar is validated by the compiler (expr.ts), which
 * names the exact key path of each problem.
 */
export const RULE_ID_PATTERN = '^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$';

const testCase = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    client: {},
    clients: { type: 'array', minItems: 1 },
    replace: { type: 'boolean' },
    options: { type: 'object' },
    findings: { type: 'array', items: { type: 'string' } },
  },
  oneOf: [{ required: ['client'] }, { required: ['clients'] }],
} as const;

export const RULE_META_SCHEMA = {
  $id: 'https://oauthlint.dev/schema/rule.json',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'description', 'severity', 'rationale', 'references', 'docs', 'securitySeverity', 'check', 'message'],
  properties: {
    id: { type: 'string', pattern: RULE_ID_PATTERN, description: 'a kebab-case id: lower-case letters and digits, in words joined by "-" (subject-check, e.g. "redirect-uri-fragment")' },
    title: { type: 'string', minLength: 1, maxLength: 120 },
    description: { type: 'string', minLength: 1, maxLength: 1024 },
    severity: { enum: ['error', 'warning', 'note'] },
    enabled: { type: 'boolean' },
    rationale: { type: 'string', minLength: 1 },
    references: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['title', 'url'],
        properties: { title: { type: 'string', minLength: 1 }, url: { type: 'string', pattern: '^https://', description: 'an https:// URL' } },
      },
    },
    docs: { type: 'string', pattern: '^https://', description: 'an https:// URL' },
    securitySeverity: { type: 'number', minimum: 0, maximum: 10 },
    precision: { enum: ['very-high', 'high', 'medium', 'low'] },
    tags: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9][a-z0-9/-]*$', description: 'a tag of lower-case letters, digits, "-" and "/"' }, maxItems: 9 },
    options: {
      type: 'object',
      required: ['type', 'properties'],
      properties: { type: { const: 'object' }, properties: { type: 'object' }, additionalProperties: { const: false } },
    },
    check: {
      type: 'object',
      additionalProperties: false,
      properties: {
        select: {
          anyOf: [
            { type: 'string', minLength: 1 },
            { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          ],
        },
        report: { type: 'object' },
        builtin: { type: 'string' },
        escalate: {
          type: 'object',
          additionalProperties: false,
          required: ['severity', 'when'],
          properties: { severity: { enum: ['error', 'warning', 'note'] }, when: { type: 'object' } },
        },
      },
      oneOf: [{ required: ['report'] }, { required: ['builtin'] }],
    },
    message: { type: 'string', minLength: 1 },
    fix: { type: 'string' },
    tests: {
      type: 'object',
      additionalProperties: false,
      properties: {
        base: { type: 'object' },
        valid: { type: 'array', items: testCase },
        invalid: {
          type: 'array',
          items: { ...testCase, required: ['findings'] },
        },
      },
    },
  },
} as const;
