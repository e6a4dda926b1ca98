import type { ResourceDef, SlimBase } from '../../resources/types.js';

/** Connection state of one cache, as the UI shows it. Mirrors kube's reflector state. */
export interface SourceState {
  phase: 'connecting' | 'synced' | 'reconnecting' | 'forbidden' | 'unauthorized' | 'unreachable' | 'error';
  message?: string;
  since: number;
  attempt: number;
  /** The first list is still arriving: `items()` are the pages so far, more are coming. */
  loading?: boolean;
}

/** A live cache of slim records (kube's Reflector satisfies this). */
export interface Source {
  readonly state: SourceState;
  /** Bumped on every change to the items. */
  readonly version: number;
  readonly size: number;
  items(): IterableIterator<SlimBase>;
  /**
   * Optional, with `get`: the keys whose records were set or removed after `version` (a key may repeat), or
   * undefined when the source cannot tell (then a reader walks `items()`). Lets a reader follow a small change
   * to a big cache in O(changes).
   */
  changesSince?(version: number): readonly string[] | undefined;
  /** The record under `key` now. */
  get?(key: string): SlimBase | undefined;
  start(): void;
  stop(): void;
}

export interface SourceRequest {
  resource: ResourceDef;
  /** undefined = all namespaces */
  namespace: string | undefined;
  /** Server-side label selector (canonical form), e.g. a drill-down's or a `/-l` filter's. */
  labelSelector?: string;
  /** Server-side field selector, e.g. `spec.nodeName=node-1` (a node's pods, or a `/-f` filter). */
  fieldSelector?: string;
  onChange: () => void;
}

export type SourceFactory = (req: SourceRequest) => Source;

/** A wrapper's `changesSince` and `get`: the inner source's, when it has both (spread into the wrapper). */
export function changesOf(inner: Source): Pick<Source, 'changesSince' | 'get'> {
  const { changesSince, get } = inner;
  if (!changesSince || !get) return {};
  return { changesSince: (version) => changesSince.call(inner, version), get: (key) => get.call(inner, key) };
}
