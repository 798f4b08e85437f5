/** The formatters, by name: pure `(result, options) => string`. */
import type { Formatter, OutputFormat } from '../types.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export const FORMATTERS: Readonly<Record<OutputFormat, Formatter>> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  markdown: formatMarkdown,
};
export const OUTPUT_FORMATS = Object.keys(FORMATTERS) as OutputFormat[];
export { summarize, fails } from './summary.js';
