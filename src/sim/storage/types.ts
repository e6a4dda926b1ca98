// Types shared by the simulator's storage and everything that reads it.

import type { KObject } from '../../util/k8s.js';

/** A resource as the API names it: group ("" for core), version and plural resource name. */
export interface Gvr {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

/** Stable string id of a resource: `v1/pods`, `apps/v1/deployments`. */
export function gvrId(g: Gvr): string {
  return g.group === '' ? `${g.version}/${g.resource}` : `${g.group}/${g.version}/${g.resource}`;
}

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * One change in storage. `object` is the new state (for DELETED the final state, stamped with a new
 * resourceVersion); `prev` the state before (MODIFIED and DELETED), used to turn selector transitions into
 * ADDED/DELETED for watchers. Objects are deep-frozen: never mutate them.
 * `json` is the object serialised once, on first use, and shared by every watcher it is dispatched to;
 * memos the same. Both are dropped once the dispatch is over (the change stays in the watch history, whose
 * late readers serialise again): kept, at 1,000 changes/s they were ~7 MB/s of strings promoted to the old
 * generation, garbage that only a full collection frees.
 */
export interface StoredEvent {
  readonly type: ChangeType;
  readonly rv: number;
  readonly gvr: Gvr;
  readonly object: KObject;
  readonly prev: KObject | undefined;
  readonly json: string;
  /** Per-event memo for derived encodings (for example a Table row), shared by all watchers. */
  memo<T>(key: string, make: () => T): T;
}

export type StorageReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'Expired'
  | 'BadRequest'
  | 'Forbidden'
  /** StatusReasonUnknown: a plain error the API server did not classify (sent without a reason). */
  | '';

/** One field error of a 422 Invalid (kubectl prints `<field>: <message>` per cause). */
export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

export interface ErrorDetails {
  name?: string;
  kind?: string;
  group?: string;
  causes?: StatusCause[];
}

/** A storage failure with the HTTP code and Status reason the API server answers with. */
export class StorageError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StorageReason,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'StorageError';
  }
}
