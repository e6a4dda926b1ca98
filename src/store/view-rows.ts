// Cache rows → sorted rows → filter index → filtered rows, each stage recomputed only when its inputs change:
// sorting when the cache's version or the sort changes, filtering when the rows or the filter text change.
import type { Prepared } from 'fuzzysort';
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
  private sorted: { source: Source; version: number; sort: SortSpec; resource: ResourceDef; rows: SlimBase[] } | undefined;
  private sortKeys: { resource: ResourceDef; column: SortSpec['column']; cache: SortKeyCache } | undefined;
  private index: FilterIndex | undefined;
  private targets: { allNamespaces: boolean; cache: WeakMap<SlimBase, Prepared> } | undefined;
  private result: FilterResult | undefined;
  private output: RowsOutput | undefined;
  private warmed = false;

  compute(input: RowsInput): RowsOutput {
    const rows = this.sortedRows(input);
    if (!input.filter) {
      // Not filtering: let the prepared targets go (they cost memory per row), unless a filter is being typed.
      if (!this.warmed) this.release();
      this.result = undefined;
      if (this.output?.rows !== rows) this.output = { rows, total: rows.length, matchAt: noMatch };
      return this.output;
    }
    const index = this.indexFor(rows, input.allNamespaces);
    const prev = this.result;
    const same = prev?.index === index && prev.filter.kind === input.filter.kind && prev.filter.query === input.filter.query;
    const result = same && prev ? prev : runFilter(index, input.filter, prev);
    this.result = result;
    if (this.output?.rows !== result.rows) {
      this.output = { rows: result.rows, total: rows.length, matchAt: (i) => result.matchAt(i) };
    }
    return this.output;
  }

  /** Prepares the fuzzy targets ahead of the first keystroke (e.g. when the `/` prompt opens). */
  warm(input: Omit<RowsInput, 'filter'>): void {
    this.warmed = true;
    this.indexFor(this.sortedRows({ ...input, filter: undefined }), input.allNamespaces).prepared();
  }

  /** Drops the prepared targets (after the filter is cleared). */
  release(): void {
    this.warmed = false;
    this.index = undefined;
    this.targets = undefined;
    this.result = undefined;
  }

  private indexFor(rows: readonly SlimBase[], allNamespaces: boolean): FilterIndex {
    if (!this.targets || this.targets.allNamespaces !== allNamespaces) {
      this.targets = { allNamespaces, cache: new WeakMap() };
      this.index = undefined;
    }
    if (this.index?.rows !== rows) {
      this.index = new FilterIndex(rows, allNamespaces, this.targets.cache);
      this.result = undefined;
    }
    return this.index;
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
    const rows = sortRows(input.source.items(), input.sort, { resource: input.resource, cache: this.sortKeys.cache });
    this.sorted = { source: input.source, version: input.source.version, sort: input.sort, resource: input.resource, rows };
    return rows;
  }
}
