// Object keys (`namespace/name`), their sorted ranges, and how API messages name an object.

import type { Gvr } from './types.js';

// joined, not concatenated: a key kept in a Map (storage's table, the scheduler's, the kubelet's) would
// otherwise be a rope over its parts, which hashing then flattens into a second copy
export const objectKey = (namespace: string | undefined, name: string): string =>
  [namespace ?? '', '/', name].join('');

/** First index in sorted `keys` whose key is >= `k`. */
export function lowerBound(keys: readonly string[], k: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((keys[mid] ?? '') < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index range of one namespace's keys (all keys when undefined); '0' sorts right after '/'. */
export function keyRange(
  keys: readonly string[],
  namespace: string | undefined,
): { from: number; to: number } {
  if (namespace === undefined) return { from: 0, to: keys.length };
  return { from: lowerBound(keys, `${namespace}/`), to: lowerBound(keys, `${namespace}0`) };
}

/** `pods "x"` / `deployments.apps "x"`: how API error messages name an object. */
export function qualifiedName(gvr: Gvr, name: string): string {
  return `${gvr.resource}${gvr.group ? `.${gvr.group}` : ''} "${name}"`;
}
