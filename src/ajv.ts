/**
 * ajv, loaded on first use, and the validators `npm run build` compiled ahead of time
 * (`dist/prebuilt-validators.cjs`): a run whose schemas were all compiled by the build never loads ajv.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Ajv, Options, ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);

/** A new ajv instance (the library is loaded on the first call). */
export function newAjv(options: Options): Ajv {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  return new AjvClass(options);
}

/** The digest a prebuilt validator carries of the schema and options it was compiled from. */
export function schemaDigest(schema: unknown, options: Options): string {
  return createHash('sha256').update(JSON.stringify([schema, options])).digest('hex');
}

interface Prebuilt {
  validators: Record<string, ValidateFunction>;
  digests: Record<string, string>;
}

export const PREBUILT_FILE = './prebuilt-validators.cjs';
let prebuiltModule: Prebuilt | null | undefined;

/**
 * The validator the build compiled under `name`, if it was compiled from exactly this schema with these
 * options; otherwise one compiled now. Either way the same validator: the build runs the same ajv.
 */
export function validatorFor(name: string, schema: object, options: Options): ValidateFunction {
  if (prebuiltModule === undefined) {
    try {
      prebuiltModule = require(PREBUILT_FILE) as Prebuilt;
    } catch {
      prebuiltModule = null; // not built (tests run the sources): compile as needed
    }
  }
  const found = prebuiltModule?.validators[name];
  if (found !== undefined && prebuiltModule?.digests[name] === schemaDigest(schema, options)) return found;
  return newAjv(options).compile(schema);
}
