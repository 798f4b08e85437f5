/**
 * Text in code-unit order, the same on every machine. `localeCompare` follows the machine's locale:
 * under Estonian "z" sorts before "t", so rule lists, reports and the README's rule table came out in
 * another order there. Pure.
 */
export function codeUnitOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
