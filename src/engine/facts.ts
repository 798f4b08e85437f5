/**
 * Values a built-in function returns that compute their fields on demand (e.g. the URI classification)
 * expose them through this method; `getPath` reads them with it instead of own properties.
 */
export const READ_FACT = Symbol('readFact');

export interface FactSource {
  [READ_FACT](key: string): unknown;
}

export function isFactSource(value: object): value is FactSource {
  return READ_FACT in value;
}
