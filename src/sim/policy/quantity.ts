// Quantities as the API server prints sums of them (resource.Quantity.String): the suffix family of the
// quantity it started from (binary Ki/Mi/Gi…, decimal k/M/G… or m), in the largest unit that is exact.

import { parseQuantity } from '../../util/quantity.js';

const BINARY: [string, number][] = [
  ['Ei', 2 ** 60],
  ['Pi', 2 ** 50],
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];
const DECIMAL: [string, number][] = [
  ['E', 1e18],
  ['P', 1e15],
  ['T', 1e12],
  ['G', 1e9],
  ['M', 1e6],
  ['k', 1e3],
];

/** `value` (base units) written like `like` would be: 1.5 like "500m" → "1500m", 2^30 like "1Gi" → "1Gi". */
export function formatQuantity(value: number, like = ''): string {
  if (value === 0) return '0';
  const binary = /[KMGTPE]i$/.test(like);
  if (binary && Number.isInteger(value))
    for (const [suffix, unit] of BINARY) if (value % unit === 0) return `${value / unit}${suffix}`;
  const milli = Math.round(value * 1000);
  if (milli % 1000 !== 0) return `${milli}m`;
  const n = milli / 1000;
  if (!binary)
    for (const [suffix, unit] of DECIMAL)
      if (n % unit === 0 && /[kMGTPE]$/.test(like)) return `${n / unit}${suffix}`;
  return String(n);
}

/** Base units of a quantity, 0 for anything unparseable. */
export function q(v: unknown): number {
  const n = parseQuantity(typeof v === 'string' || typeof v === 'number' ? v : undefined);
  return Number.isFinite(n) ? n : 0;
}
