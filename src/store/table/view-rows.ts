// Cache rows → sorted rows → filter index → filtered rows, each stage recomputed only when its inputs change:
// sorting when the cache's version or the sort changes, filtering when the rows or the filter text change.
// When a cache change touches few records (a watch event or a small burst), the sorted rows are edited
// rather than sorted again (row-edits.ts), and the filter index and result follow the same edit: only the
// changed records are tested and placed. The result is always the one the full path would give; whenever
// that cannot be guaranteed (many changes, ties in the order, duplicate keys) the full path runs.
import type { ResourceDef, SlimBase } from '../../resources/types.js';
import type { ClientFilter } from './filter.js';
import { FilterIndex, refilter, runFilter } from './fuzzy.js';
import type { FilterResult, NameMatch } from './fuzzy.js';
import { diffItems, planEdit } from './row-edits.js';
import type { ItemsDiff, RowEdit } from './row-edits.js';
import { arrayRows, ChunkedRows } from './row-list.js';
import type { RowList } from './row-list.js';
import { rowComparator, sortRows } from './sort.js';
import type { SortKeyCache, SortSpec, UsageLookup } from './sort.js';
import type { Source } from '../sources/source.js';

export interface RowsInput {
  source: Source;
  resource: ResourceDef;
  allNamespaces: boolean;
  sort: SortSpec;
  filter: ClientFilter | undefined;
  /** The metrics overlay's usage by row key, and its version (a new poll re-sorts a sort by usage). */
  usage?: UsageLookup | undefined;
  usageVersion?: number;
}

const byUsage = (sort: SortSpec) => sort.column === 'cpu' || sort.column === 'memory';

export interface RowsOutput {
  /** Filtered rows in table order (the UI reads `list`: this array is built when first asked for). */
  readonly rows: readonly SlimBase[];
  /** The same rows, read without building one array of all of them. */
  list: RowList;
  /** Rows in the cache before the client-side filter. */
  total: number;
  matchAt: (i: number) => NameMatch | undefined;
}

const noMatch = (): undefined => undefined;

function output(list: RowList, total: number, matchAt: RowsOutput['matchAt']): RowsOutput {
  return {
    get rows() {
      return list.toArray();
    },
    list,
    total,
    matchAt,
  };
}

interface Sorted {
  source: Source;
  version: number;
  sort: SortSpec;
  resource: ResourceDef;
  /** Table order; published, never mutated (an edit makes a new list sharing the chunks it did not touch). */
  rows: ChunkedRows;
  /** The same records by key (kept up to date in place). */
  byKey: Map<string, SlimBase>;
  /**
   * The source's records in its iteration order at `version`, for finding what changed by walking them all;
   * undefined when the source tells what changed (`changesSince`), or once that was used instead.
   */
  items: SlimBase[] | undefined;
  /** `rows` are sorted by the comparator and keys are unique: a small change may be applied as an edit. */
  editable: boolean;
  usageVersion: number;
}

/** More changed records than this share of the rows (or 64) and the full path runs. */
const EDIT_SHARE = 8;

export class ViewRows {
  private sorted: Sorted | undefined;
  /** How the last sortedRows() call got its rows from the previous ones, when it edited them. */
  private lastEdit: { from: ChunkedRows; edit: RowEdit } | undefined;
  private sortKeys: { resource: ResourceDef; column: SortSpec['column']; cache: SortKeyCache } | undefined;
  private index: FilterIndex | undefined;
  private result: FilterResult | undefined;
  private output: RowsOutput | undefined;
  /** What `output` was made from: the sorted rows list, or a filter result's rows. */
  private outputOf: object | undefined;

  /** How many rows changes were applied as edits (the rest took the full path). */
  edits = 0;

  /** `edits: false` always takes the full path (the reference the edit path is tested against). */
  constructor(private readonly opts: { edits?: boolean } = {}) {}

  compute(input: RowsInput): RowsOutput {
    const list = this.sortedRows(input);
    if (!input.filter) {
      this.result = undefined;
      if (this.outputOf === list && this.output) return this.output;
      this.outputOf = list;
      this.output = output(list, list.length, noMatch);
      return this.output;
    }
    // a filter walks the rows as one array (built once per rows list)
    const rows = list.toArray();
    const filter = input.filter;
    let prev = this.result;
    const sameFilter = (r: FilterResult | undefined): r is FilterResult => r !== undefined && r.filter.kind === filter.kind && r.filter.query === filter.query;
    if (this.index?.rows !== rows || this.index.allNamespaces !== input.allNamespaces) {
      const e = this.lastEdit;
      if (e && this.index !== undefined && this.index.rows === e.from.builtArray() && this.index.allNamespaces === input.allNamespaces) {
        const edited = this.index.edited(rows, e.edit);
        if (prev?.index === this.index && sameFilter(prev)) prev = refilter(prev, edited, e.edit);
        this.index = edited;
      } else {
        this.index = new FilterIndex(rows, input.allNamespaces);
      }
    }
    const index = this.index;
    const result = prev?.index === index && sameFilter(prev) ? prev : runFilter(index, filter, prev);
    this.result = result;
    if (this.outputOf === result.rows && this.output) return this.output;
    this.outputOf = result.rows;
    this.output = output(arrayRows(result.rows), rows.length, (i) => result.matchAt(i));
    return this.output;
  }

  private sortedRows(input: RowsInput): ChunkedRows {
    const s = this.sorted;
    const usageVersion = input.usageVersion ?? 0;
    // a sort by usage is stale once a new poll lands: the full path sorts again
    const usageStale = byUsage(input.sort) && s !== undefined && s.usageVersion !== usageVersion;
    if (s && !usageStale && s.source === input.source && s.version === input.source.version && s.sort === input.sort && s.resource === input.resource) {
      return s.rows;
    }
    this.lastEdit = undefined;
    const column = input.sort.column;
    if (this.sortKeys?.resource !== input.resource || this.sortKeys.column !== column) {
      this.sortKeys = { resource: input.resource, column, cache: new WeakMap() };
    }
    const ctx = { resource: input.resource, cache: this.sortKeys.cache, ...(input.usage ? { usage: input.usage } : {}) };
    if (this.opts.edits !== false && !usageStale && s?.editable && s.source === input.source && s.resource === input.resource && s.sort === input.sort) {
      const rows = this.edit(s, input, ctx);
      if (rows) return rows;
    }
    const byKey = new Map<string, SlimBase>();
    // a source that tells what changed needs no copy of its iteration order to compare with next time
    const items: SlimBase[] | undefined = input.source.changesSince && input.source.get ? undefined : [];
    let count = 0;
    for (const r of input.source.items()) {
      byKey.set(r.key, r);
      items?.push(r);
      count++;
    }
    let rows: SlimBase[];
    let editable = byKey.size === count;
    if (s && s.source === input.source && s.resource === input.resource) {
      // Start from the previous order, each record replaced by its current version (records are replaced on
      // change), then the new keys. The default order depends only on the key, so when no key is new it is
      // already right; otherwise the sort (TimSort) finishes a nearly sorted array in about linear time.
      const byName = input.sort.column === 'name';
      const same = rowComparator(input.sort, ctx);
      let moved = false;
      const next: SlimBase[] = [];
      for (const r of s.rows) {
        const cur = byKey.get(r.key);
        if (!cur) continue;
        if (byName && cur !== r && same(cur, r) !== 0) moved = true;
        next.push(cur);
      }
      const added = next.length < byKey.size;
      if (added) for (const [k, r] of byKey) if (!s.byKey.has(k)) next.push(r);
      if (!added && input.sort.column === 'name' && s.sort.column === 'name' && s.sort.desc === input.sort.desc) {
        rows = next;
        editable &&= s.editable && s.sort === input.sort && !moved;
      } else {
        rows = sortRows(next, input.sort, ctx);
      }
    } else {
      rows = sortRows(byKey.values(), input.sort, ctx);
    }
    const list = ChunkedRows.from(rows);
    this.sorted = { source: input.source, version: input.source.version, sort: input.sort, resource: input.resource, rows: list, byKey, items, editable, usageVersion };
    return list;
  }

  /** The rows after a small change to the source as an edit of the previous rows; undefined when it must be the full path. */
  private edit(s: Sorted, input: RowsInput, ctx: { resource: ResourceDef; cache: SortKeyCache; usage?: UsageLookup }): ChunkedRows | undefined {
    const limit = Math.max(64, Math.floor(s.rows.length / EDIT_SHARE));
    const logged = changedRecords(s, input.source, limit);
    // s.items becomes the records now; if this gives up, the full path replaces it
    const diff = logged ?? (s.items && diffItems(s.items, input.source.items(), limit));
    if (!diff) return undefined;
    const goneKeys = new Set<string>();
    for (const g of diff.gone) goneKeys.add(g.key);
    const cameKeys = new Set<string>();
    let fresh = false;
    for (const c of diff.came) {
      if (cameKeys.has(c.key)) return undefined;
      cameKeys.add(c.key);
      if (!goneKeys.has(c.key)) {
        if (s.byKey.has(c.key)) return undefined; // a second record with a key already shown
        fresh = true;
      }
    }
    // what the full path does: the name sort with no new key keeps every row where it was
    const inPlace = !fresh && input.sort.column === 'name';
    const plan = planEdit(s.rows, diff.gone, diff.came, rowComparator(input.sort, ctx), inPlace);
    if (!plan) return undefined;
    const { edit } = plan;
    let rows = s.rows;
    if (edit.removed.length > 0 || edit.records.length > 0) {
      rows = s.rows.edit(edit);
      this.lastEdit = { from: s.rows, edit };
    }
    for (const g of diff.gone) s.byKey.delete(g.key);
    for (const c of diff.came) s.byKey.set(c.key, c);
    // once the log was used, the items array is no longer the source's order: only the log (or the full path) follows
    this.sorted = { ...s, version: input.source.version, rows, editable: plan.ordered, ...(logged ? { items: undefined } : {}) };
    this.edits++;
    return rows;
  }
}

/**
 * What changed since the rows' version, from the source's log of changed keys: the old records of those keys
 * (gone) and their records now (came). Undefined when the source keeps no log, its log does not reach back
 * to that version, or more than `limit` keys changed.
 */
function changedRecords(s: Sorted, source: Source, limit: number): ItemsDiff | undefined {
  const get = source.get?.bind(source);
  const keys = get && source.changesSince?.(s.version);
  if (!keys) return undefined;
  const gone: SlimBase[] = [];
  const came: SlimBase[] = [];
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    if (seen.size > limit) return undefined;
    const before = s.byKey.get(key);
    const now = get(key);
    if (before === now) continue;
    if (before) gone.push(before);
    if (now) came.push(now);
  }
  return { gone, came };
}
