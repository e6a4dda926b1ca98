// Client-side filtering of sorted rows: fuzzy and inverse substring.
//
// Semantics: fuzzysort 4 with `threshold: 0` (every match, however weak) and no limit: a row is kept when each
// whitespace-separated word of the query appears in its name (or "namespace/name" in all-namespace views) as
// an in-order subsequence, ignoring case. Why not fuzzysort's default 0.5 threshold: it scores a plain
// substring at the end of a long name below that ("dns" in "coredns-5d78c9869d-xyz12" scores 0.41), and a
// table filter must never hide a row that contains what was typed. Order is the table's sort, not the score.
//
// Cost model: at threshold 0 fuzzysort's decision is exactly that subsequence test (a test checks it against
// `fuzzysort.go` on random names), so the per-row scan is our own loop of native indexOf calls over the
// record's namespace and name: nothing to prepare per rows change, nothing per row in memory. Preparing fuzzysort
// targets for every row instead cost ~700 B per row (70 MB at 100k), ~250 ms at 100k on the first keystroke
// of a filter, and 2–5× the scan time. fuzzysort still computes the highlighted positions, only for the rows
// the UI asks about (the visible window). A query that extends the previous one ("fro" → "fron") rescans
// only the rows the previous one kept.
import fuzzysort from 'fuzzysort';
import type { SlimBase } from '../../resources/types.js';
import type { ClientFilter } from './filter.js';
import { editTyped, shiftPositions } from './row-edits.js';
import type { RowEdit } from './row-edits.js';

/** Matched character positions, for highlighting the NAMESPACE and NAME cells. */
export interface NameMatch {
  name: readonly number[];
  namespace: readonly number[];
}

const HAS_UPPER = /[A-Z]/;
const hasUpper = (name: string, prefix: string | undefined): boolean =>
  HAS_UPPER.test(name) || (prefix !== undefined && HAS_UPPER.test(prefix));

/** The words of a query, lower-cased; each must match on its own. */
export function queryWords(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Greedy: how far into `w` (from `k`) an in-order subsequence reaches within `s`. */
function consume(w: string, k: number, s: string): number {
  let at = 0;
  while (k < w.length) {
    at = s.indexOf(w.charAt(k), at);
    if (at < 0) break;
    at++;
    k++;
  }
  return k;
}

function subsequences(words: readonly string[], name: string, prefix: string | undefined): boolean {
  for (const w of words) {
    let k = 0;
    if (prefix !== undefined) {
      k = consume(w, 0, prefix);
      if (k < w.length && w.charAt(k) === '/') k++;
    }
    if (consume(w, k, name) < w.length) return false;
  }
  return true;
}

/**
 * fuzzysort's match decision at threshold 0: every (lower-case) word is an in-order subsequence, ignoring
 * ASCII case, of the target `prefix + "/" + name` (or just `name` when `prefix` is undefined). Native
 * `indexOf` on the record's own strings; a lower-cased copy only for the rare name with capitals.
 */
export function fuzzyMatches(words: readonly string[], name: string, prefix?: string): boolean {
  if (subsequences(words, name, prefix)) return true;
  return hasUpper(name, prefix) && subsequences(words, name.toLowerCase(), prefix?.toLowerCase());
}

function contains(q: string, name: string, prefix: string | undefined): boolean {
  if (prefix === undefined) return name.includes(q);
  if (q.includes('/')) return `${prefix}/${name}`.includes(q);
  return prefix.includes(q) || name.includes(q);
}

/** Does `prefix + "/" + name` (or `name`) contain `q` (lower case), ignoring ASCII case? */
export function containsIgnoreCase(q: string, name: string, prefix?: string): boolean {
  if (contains(q, name, prefix)) return true;
  return hasUpper(name, prefix) && contains(q, name.toLowerCase(), prefix?.toLowerCase());
}

const prefixOf = (r: SlimBase, allNamespaces: boolean): string | undefined => (allNamespaces && r.namespace ? r.namespace : undefined);

/** A bit per character class (a–z, digit, '-', '.', '/', other); capitals count as their lower case. */
function charBit(c: number): number {
  if (c >= 97 && c <= 122) return 1 << (c - 97);
  if (c >= 65 && c <= 90) return 1 << (c - 65);
  if (c >= 48 && c <= 57) return 1 << 26;
  if (c === 45) return 1 << 27;
  if (c === 46) return 1 << 28;
  if (c === 47) return 1 << 29;
  return 1 << 30;
}
const CAPITALS = 1 << 31;

function maskOf(s: string, into: number): number {
  let m = into;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    m |= charBit(c);
    if (c >= 65 && c <= 90) m |= CAPITALS;
  }
  return m;
}

function rowMask(r: SlimBase, allNs: boolean): number {
  const pre = prefixOf(r, allNs);
  return maskOf(r.name, pre === undefined ? 0 : maskOf(pre, charBit(47)));
}

/** The characters a query needs (each word needs all of its own; the filter needs all words). */
function queryMask(text: string): number {
  return maskOf(text.replace(/\s+/g, ''), 0) & ~CAPITALS;
}

/** One rows array as the filter sees it: names, or "namespace/name" in all-namespace views. */
export class FilterIndex {
  private charMasks: Int32Array | undefined;

  constructor(
    readonly rows: readonly SlimBase[],
    readonly allNamespaces: boolean,
  ) {}

  /**
   * Per row, the set of characters of its target (one pass per rows array, on the first filter): a row
   * lacking a character of the query is skipped without a scan. Bit 31 marks a target with capitals.
   */
  masks(): Int32Array {
    if (!this.charMasks) {
      const masks = new Int32Array(this.rows.length);
      for (let i = 0; i < this.rows.length; i++) masks[i] = rowMask(this.rows[i] as SlimBase, this.allNamespaces);
      this.charMasks = masks;
    }
    return this.charMasks;
  }

  /** This index after `edit` turned its rows into `rows`: the masks carried over, computed only for inserted rows. */
  edited(rows: readonly SlimBase[], edit: RowEdit): FilterIndex {
    const next = new FilterIndex(rows, this.allNamespaces);
    if (this.charMasks) {
      const inserted = edit.records.map((r) => rowMask(r, this.allNamespaces));
      next.charMasks = editTyped(this.charMasks, edit, inserted, new Int32Array(edit.length));
    }
    return next;
  }

  /** Match positions of `query` in row `i`, from fuzzysort (asked only for visible rows). */
  matchAt(i: number, query: string): NameMatch | undefined {
    const r = this.rows[i];
    if (!r) return undefined;
    const prefix = prefixOf(r, this.allNamespaces);
    // prepare() rather than a string target: fuzzysort caches string targets forever.
    const res = fuzzysort.single(query, fuzzysort.prepare(prefix === undefined ? r.name : `${prefix}/${r.name}`));
    if (!res) return undefined;
    const nsLen = prefix === undefined ? 0 : prefix.length + 1;
    const name: number[] = [];
    const namespace: number[] = [];
    for (const k of res.indexes) {
      if (k >= nsLen) name.push(k - nsLen);
      else if (k < nsLen - 1) namespace.push(k);
    }
    return { name, namespace };
  }
}

/** The rows a client filter kept, in table order, and where to find their matches. */
export interface FilterResult {
  readonly index: FilterIndex;
  readonly filter: ClientFilter;
  /** Positions in `index.rows` of the kept rows, ascending. */
  readonly positions: Uint32Array;
  readonly rows: readonly SlimBase[];
  /** Match positions of kept row `i` (an index into `rows`), for fuzzy filters; memoised. */
  matchAt(i: number): NameMatch | undefined;
}

/** The client filter's test for one row, given the row's character mask. */
function keeper(filter: ClientFilter, allNs: boolean): (r: SlimBase, m: number) => boolean {
  const need = queryMask(filter.query);
  if (filter.kind === 'fuzzy') {
    const words = queryWords(filter.query);
    return (r, m) => {
      if ((m & need) !== need) return false;
      const pre = prefixOf(r, allNs);
      return subsequences(words, r.name, pre) || ((m & CAPITALS) !== 0 && subsequences(words, r.name.toLowerCase(), pre?.toLowerCase()));
    };
  }
  const q = filter.query.toLowerCase();
  return (r, m) => {
    const pre = prefixOf(r, allNs);
    const could = (m & need) === need;
    return !(could && (contains(q, r.name, pre) || ((m & CAPITALS) !== 0 && contains(q, r.name.toLowerCase(), pre?.toLowerCase()))));
  };
}

/**
 * Applies a client filter to an index. Pass the previous result for the same index to narrow the scan when
 * the new query extends the old one.
 */
export function runFilter(index: FilterIndex, filter: ClientFilter, prev?: FilterResult): FilterResult {
  const all = index.rows;
  const masks = index.masks();
  const narrow =
    prev !== undefined &&
    prev.index === index &&
    filter.kind === 'fuzzy' &&
    prev.filter.kind === 'fuzzy' &&
    filter.query.startsWith(prev.filter.query);
  const candidates = narrow ? prev.positions : undefined;
  const count = candidates ? candidates.length : all.length;
  const keep = new Uint32Array(count);
  const test = keeper(filter, index.allNamespaces);
  let kept = 0;
  for (let c = 0; c < count; c++) {
    const i = candidates ? (candidates[c] as number) : c;
    if (test(all[i] as SlimBase, masks[i] as number)) keep[kept++] = i;
  }
  return filterResult(index, filter, keep.subarray(0, kept));
}

/**
 * The result `runFilter(index, prev.filter)` gives, where `index` is `prev.index` after `edit`: the kept rows
 * that stay keep their verdict (records are immutable) at their shifted positions; only inserted rows are tested.
 */
export function refilter(prev: FilterResult, index: FilterIndex, edit: RowEdit): FilterResult {
  const { moved, insertedAt } = shiftPositions(prev.positions, edit);
  const test = keeper(prev.filter, index.allNamespaces);
  const masks = index.masks();
  const positions = new Uint32Array(moved.length + insertedAt.length);
  let m = 0;
  let k = 0;
  for (const at of insertedAt) {
    if (!test(index.rows[at] as SlimBase, masks[at] as number)) continue;
    while (m < moved.length && (moved[m] as number) < at) positions[k++] = moved[m++] as number;
    positions[k++] = at;
  }
  while (m < moved.length) positions[k++] = moved[m++] as number;
  return filterResult(index, prev.filter, positions.subarray(0, k));
}

function filterResult(index: FilterIndex, filter: ClientFilter, positions: Uint32Array): FilterResult {
  const all = index.rows;
  const kept = positions.length;
  const rows = new Array<SlimBase>(kept);
  for (let k = 0; k < kept; k++) rows[k] = all[positions[k] as number] as SlimBase;
  const memo = new Map<number, NameMatch | undefined>();
  return {
    index,
    filter,
    positions,
    rows,
    matchAt(i: number): NameMatch | undefined {
      if (filter.kind !== 'fuzzy') return undefined;
      if (memo.has(i)) return memo.get(i);
      const pos = positions[i];
      const m = pos === undefined ? undefined : index.matchAt(pos, filter.query);
      if (memo.size >= 512) memo.clear();
      memo.set(i, m);
      return m;
    },
  };
}
