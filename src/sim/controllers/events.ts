// core/v1 Events as a real cluster records them: one Event per (object, reason, message, source), named
// `<object>.<hex nanoseconds>`; a repeat bumps `count` and `lastTimestamp` instead of adding an object
// (client-go's EventCorrelator). Events of cluster-scoped objects go to `default`. Events expire after an
// hour (the API server's --event-ttl), swept on the injected scheduler. At most `maxEvents` of the
// recorder's Events are kept (default 10,000): a new one beyond that deletes the least recently
// recorded or repeated one, as if its TTL had run out early, so a cluster of 100,000 pods (five or six
// Events each while they start) does not keep half a million of them.

import type { KObject } from '../../util/k8s.js';
import { EVENTS } from '../resources.js';
import type { Scheduler, TimerHandle } from '../scheduler.js';
import type { Storage } from '../storage/index.js';
import { timestamp } from './util.js';

export type EventType = 'Normal' | 'Warning';

export interface EventSource {
  component: string;
  host?: string;
}

export interface SimEvent extends KObject {
  involvedObject: {
    kind?: string;
    namespace?: string;
    name?: string;
    uid?: string;
    apiVersion?: string;
    resourceVersion?: string;
    fieldPath?: string;
  };
  reason: string;
  message: string;
  source: EventSource;
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  type: EventType;
}

/** What stages and controllers need to emit Events. */
export interface EventSink {
  emit(
    obj: KObject,
    type: EventType,
    reason: string,
    message: string,
    source: EventSource,
    fieldPath?: string,
  ): void;
}

type ManagedEntry = Record<string, unknown>;

/** How a member is set, as the field manager's structure of an object tells them apart. */
const kindOf = (v: unknown): string =>
  v === undefined ? 'u' : v === null ? 'n' : typeof v === 'object' ? 'o' : 's';

/**
 * `ms × 1,000,000 + extra` in hex (an Event's name suffix), in doubles without BigInt: ms split at 2^24
 * keeps every partial product below 2^53 (ms up to 2^53 / 10^6 × 2^24, far beyond any clock).
 */
export function nanosHex(ms: number, extra: number): string {
  const SPLIT = 2 ** 24;
  const high = Math.floor(ms / SPLIT);
  const low = (ms % SPLIT) * 1_000_000 + extra; // < 2^44
  const top = high * 1_000_000 + Math.floor(low / SPLIT);
  const bottom = (low % SPLIT).toString(16);
  return top > 0 ? top.toString(16) + '0'.repeat(6 - bottom.length) + bottom : bottom;
}

const TTL_MS = 3_600_000;
const SWEEP_MS = 300_000;
const DEFAULT_MAX_EVENTS = 10_000;

export class EventRecorder implements EventSink {
  private readonly names = new Map<string, string>();
  /**
   * The recorder's live Events: "namespace/name" → its `names` key, its namespace and name (for the
   * delete, without cutting the id apart again) and the stamp of its latest recording.
   */
  private readonly order = new Map<string, { key: string; ns: string; name: string; stamp: number }>();
  /**
   * Recordings, least recent first (from `head`); one whose stamp is no longer its Event's is stale (the
   * Event was repeated since, or is gone). A queue rather than the Map's own order: taking the first entry
   * of a Map that has had many deletions walks over their holes, which cost more than the Events.
   */
  private queue: { id: string; stamp: number }[] = [];
  /** The managedFields entry of a created Event, by which of its members are set, and how. */
  private readonly entryByShape = new Map<string, ManagedEntry>();
  private head = 0;
  private stamp = 0;
  private seq = 0;
  private sweepTimer: TimerHandle | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly scheduler: Scheduler,
    private readonly onError: (err: unknown) => void = (): void => undefined,
    private readonly enabled = true,
    private readonly maxEvents = DEFAULT_MAX_EVENTS,
  ) {}

  start(): void {
    if (this.enabled) this.sweepTimer = this.scheduler.setTimer(SWEEP_MS, () => this.sweep());
  }

  stop(): void {
    this.scheduler.clearTimer(this.sweepTimer);
    this.sweepTimer = undefined;
  }

  emit(
    obj: KObject,
    type: EventType,
    reason: string,
    message: string,
    source: EventSource,
    fieldPath?: string,
  ): void {
    if (!this.enabled) return;
    const m = obj.metadata;
    const ns = m.namespace ?? 'default';
    const key = [m.uid, fieldPath ?? '', reason, message, source.component, source.host ?? '', type].join(
      '\0',
    );
    const ts = timestamp(this.scheduler.now());
    try {
      const existing = this.names.get(key);
      if (existing) {
        const updated = this.storage.mutate(EVENTS, ns, existing, (draft) => {
          const e = draft as SimEvent;
          e.count = (e.count ?? 1) + 1;
          e.lastTimestamp = ts;
        });
        if (updated) {
          this.recorded(ns, existing, key);
          return;
        }
      }
      const name = `${m.name ?? ''}.${nanosHex(this.scheduler.now(), this.seq++ % 1_000_000)}`;
      // built member by member in the order a real recorder's Event has them (no spreads of small objects)
      const involved: SimEvent['involvedObject'] = { kind: obj.kind };
      if (m.namespace) involved.namespace = m.namespace;
      involved.name = m.name;
      involved.uid = m.uid;
      involved.apiVersion = obj.apiVersion;
      involved.resourceVersion = m.resourceVersion;
      if (fieldPath) involved.fieldPath = fieldPath;
      const src: EventSource = { component: source.component };
      if ('host' in source) src.host = source.host;
      const ev: SimEvent = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace: ns },
        involvedObject: involved,
        reason,
        message,
        source: src,
        firstTimestamp: ts,
        lastTimestamp: ts,
        count: 1,
        type,
      };
      const x = ev as unknown as Record<string, unknown>;
      x['eventTime'] = null;
      x['reportingComponent'] = source.component;
      x['reportingInstance'] = source.host ?? '';
      // which members are set, and how: what decides the field set besides the members always written,
      // told from what built them
      // (short: a flat string, not a rope)
      const shape = `${kindOf(obj.kind)}${m.namespace ? kindOf(m.namespace) : '-'}${kindOf(m.name)}${kindOf(m.uid)}${kindOf(obj.apiVersion)}${kindOf(m.resourceVersion)}${fieldPath ? 's' : '-'}|${kindOf(source.component)}${'host' in source ? kindOf(source.host) : '-'}`;
      this.create(ev, ts, shape.includes('o') ? undefined : shape);
      this.names.set(key, name);
      this.recorded(ns, name, key);
      this.evict();
    } catch (err) {
      // a namespace being deleted refuses new Events, as the API server does; nothing else to do
      this.onError(err);
    }
  }

  /**
   * Stores a new Event. Its managedFields entry is the one the field manager gave the first Event of the
   * same shape (which optional members are set, and how), with this Event's time: the field set of a
   * create depends only on the object's structure, and working it out again for each of the ~6 Events of
   * every starting pod cost more than the rest of the write.
   */
  private create(ev: SimEvent, ts: string, shape: string | undefined): void {
    const entry = shape === undefined ? undefined : this.entryByShape.get(shape);
    if (entry) {
      ev.metadata.managedFields = [{ ...entry, time: ts }];
      // no field manager for this write: the entry given is kept as it is (`ev` is the recorder's own
      // fresh object: stored as it is, not copied)
      this.storage.create(EVENTS, ev, { manager: undefined, owned: true });
      return;
    }
    const stored = this.storage.create(EVENTS, ev, { owned: true });
    const mf = stored.metadata.managedFields as ManagedEntry[] | undefined;
    const first = mf?.length === 1 ? mf[0] : undefined;
    if (shape !== undefined && first?.['time'] === ts) this.entryByShape.set(shape, first);
  }

  /** The Event `ns/name` was recorded (created or repeated) now: it is the most recent one. */
  private recorded(ns: string, name: string, key: string): void {
    const stamp = ++this.stamp;
    // joined: the id is a Map key, flat rather than a rope that hashing would flatten into a copy
    const id = [ns, '/', name].join('');
    this.order.set(id, { key, ns, name, stamp });
    this.queue.push({ id, stamp });
    // repeats leave stale recordings behind: drop them once they outnumber the live ones
    if (this.queue.length - this.head > 2 * this.order.size + 1024) this.dropStale();
  }

  private dropStale(): void {
    this.queue = this.queue.slice(this.head).filter((q) => this.order.get(q.id)?.stamp === q.stamp);
    this.head = 0;
  }

  /** The least recently recorded live Event, taken off the queue. */
  private oldest(): { id: string; key: string; ns: string; name: string } | undefined {
    while (this.head < this.queue.length) {
      const q = this.queue[this.head++];
      const e = q && this.order.get(q.id);
      if (q && e && e.stamp === q.stamp) {
        this.compactQueue();
        return { id: q.id, key: e.key, ns: e.ns, name: e.name };
      }
    }
    this.compactQueue();
    return undefined;
  }

  private compactQueue(): void {
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Deletes the least recently recorded Events beyond `maxEvents`. */
  private evict(): void {
    while (this.order.size > this.maxEvents) {
      const first = this.oldest();
      if (!first) return;
      const { id, key, ns, name } = first;
      this.order.delete(id);
      this.names.delete(key);
      if (this.storage.getByKey(EVENTS, id)) {
        try {
          this.storage.delete(EVENTS, ns, name);
        } catch (err) {
          this.onError(err);
        }
      }
    }
  }

  private sweep(): void {
    const cutoff = timestamp(this.scheduler.now() - TTL_MS);
    for (const e of this.storage.list(EVENTS).items as SimEvent[])
      if ((e.lastTimestamp ?? '') < cutoff) {
        try {
          this.storage.delete(EVENTS, e.metadata.namespace, e.metadata.name ?? '');
        } catch (err) {
          this.onError(err);
        }
      }
    const alive = new Set(this.storage.list(EVENTS).items.map((e) => e.metadata.name ?? ''));
    for (const [k, name] of this.names) if (!alive.has(name)) this.names.delete(k);
    for (const id of this.order.keys()) if (!alive.has(id.slice(id.indexOf('/') + 1))) this.order.delete(id);
    this.dropStale();
    this.sweepTimer = this.scheduler.setTimer(SWEEP_MS, () => this.sweep());
  }
}
