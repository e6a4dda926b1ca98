// The navigation stack (Enter drills down, Esc goes back) and favourite namespaces. Pure data: no sources.
import type { ResourceDef } from '../../resources/types.js';
import type { SortSpec } from './sort.js';

/** One screen of the table: which cache to show and how it was reached. */
export interface ViewSpec {
  resource: ResourceDef;
  /** undefined = all namespaces */
  namespace: string | undefined;
  /** Server-side selectors that define this view (a drill-down), ANDed with a `/-l` or `/-f` filter. */
  labelSelector?: string;
  fieldSelector?: string;
  /** Where the view came from, for crumbs, e.g. "deployment shop/frontend". */
  title?: string;
  /** The row to select when this view is shown again (set when leaving it by a drill-down). */
  selectedKey?: string;
}

/** A stack entry: the view plus the filter and sort it had, restored by `back()`. */
export interface NavEntry {
  readonly view: ViewSpec;
  /** The committed `/` filter text ("" = none). */
  readonly filter: string;
  readonly sort: SortSpec;
}

export const MAX_DEPTH = 20;

/** A bounded stack; pushing onto a full stack forgets the oldest entry. Never empty. */
export class NavStack {
  private entries: NavEntry[];

  constructor(
    root: NavEntry,
    private readonly maxDepth = MAX_DEPTH,
  ) {
    this.entries = [root];
  }

  get top(): NavEntry {
    return this.entries[this.entries.length - 1] as NavEntry;
  }

  get depth(): number {
    return this.entries.length;
  }

  all(): readonly NavEntry[] {
    return this.entries;
  }

  /** Pushes `entry`; the entry left behind remembers `leavingKey` as its selection. */
  push(entry: NavEntry, leavingKey?: string): void {
    if (leavingKey !== undefined) {
      const top = this.top;
      this.entries[this.entries.length - 1] = { ...top, view: { ...top.view, selectedKey: leavingKey } };
    }
    this.entries.push(entry);
    if (this.entries.length > this.maxDepth) this.entries.splice(0, this.entries.length - this.maxDepth);
  }

  /** Drops the top entry and returns the one now on top; undefined (and no change) at the root. */
  pop(): NavEntry | undefined {
    if (this.entries.length <= 1) return undefined;
    this.entries.pop();
    return this.top;
  }

  replaceTop(entry: NavEntry): void {
    this.entries[this.entries.length - 1] = entry;
  }

  /** A new root: the stack holds only `entry`. */
  reset(entry: NavEntry): void {
    this.entries = [entry];
  }

  crumbs(): string[] {
    return this.entries.map((e) => crumbLabel(e.view));
  }
}

/** "pods(shop)", "nodes", or the view's title when it was reached by a drill-down. */
export function crumbLabel(view: ViewSpec): string {
  if (view.title) return view.title;
  if (!view.resource.namespaced) return view.resource.plural;
  return `${view.resource.plural}(${view.namespace ?? 'all'})`;
}

export const MAX_RECENT_NAMESPACES = 9;

/**
 * Favourite namespaces for the keys 1–9 (0 = all namespaces). A namespace not yet in the list goes first;
 * one already in it keeps its place, so a digit keeps meaning the same namespace while the user hops
 * between favourites (k9s does the same). Returns the same array when nothing changed.
 */
export function addRecentNamespace(list: readonly string[], ns: string | undefined): readonly string[] {
  if (ns === undefined || ns === '' || list.includes(ns)) return list;
  return [ns, ...list].slice(0, MAX_RECENT_NAMESPACES);
}
