/**
 * Presets a config `extends`. `recommended` is the rules' own defaults; `strict` turns every rule on,
 * disallows localhost loopback redirects, and promotes notes where a reviewer would act on them.
 * A user config overrides a preset rule by rule (its options merged over the preset's).
 */
import type { SeverityOrOff } from '../types.js';

export type PresetSetting = SeverityOrOff | { severity?: SeverityOrOff; options?: Record<string, unknown> };

export interface Preset {
  /** Turn on the rules that are off by default (at their default severity). */
  enableAll: boolean;
  rules: Record<string, PresetSetting>;
}

export const PRESETS: Readonly<Record<string, Preset>> = {
  'oauthlint:recommended': { enableAll: false, rules: {} },
  'oauthlint:strict': {
    enableAll: true,
    rules: {
      'no-http-redirect-uri': { options: { allowLocalhost: false } },
      'loopback-redirect-uses-localhost': 'error',
      'confidential-client-pkce-not-required': 'error',
      'overly-broad-scope': { options: { errorForPublicClients: true } },
      'metadata-uri-not-https': 'error',
      'missing-tos-uri': 'warning',
      'stale-client': 'warning',
      'duplicate-client-name': 'warning',
    },
  },
};

export const DEFAULT_PRESET = 'oauthlint:recommended';
