import type { ResourceDef } from '../../resources/types.js';
// The snapshot the UI renders and the store's options (types only).
import type { SlimBase } from '../../resources/types.js';
import type { Clock } from '../../util/clock.js';
import type { FilterState } from './filter.js';
import type { NameMatch } from './fuzzy.js';
import type { RowList } from './row-list.js';
import type { ViewSpec } from './nav.js';
import type { SortSpec } from './sort.js';
import type { SourceFactory, SourceState } from '../sources/source.js';

export type FlashLevel = 'info' | 'warn' | 'error';
export interface Flash {
  text: string;
  level: FlashLevel;
  id: number;
}

/** What the UI renders: immutable, replaced as a whole, published at a bounded rate. */
export interface Snapshot {
  seq: number;
  /** How many of the user's changes (view, namespace, filter, sort) it shows: see `AppStore.caughtUp`. */
  intent: number;
  /** The view on top of the navigation stack; `view.selectedKey` is the row to select after `back()`. */
  view: ViewSpec;
  /** Filtered rows in table order, as one array (built when first read: the UI reads `list`). */
  readonly rows: readonly SlimBase[];
  /** The same rows, read by position or key without building one array of all of them. */
  list: RowList;
  /** Rows in the cache before the client-side filter (server-side selectors already applied). */
  total: number;
  state: SourceState;
  flash: Flash | undefined;
  /** The active `/` filter; with `error` when the last one typed was refused (rows and cache unchanged). */
  filter: FilterState | undefined;
  sort: SortSpec;
  /** One label per stack entry, root first: "deployments(shop)", "deployment shop/frontend". */
  crumbs: readonly string[];
  /** Favourite namespaces: key `1` is the first, … `9` the ninth; `0` is all namespaces. */
  recentNamespaces: readonly string[];
  /** Fuzzy match positions in the NAME (and NAMESPACE) cell of `rows[i]`; undefined when not fuzzy-filtered. */
  matchAt: (i: number) => NameMatch | undefined;
}

export interface AppStoreOptions {
  sources: SourceFactory;
  initial: ViewSpec;
  clock?: Clock;
  /** Minimum interval between two published snapshots. */
  publishIntervalMs?: number;
  /** How long a flash message stays. */
  flashMs?: number;
  /** How often the source's connection state is checked for changes it did not announce. */
  pollMs?: number;
  /** Kinds only discovery knows (a drill-down from a CRD to its objects); built-in kinds need none. */
  resolveKind?: (name: string) => ResourceDef | undefined;
}
