// Public shapes of the reflector: options, timing, state.
import type { WallClock } from '../util/clock.js';
import type { KObject } from '../util/k8s.js';
import { defaultBackoff } from './backoff.js';
import type { BackoffPolicy } from './backoff.js';
import type { KubeError } from './errors.js';
import type { ResourcePath } from './resource-path.js';
import type { Transport } from './transport.js';

export type ReflectorPhase = 'connecting' | 'synced' | 'reconnecting' | 'forbidden' | 'unauthorized' | 'unreachable' | 'error';

export interface ReflectorState {
  phase: ReflectorPhase;
  /** One line for the UI: the last error while not synced. */
  message?: string;
  error?: KubeError;
  /** When this phase began (clock ms). */
  since: number;
  /** Consecutive failed attempts (0 when healthy). */
  attempt: number;
  /** The first list is still arriving: the cache holds the pages so far, more are coming. */
  loading?: boolean;
}

export interface ReflectorTiming {
  pageSize: number;
  /** Server-side watch timeout; each watch asks for a value in [t, 1.25·t). */
  watchTimeoutSeconds: number;
  /** A watch with no bytes for its timeout plus this long is presumed dead and re-opened. */
  idleGraceMs: number;
  /** A watch open this long (or that delivered an event) counts as healthy: back-off resets. */
  healthyAfterMs: number;
  backoff: BackoffPolicy;
}

export const defaultTiming: ReflectorTiming = {
  pageSize: 500,
  watchTimeoutSeconds: 300,
  idleGraceMs: 90_000,
  healthyAfterMs: 1_000,
  backoff: defaultBackoff,
};

/** `streamText` (optional) lets a list ask for its next page while the current one still arrives. */
type ReflectorTransport = Pick<Transport, 'request' | 'streamBatches'> & Partial<Pick<Transport, 'streamText'>>;

export interface ReflectorOptions<R> {
  transport: ReflectorTransport;
  path: ResourcePath;
  labelSelector?: string;
  fieldSelector?: string;
  /** Objects come without `metadata.managedFields` (reflector-items.ts): no projection reads them. */
  project: (obj: KObject) => R;
  /** Default: `namespace/name` (or `name` when cluster-scoped). */
  key?: (obj: KObject) => string;
  onChange: () => void;
  clock?: WallClock;
  timing?: Partial<ReflectorTiming>;
  /** Every failed list or watch (before its back-off), for the diagnostic log. */
  onError?: (error: KubeError, attempt: number) => void;
  /** Another wire format than plain JSON Lists and events (server-side Tables: see table-format.ts). */
  format?: ReflectorFormat;
}

/** How list pages and watch events look on the wire, when not plain JSON objects. */
export interface ReflectorFormat {
  /** Accept header of list and watch requests. */
  accept: string;
  /** Extra query parameters of list and watch requests. */
  query?: Record<string, string>;
  /** One list response → its objects and list metadata. */
  listPage(body: unknown): KList;
  /** A watch event's object (not a BOOKMARK's) → the objects it carries. */
  eventObjects(object: KObject): KObject[];
}

export interface KList {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KObject[];
}

export function objectKey(obj: KObject): string {
  const m = obj.metadata;
  return m.namespace ? `${m.namespace}/${m.name ?? ''}` : (m.name ?? '');
}
