// The simulator's in-memory object store: resource → "namespace/name" → object, one global monotonic
// resourceVersion counter, a bounded per-resource change history for watches, and live subscribers.
//
// Stored objects are deep-frozen; every read returns the stored (frozen) object, every write stores a fresh
// clone. Events are delivered in resourceVersion order even when a subscriber writes from inside its
// callback (such writes are applied at once and delivered after the current event).

import { randomUUID } from 'node:crypto';
import type { WallClock } from '../../util/clock.js';
import type { KObject } from '../../util/k8s.js';
import { Change, deepFreeze } from './change.js';
import { hasGeneration } from './generation.js';
import { cloneObject, mergeSorted, shallowDraft } from './copy.js';
import { shareParts } from './share.js';
import { jsonEqual, reshare } from './reshare.js';
import { keyRange, objectKey, qualifiedName } from './keys.js';
import { gvrId, StorageError } from './types.js';
import type { ChangeType, ErrorDetails, Gvr, StoredEvent } from './types.js';

export type Listener = (ev: StoredEvent) => void;

/** Defaulting/validation run on a fresh clone before every create and update; may mutate `obj` or throw. */
export type Admission = (
  gvr: Gvr,
  obj: KObject,
  old: KObject | undefined,
  opts?: WriteOptions,
) => void;

export interface WriteOptions {
  /** Run defaulting and checks and return the result without storing it (the API's dryRun=All). */
  dryRun?: boolean;
  /** Who writes, for metadata.managedFields (src/sim/ssa); unset: they are kept as the input has them. */
  manager?: WriteManager;
  /**
   * The input is a fresh copy (cloneObject) that nobody else holds: stored as it is, not copied again.
   * For read-modify-write paths (mutate, the stage engine) that copied the stored object already.
   */
  owned?: boolean;
}

/** A field manager: an API client's fieldManager, or one of the simulator's own components. */
export interface WriteManager {
  name: string;
  /** The subresource written ("status", "scale"), if any. */
  subresource?: string;
  /** A component that writes spec and status at once: its status changes count as a status write. */
  splitStatus?: boolean;
  /** Whether the kind has a status subresource (default: as the built-in kind says). */
  hasStatus?: boolean;
  /** The scheduler: a write that sets a pod's spec.nodeName is a binding (pods/binding), never recorded. */
  binds?: boolean;
}

/** Options of a read-modify-write (Storage.mutate). */
export interface MutateOptions extends WriteOptions {
  /**
   * Top-level members the change only sets members of (a binding sets `spec.nodeName`, a status writer
   * leaves the spec alone): copied one level deep, so what is under them stays the stored (frozen)
   * parts, which the write's compare, sharing and freeze then pass over. Everything else is copied.
   */
  shallow?: readonly string[];
}

export interface StorageOptions {
  clock: WallClock;
  /** Changes kept per resource for watches from an older resourceVersion (default 1000). */
  historyLimit?: number;
  newUid?: () => string;
  admit?: Admission;
  /**
   * The creationTimestamp of a new object when it has none of its own to keep (default: now). The scenario
   * seeding uses it so that what controllers create for a days-old workload while the cluster settles is as
   * old as its owner.
   */
  birth?: (gvr: Gvr, obj: KObject) => string | undefined;
  /** Called when a subscriber throws; the store itself carries on. */
  onListenerError?: (err: unknown) => void;
}

export interface ListResult {
  items: KObject[];
  resourceVersion: number;
}

interface Table {
  readonly gvr: Gvr;
  readonly objects: Map<string, KObject>;
  sortedKeys: string[] | undefined;
  /** Keys added since `sortedKeys` was made: merged into a new array when next asked for. */
  added: string[];
  /**
   * The same per namespace, for namespace lists: a controller listing its namespace while pods are
   * being created must not merge (or sort) every key of the cluster each time.
   */
  readonly byNamespace: Map<string, { sorted: string[] | undefined; added: string[] }>;
  readonly history: Change[];
  /** Highest resourceVersion whose change is no longer in `history`. */
  floor: number;
  readonly listeners: Set<Listener>;
  /**
   * The listeners an event of this resource goes to (its own, then every resource's), as one array made
   * when they last changed: replaced, never changed, so a dispatch that (un)subscribes goes on with the
   * listeners it started with.
   */
  dispatch: Listener[] | undefined;
}

export class Storage {
  private rv = 0;
  private compactedRV = 0;
  private readonly tables = new Map<string, Table>();
  /** The table of a Gvr object seen before (tables are never removed). */
  private readonly tableOf = new WeakMap<Gvr, Table>();
  private readonly queue: Change[] = [];
  private dispatching = false;
  private readonly allListeners = new Set<Listener>();
  private readonly historyLimit: number;
  private readonly clock: WallClock;
  private readonly newUid: () => string;
  private readonly admit: Admission | undefined;
  private readonly birth: StorageOptions['birth'];
  private readonly onListenerError: (err: unknown) => void;
  /** The creationTimestamp string of the current second. */
  private stampSecond = Number.NaN;
  private stamp = '';

  constructor(opts: StorageOptions) {
    this.clock = opts.clock;
    this.historyLimit = Math.max(1, opts.historyLimit ?? 1000);
    this.newUid = opts.newUid ?? randomUUID;
    this.admit = opts.admit;
    this.birth = opts.birth;
    this.onListenerError = opts.onListenerError ?? ((): void => undefined);
  }

  /** The current global resourceVersion (the RV of the latest write). */
  currentRV(): number {
    return this.rv;
  }

  get(gvr: Gvr, namespace: string | undefined, name: string): KObject | undefined {
    return this.table(gvr).objects.get(objectKey(namespace, name));
  }

  /** All objects of a resource (in one namespace when given), sorted by namespace then name. */
  list(gvr: Gvr, namespace?: string): ListResult {
    const keys = namespace === undefined ? this.sortedKeys(gvr) : this.namespaceKeys(gvr, namespace);
    const objects = this.table(gvr).objects;
    const items: KObject[] = [];
    for (const k of keys) {
      const o = objects.get(k);
      if (o) items.push(o);
    }
    return { items, resourceVersion: this.rv };
  }

  /** The keys of one namespace's objects, sorted (a snapshot, as `sortedKeys`). */
  private namespaceKeys(gvr: Gvr, namespace: string): readonly string[] {
    const t = this.table(gvr);
    let e = t.byNamespace.get(namespace);
    if (!e) t.byNamespace.set(namespace, (e = { sorted: undefined, added: [] }));
    if (e.sorted && e.added.length) e.sorted = mergeSorted(e.sorted, e.added.sort());
    e.added = [];
    if (!e.sorted) {
      const all = this.sortedKeys(gvr);
      const { from, to } = keyRange(all, namespace);
      e.sorted = all.slice(from, to);
    }
    return e.sorted;
  }

  /**
   * The keys (`namespace/name`) of a resource in sorted order. The array is a snapshot: it is replaced,
   * never changed, when keys come or go, so callers may hold it while paging.
   */
  sortedKeys(gvr: Gvr): readonly string[] {
    const t = this.table(gvr);
    if (t.sortedKeys && t.added.length) t.sortedKeys = mergeSorted(t.sortedKeys, t.added.sort());
    t.added = [];
    t.sortedKeys ??= [...t.objects.keys()].sort();
    return t.sortedKeys;
  }

  getByKey(gvr: Gvr, key: string): KObject | undefined {
    return this.table(gvr).objects.get(key);
  }

  count(gvr: Gvr): number {
    return this.table(gvr).objects.size;
  }

  /**
   * Store a new object: sets uid, resourceVersion, generation 1 (kinds that have one) and creationTimestamp (kept when
   * `keepCreationTimestamp` and the object has one, for seeded scenarios). `generateName` is honoured.
   */
  create(gvr: Gvr, input: KObject, opts: { keepCreationTimestamp?: boolean } & WriteOptions = {}): KObject {
    const t = this.table(gvr);
    const obj = opts.owned ? input : cloneObject(input);
    obj.metadata ??= {};
    const m = obj.metadata;
    if (!m.name && m.generateName) m.name = m.generateName + this.suffix(t, m.namespace, m.generateName);
    if (!m.name)
      throw new StorageError(422, 'Invalid', 'name or generateName is required', { kind: gvr.resource });
    const key = objectKey(m.namespace, m.name);
    if (t.objects.has(key))
      throw new StorageError(
        409,
        'AlreadyExists',
        `${qualifiedName(gvr, m.name)} already exists`,
        this.details(gvr, m.name),
      );
    delete m.uid; // the server assigns it; admission may (a Job's generated selector names it)
    this.admit?.(gvr, obj, undefined, { ...opts, dryRun: opts.dryRun ?? false });
    m.uid ??= this.newUid();
    if (hasGeneration(gvr)) m.generation = 1;
    else delete m.generation;
    if (!(opts.keepCreationTimestamp && m.creationTimestamp)) m.creationTimestamp = (opts.dryRun ? undefined : this.birth?.(gvr, obj)) ?? this.timestamp();
    delete m.deletionTimestamp;
    delete m.resourceVersion;
    if (opts.dryRun) return deepFreeze(obj);
    return this.commit(t, 'ADDED', obj, undefined, key);
  }

  /**
   * Replace an object. When the input carries a resourceVersion it must be the current one (409 Conflict
   * otherwise). uid and creationTimestamp are kept; a changed spec bumps generation.
   */
  update(gvr: Gvr, input: KObject, opts: WriteOptions = {}): KObject {
    const t = this.table(gvr);
    const name = input.metadata?.name ?? '';
    const key = objectKey(input.metadata?.namespace, name);
    const old = t.objects.get(key);
    if (!old)
      throw new StorageError(
        404,
        'NotFound',
        `${qualifiedName(gvr, name)} not found`,
        this.details(gvr, name),
      );
    const want = input.metadata.resourceVersion;
    if (want !== undefined && want !== '' && want !== old.metadata.resourceVersion)
      throw new StorageError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualifiedName(gvr, name)}: the object has been modified; please apply your changes to the latest version and try again`,
        this.details(gvr, name),
      );
    const obj = opts.owned ? input : cloneObject(input);
    this.admit?.(gvr, obj, old, { ...opts, dryRun: opts.dryRun ?? false });
    // what did not change is the stored version's (frozen) part: cheap to compare, freeze and keep
    reshare(obj as unknown as Record<string, unknown>, old as unknown as Record<string, unknown>);
    obj.metadata.uid = old.metadata.uid;
    obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
    if (hasGeneration(gvr)) {
      const gen = old.metadata.generation ?? 1;
      obj.metadata.generation = obj.spec === old.spec || jsonEqual(obj.spec, old.spec) ? gen : gen + 1;
    } else delete obj.metadata.generation;
    if (opts.dryRun) {
      obj.metadata.resourceVersion = old.metadata.resourceVersion;
      return deepFreeze(obj);
    }
    return this.commit(t, 'MODIFIED', obj, old, key);
  }

  /**
   * Read-modify-write for controllers: `fn` gets a mutable clone; return `false` to skip the write.
   * Returns the stored result, or undefined when the object does not exist or nothing changed.
   */
  mutate(
    gvr: Gvr,
    namespace: string | undefined,
    name: string,
    fn: (draft: KObject) => void | false,
    opts: MutateOptions = {},
  ): KObject | undefined {
    const old = this.get(gvr, namespace, name);
    if (!old) return undefined;
    const draft = opts.shallow ? shallowDraft(old, opts.shallow) : cloneObject(old);
    if (fn(draft) === false) return undefined;
    if (jsonEqual(draft, old)) return undefined;
    draft.metadata.resourceVersion = old.metadata.resourceVersion;
    return this.update(gvr, draft, { ...opts, owned: true });
  }

  /** Remove an object now; watchers get DELETED with the final state stamped with a new resourceVersion. */
  delete(gvr: Gvr, namespace: string | undefined, name: string): KObject {
    const t = this.table(gvr);
    const key = objectKey(namespace, name);
    const old = t.objects.get(key);
    if (!old)
      throw new StorageError(
        404,
        'NotFound',
        `${qualifiedName(gvr, name)} not found`,
        this.details(gvr, name),
      );
    // the final state under a new resourceVersion: only metadata is new, the rest is the frozen old parts
    return this.commit(t, 'DELETED', { ...old, metadata: { ...old.metadata } }, old, key);
  }

  /** Live changes of one resource, in resourceVersion order. Returns the unsubscribe function. */
  subscribe(gvr: Gvr, fn: Listener): () => void {
    const t = this.table(gvr);
    t.listeners.add(fn);
    t.dispatch = undefined;
    return () => {
      t.listeners.delete(fn);
      t.dispatch = undefined;
    };
  }

  /** Live changes of every resource (garbage collection, namespace lifecycle). */
  subscribeAll(fn: Listener): () => void {
    this.allListeners.add(fn);
    this.forgetDispatch();
    return () => {
      this.allListeners.delete(fn);
      this.forgetDispatch();
    };
  }

  /** Every resource that holds or held objects. */
  gvrs(): Gvr[] {
    return [...this.tables.values()].map((t) => t.gvr);
  }

  listenerCount(gvr: Gvr): number {
    return this.table(gvr).listeners.size;
  }

  /**
   * The changes after `rv`, oldest first, or undefined when some of them were compacted away (the API
   * then answers 410 Expired).
   */
  changesSince(gvr: Gvr, rv: number): StoredEvent[] | undefined {
    const t = this.table(gvr);
    if (rv < this.oldestWatchableRV(gvr)) return undefined;
    const h = t.history;
    let lo = 0;
    let hi = h.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((h[mid]?.rv ?? 0) <= rv) lo = mid + 1;
      else hi = mid;
    }
    return h.slice(lo);
  }

  /** True when a watch or continue token from `rv` can no longer be served for this resource. */
  isExpired(gvr: Gvr, rv: number): boolean {
    return rv < this.oldestWatchableRV(gvr);
  }

  /**
   * True when a list's continue token from `rv` can no longer be served: only once storage was compacted
   * past it, as etcd compacts (every 5 minutes on a real cluster). The change history kept for watches
   * (historyLimit events per resource) does not expire tokens: pages are cut from the current state, and
   * with it a busy cluster failed `kubectl get pods -A` half-way with 410 Expired after a few seconds.
   */
  isContinueExpired(rv: number): boolean {
    return rv < this.compactedRV;
  }

  /** The oldest resourceVersion a watch of this resource can still start from. */
  oldestWatchableRV(gvr: Gvr): number {
    const t = this.table(gvr);
    return Math.max(t.floor, this.compactedRV);
  }

  /** Forget the change history up to `rv` (default: everything so far) for every resource. */
  compact(rv: number = this.rv): void {
    this.compactedRV = Math.max(this.compactedRV, Math.min(rv, this.rv));
    for (const t of this.tables.values()) {
      while (t.history.length > 0 && (t.history[0]?.rv ?? 0) <= this.compactedRV) t.history.shift();
    }
  }

  /** The resources storage has seen, as ids (`v1/pods`). */
  resources(): string[] {
    return [...this.tables.keys()];
  }

  // ------------------------------------------------------------ internals

  private table(gvr: Gvr): Table {
    // most calls pass one of a few constant Gvr objects (PODS, EVENTS): their table without building
    // and hashing the id string on every read and write (a Gvr is readonly)
    const known = this.tableOf.get(gvr);
    if (known !== undefined) return known;
    const id = gvrId(gvr);
    let t = this.tables.get(id);
    if (t) this.tableOf.set(gvr, t);
    if (!t) {
      t = {
        gvr,
        objects: new Map(),
        sortedKeys: undefined,
        added: [],
        byNamespace: new Map(),
        history: [],
        floor: 0,
        listeners: new Set(),
        dispatch: undefined,
      };
      this.tables.set(id, t);
      this.tableOf.set(gvr, t);
    }
    return t;
  }

  /** Stores a write; `key` is the object's (namespace and name never change in admission). */
  private commit(t: Table, type: ChangeType, obj: KObject, prev: KObject | undefined, key: string): KObject {
    this.rv++;
    obj.metadata.resourceVersion = String(this.rv);
    if (type !== 'DELETED') shareParts(t.gvr, obj, prev);
    const frozen = deepFreeze(obj);
    const ns = t.byNamespace.get(frozen.metadata.namespace ?? '');
    if (type === 'DELETED') {
      t.objects.delete(key);
      t.sortedKeys = undefined;
      t.added = [];
      if (ns?.sorted) ns.sorted = ns.sorted.filter((k) => k !== key);
      if (ns) ns.added = ns.added.filter((k) => k !== key);
    } else {
      // a new key joins the sorted arrays by a merge on the next read, not a sort of every key
      if (!t.objects.has(key)) {
        if (t.sortedKeys) t.added.push(key);
        if (ns?.sorted) ns.added.push(key);
      }
      t.objects.set(key, frozen);
    }
    const ev = new Change(type, this.rv, t.gvr, frozen, prev);
    t.history.push(ev);
    if (t.history.length > this.historyLimit) t.floor = t.history.shift()?.rv ?? t.floor;
    this.queue.push(ev);
    this.drain();
    return frozen;
  }

  private drain(): void {
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let ev = this.queue.shift(); ev; ev = this.queue.shift()) {
        const t = this.table(ev.gvr);
        t.dispatch ??= [...t.listeners, ...this.allListeners];
        for (const fn of t.dispatch) {
          try {
            fn(ev);
          } catch (err) {
            this.onListenerError(err);
          }
        }
        ev.dispatched();
      }
    } finally {
      this.dispatching = false;
    }
  }

  private forgetDispatch(): void {
    for (const t of this.tables.values()) t.dispatch = undefined;
  }

  private suffix(t: Table, namespace: string | undefined, base: string): string {
    const chars = 'bcdfghjklmnpqrstvwxz2456789';
    for (let i = 0; ; i++) {
      const uid = this.newUid().replace(/-/g, '');
      let s = '';
      for (let j = 0; j < 5; j++) s += chars[parseInt(uid.slice(j * 2, j * 2 + 2), 16) % chars.length] ?? 'x';
      if (!t.objects.has(objectKey(namespace, base + s)) || i > 20) return s;
    }
  }

  private details(gvr: Gvr, name: string): ErrorDetails {
    return gvr.group ? { name, group: gvr.group, kind: gvr.resource } : { name, kind: gvr.resource };
  }

  private timestamp(): string {
    const sec = Math.floor(this.clock.now() / 1000);
    if (sec !== this.stampSecond) {
      this.stamp = new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      this.stampSecond = sec;
    }
    return this.stamp;
  }
}
