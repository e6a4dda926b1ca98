// Cache rows → sorted rows → filter index → filtered rows, each stage recomputed only when its inputs change:
// sorting when the cache's version or the sort changes, filtering when the rows or the filter text change.
import type { ResourceDef, SlimBase } from '../resources/types.js';
import type { ClientFilter } from './filter.js';
import { FilterIndex, runFilter } from './fuzzy.js';
import type { FilterResult, NameMatch } from './fuzzy.js';
import { sortRows } from './sort.js';
import type { SortKeyCache, SortSpec } from './sort.js';
import type { Source } from './source.js';

export interface RowsInput {
  source: Source;
  resource: ResourceDef;
  allNamespaces: boolean;
  sort: SortSpec;
  filter: ClientFilter | undefined;
}

export interface RowsOutput {
  /** Filtered rows in table order. */
  rows: readonly SlimBase[];
  /** Rows in the cache before the client-side filter. */
  total: number;
  matchAt: (i: number) => NameMatch | undefined;
}

const noMatch = (): undefined => undefined;

export class ViewRows {
  private sorted:
    | { source: Source; version: number; sort: SortSpec; resource: ResourceDef; rows: SlimBase[]; byKey: Map<string, SlimBase> }
    | undefined;
  private sortKeys: { resource: ResourceDef; column: SortSpec['column']; cache: SortKeyCache } | undefined;
  private index: FilterIndex | undefined;
  private result: FilterResult | undefined;
  private output: RowsOutput | undefined;

  compute(input: RowsInput): RowsOutput {
    const rows = this.sortedRows(input);
    if (!input.filter) {
      this.result = undefined;
      if (this.output?.rows !== rows) this.output = { rows, total: rows.length, matchAt: noMatch };
      return this.output;
    }
    if (this.index?.rows !== rows || this.index.allNamespaces !== input.allNamespaces) {
      this.index = new FilterIndex(rows, input.allNamespaces);
    }
    const index = this.index;
    const prev = this.result;
    const same = prev?.index === index && prev.filter.kind === input.filter.kind && prev.filter.query === input.filter.query;
    const result = same && prev ? prev : runFilter(index, input.filter, prev);
    this.result = result;
    if (this.output?.rows !== result.rows) {
      this.output = { rows: result.rows, total: rows.length, matchAt: (i) => result.matchAt(i) };
    }
    return this.output;
  }

  private sortedRows(input: RowsInput): SlimBase[] {
    const s = this.sorted;
    if (s && s.source === input.source && s.version === input.source.version && s.sort === input.sort && s.resource === input.resource) {
      return s.rows;
    }
    const column = input.sort.column;
    if (this.sortKeys?.resource !== input.resource || this.sortKeys.column !== column) {
      this.sortKeys = { resource: input.resource, column, cache: new WeakMap() };
    }
    const byKey = new Map<string, SlimBase>();
    for (const r of input.source.items()) byKey.set(r.key, r);
    let rows: SlimBase[];
    if (s && s.source === input.source && s.resource === input.resource) {
      // Start from the previous order, each record replaced by its current version (records are replaced on
      // change), then the new keys. The default order depends only on the key, so when no key is new it is
      // already right; otherwise the sort (TimSort) finishes a nearly sorted array in about linear time.
      const next: SlimBase[] = [];
      for (const r of s.rows) {
        const cur = byKey.get(r.key);
        if (cur) next.push(cur);
      }
      const added = next.length < byKey.size;
      if (added) for (const [k, r] of byKey) if (!s.byKey.has(k)) next.push(r);
      rows = !added && input.sort.column === 'name' && s.sort.column === 'name' && s.sort.desc === input.sort.desc
        ? next
        : sortRows(next, input.sort, { resource: input.resource, cache: this.sortKeys.cache });
    } else {
      rows = sortRows(byKey.values(), input.sort, { resource: input.resource, cache: this.sortKeys.cache });
    }
    this.sorted = { source: input.source, version: input.source.version, sort: input.sort, resource: input.resource, rows, byKey };
    return rows;
  }
}
