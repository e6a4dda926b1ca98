// Table order. A full sort runs when the sort or many rows change, never per keystroke (the filter keeps this order);
// a few changed rows are placed by `rowComparator` (see row-edits.ts).
import type { ResourceDef, SlimBase } from '../../resources/types.js';

/**
 * 'name' is k9s's default (namespace, then name); a number is an index into `ResourceDef.columns`;
 * 'cpu' and 'memory' are the metrics overlay's usage (kinds that declare `usage`).
 */
export type SortColumn = 'name' | 'age' | 'status' | 'cpu' | 'memory' | number;

/** A row's current usage by its key (the metrics overlay's last poll), undefined when not known. */
export type UsageLookup = (key: string) => { cpuMilli: number; memBytes: number } | undefined;

export interface SortSpec {
  readonly column: SortColumn;
  readonly desc: boolean;
}

export const defaultSort: SortSpec = Object.freeze({ column: 'name', desc: false });

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byNsName = (a: SlimBase, b: SlimBase): number => cmp(a.namespace ?? '', b.namespace ?? '') || cmp(a.name, b.name);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Numeric-aware string order: runs of digits compare as numbers ("pod-2" < "pod-10", "9" < "10/10"),
 * everything else by UTF-16 code unit. Faster than `Intl.Collator({numeric: true})` by an order of magnitude.
 */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      while (a.charCodeAt(i) === 48 && isDigit(a.charCodeAt(i + 1))) i++;
      while (b.charCodeAt(j) === 48 && isDigit(b.charCodeAt(j + 1))) j++;
      let ei = i;
      let ej = j;
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
      if (ei - i !== ej - j) return ei - i - (ej - j);
      for (; i < ei; i++, j++) {
        const d = a.charCodeAt(i) - b.charCodeAt(j);
        if (d !== 0) return d;
      }
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  return a.length - i - (b.length - j);
}

/** Sort keys per record for one (resource, column): records are immutable, so a key never goes stale. */
export type SortKeyCache = WeakMap<SlimBase, string>;

export interface SortContext {
  resource?: ResourceDef;
  /** Reused across rows changes for the same resource and column, so only changed records are recomputed. */
  cache?: SortKeyCache;
  now?: number;
  /** For the 'cpu' and 'memory' sorts. */
  usage?: UsageLookup;
}

/** True when `column` can sort this resource (a known name, or a column index in range). */
export function validSortColumn(column: SortColumn, resource: ResourceDef): boolean {
  if (column === 'cpu' || column === 'memory') return resource.usage !== undefined;
  return typeof column === 'string' || (Number.isInteger(column) && column >= 0 && column < resource.columns.length);
}

type Resolved = 'name' | 'age' | 'cpu' | 'memory' | number;

/** A column index that stands for NAME or AGE (or is out of range) sorts as 'name' / 'age'. */
function resolveColumn(column: SortColumn, res: ResourceDef | undefined): Resolved | 'status' {
  if (typeof column !== 'number') return column;
  const col = res?.columns[column];
  if (!res || !col) return 'name';
  if (col.name === 'AGE') return 'age';
  if (col.name === 'NAME') return 'name';
  return column;
}

/** Youngest first when ascending; unknown creation times last either way. */
function byAge(sign: number): (a: SlimBase, b: SlimBase) => number {
  const t = (r: SlimBase): number => (Number.isNaN(r.created) ? -Infinity : r.created);
  return (a, b) => {
    const ta = t(a);
    const tb = t(b);
    if (ta === tb) return byNsName(a, b);
    if (ta === -Infinity) return 1;
    if (tb === -Infinity) return -1;
    return sign * (tb - ta) || byNsName(a, b);
  };
}

/** By usage, least first when ascending; rows with no usage known last either way. */
function byUsage(sign: number, field: 'cpuMilli' | 'memBytes', usage: UsageLookup | undefined): (a: SlimBase, b: SlimBase) => number {
  return (a, b) => {
    const ua = usage?.(a.key)?.[field];
    const ub = usage?.(b.key)?.[field];
    if (ua === undefined || ub === undefined) return ua === ub ? byNsName(a, b) : ua === undefined ? 1 : -1;
    return sign * (ua - ub) || byNsName(a, b);
  };
}

/** A record's sort key for a cell column (or 'status'), computed once per record and kept in `ctx.cache`. */
function cellKey(column: number | 'status', ctx: SortContext): (r: SlimBase) => string {
  const { cache, resource: res } = ctx;
  const now = ctx.now ?? Date.now();
  const cell = typeof column === 'number' ? column : -1;
  return (r) => {
    let k = cache?.get(r);
    if (k === undefined) {
      k = (cell < 0 ? res?.status(r).text : res?.row(r, now)[cell]) ?? '';
      cache?.set(r, k);
    }
    return k;
  };
}

/**
 * The order `sortRows` produces, as a compare function (for placing a few changed records into rows already
 * sorted). Cell keys come from `ctx.cache`, computed on first use with `ctx.now`, exactly as `sortRows` does.
 */
export function rowComparator(spec: SortSpec = defaultSort, ctx: SortContext = {}): (a: SlimBase, b: SlimBase) => number {
  const sign = spec.desc ? -1 : 1;
  const column = resolveColumn(spec.column, ctx.resource);
  if (column === 'name') return (a, b) => sign * byNsName(a, b);
  if (column === 'age') return byAge(sign);
  if (column === 'cpu' || column === 'memory') return byUsage(sign, column === 'cpu' ? 'cpuMilli' : 'memBytes', ctx.usage);
  const key = cellKey(column, ctx);
  return (a, b) => sign * naturalCompare(key(a), key(b)) || byNsName(a, b);
}

/**
 * Returns a new array in table order. Ties always fall back to namespace, then name (ascending), so the order
 * is total and stable across refreshes. `age` ascending means youngest first, as the AGE column reads.
 * Sorting by the AGE column index sorts by creation time; other columns by their cell text, numeric-aware
 * (cells that depend on the clock are computed when the record first arrives).
 */
export function sortRows(items: Iterable<SlimBase>, spec: SortSpec = defaultSort, ctx: SortContext = {}): SlimBase[] {
  const rows = Array.from(items);
  const column = resolveColumn(spec.column, ctx.resource);
  if (column === 'name' || column === 'age' || column === 'cpu' || column === 'memory') {
    rows.sort(rowComparator(spec, ctx));
    return rows;
  }
  // Decorate once: status() or row() per compare would cost O(n log n) calls.
  const sign = spec.desc ? -1 : 1;
  const key = cellKey(column, ctx);
  const decorated = rows.map((r) => ({ r, k: key(r) }));
  decorated.sort((a, b) => sign * naturalCompare(a.k, b.k) || byNsName(a.r, b.r));
  for (let i = 0; i < rows.length; i++) rows[i] = (decorated[i] as { r: SlimBase }).r;
  return rows;
}

/** The index into `resource.columns` that a sort shows its arrow on, if any column stands for it. */
export function sortColumnIndex(spec: SortSpec, resource: ResourceDef): number | undefined {
  if (typeof spec.column === 'number') return validSortColumn(spec.column, resource) ? spec.column : undefined;
  if (spec.column === 'cpu' || spec.column === 'memory') return undefined;
  const name = spec.column === 'name' ? 'NAME' : spec.column === 'age' ? 'AGE' : 'STATUS';
  const i = resource.columns.findIndex((c) => c.name === name);
  return i >= 0 ? i : undefined;
}

/**
 * `>` / `<`: the sort moves to the next / previous visible column (wrapping), ascending. NAME and AGE keep
 * their meaning (namespace+name, creation time); every other column sorts by its cell text, numbers as numbers.
 * With `usage` (the metrics columns are shown) CPU and MEM follow the resource's own columns.
 */
export function stepSortColumn(spec: SortSpec, resource: ResourceDef, dir: 1 | -1, wide: boolean, usage = false): SortColumn {
  const visible: SortColumn[] = resource.columns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => wide || !c.wide)
    .map(({ c, i }) => (c.name === 'NAME' ? 'name' : c.name === 'AGE' ? 'age' : i));
  if (usage && resource.usage) visible.push('cpu', 'memory');
  if (visible.length === 0) return 'name';
  const cur = spec.column === 'cpu' || spec.column === 'memory' ? spec.column : sortColumnIndex(spec, resource);
  const at = visible.findIndex((c) => c === cur || (typeof c === 'string' && typeof cur === 'number' && resolveColumn(cur, resource) === c));
  return visible[(at < 0 ? (dir === 1 ? 0 : visible.length - 1) : at + dir + visible.length) % visible.length] ?? 'name';
}
