// Client-side filtering of sorted rows: fuzzy (fuzzysort 4) and inverse substring.
//
// Cost model: targets are prepared once per record (cached by record identity, and records are replaced,
// never mutated, on every change), so a rows change costs a WeakMap lookup per row and a keystroke costs
// only the match itself. A query that extends the previous one ("fro" → "fron") only rescans the rows the
// previous one kept: a fuzzy match of the longer query is always a match of its prefix.
//
// Threshold: fuzzysort 4 drops results under a score of 0.5 by default and scores a plain substring at the
// end of a long name lower than that ("dns" in "coredns-5d78c9869d-xyz12" scores 0.41). A table filter must
// never hide a row that contains what was typed, so we keep every match (threshold 0): a row stays when the
// query's characters appear in order in its name (each space-separated word on its own), as in fzf and k9s.
// Order is the table's sort, not the score; `limit: 0` semantics (no limit) by construction.
import fuzzysort from 'fuzzysort';
import type { Prepared } from 'fuzzysort';
import type { SlimBase } from '../resources/types.js';
import type { ClientFilter } from './filter.js';

/** Matched character positions, for highlighting the NAMESPACE and NAME cells. */
export interface NameMatch {
  name: readonly number[];
  namespace: readonly number[];
}

/** Prepared targets per record; keep one per mode (name vs namespace/name) and drop it when filtering ends. */
export type TargetCache = WeakMap<SlimBase, Prepared>;

const targetText = (r: SlimBase, allNamespaces: boolean): string =>
  allNamespaces && r.namespace ? `${r.namespace}/${r.name}` : r.name;

/** The searchable form of one rows array. Built per rows change; its parts are computed on first use. */
export class FilterIndex {
  private preparedTargets: Prepared[] | undefined;
  private lowerTargets: string[] | undefined;

  constructor(
    readonly rows: readonly SlimBase[],
    readonly allNamespaces: boolean,
    private readonly cache: TargetCache,
  ) {}

  prepared(): Prepared[] {
    if (!this.preparedTargets) {
      const out = new Array<Prepared>(this.rows.length);
      for (let i = 0; i < this.rows.length; i++) {
        const r = this.rows[i] as SlimBase;
        let p = this.cache.get(r);
        if (!p) {
          p = fuzzysort.prepare(targetText(r, this.allNamespaces));
          this.cache.set(r, p);
        }
        out[i] = p;
      }
      this.preparedTargets = out;
    }
    return this.preparedTargets;
  }

  lower(): string[] {
    if (!this.lowerTargets) {
      this.lowerTargets = this.rows.map((r) => targetText(r, this.allNamespaces).toLowerCase());
    }
    return this.lowerTargets;
  }

  /** Match positions of `query` in row `i` (recomputed on demand: only visible rows are ever asked for). */
  matchAt(i: number, query: string): NameMatch | undefined {
    const r = this.rows[i];
    if (!r) return undefined;
    const res = fuzzysort.single(query, this.prepared()[i] as Prepared);
    if (!res) return undefined;
    const idx = res.indexes; // a sorted copy
    const nsLen = this.allNamespaces && r.namespace ? r.namespace.length + 1 : 0;
    const name: number[] = [];
    const namespace: number[] = [];
    for (const k of idx) {
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

/**
 * Applies a client filter to an index. Pass the previous result for the same index to narrow the scan when
 * the new query extends the old one.
 */
export function runFilter(index: FilterIndex, filter: ClientFilter, prev?: FilterResult): FilterResult {
  const n = index.rows.length;
  // Candidate positions: all rows, or (fuzzy, extended query) only those the previous query kept.
  const narrow =
    prev !== undefined &&
    prev.index === index &&
    filter.kind === 'fuzzy' &&
    prev.filter.kind === 'fuzzy' &&
    filter.query.startsWith(prev.filter.query);
  const candidates = narrow ? prev.positions : undefined;
  const count = candidates ? candidates.length : n;
  const keep = new Uint32Array(count);
  let kept = 0;
  if (filter.kind === 'fuzzy') {
    const targets = index.prepared();
    const q = filter.query;
    for (let c = 0; c < count; c++) {
      const i = candidates ? (candidates[c] as number) : c;
      if (fuzzysort.single(q, targets[i] as Prepared) !== null) keep[kept++] = i;
    }
  } else {
    const lower = index.lower();
    const q = filter.query.toLowerCase();
    for (let i = 0; i < n; i++) if (!(lower[i] as string).includes(q)) keep[kept++] = i;
  }
  const positions = keep.subarray(0, kept);
  const rows = new Array<SlimBase>(kept);
  for (let k = 0; k < kept; k++) rows[k] = index.rows[positions[k] as number] as SlimBase;
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
      if (memo.size > 512) memo.clear();
      memo.set(i, m);
      return m;
    },
  };
}
