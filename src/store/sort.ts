import type { SlimBase } from '../resources/types.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** k9s's default order: namespace, then name. Returns a new array. */
export function sortRows(items: Iterable<SlimBase>): SlimBase[] {
  const rows = Array.from(items);
  rows.sort((a, b) => cmp(a.namespace ?? '', b.namespace ?? '') || cmp(a.name, b.name));
  return rows;
}
