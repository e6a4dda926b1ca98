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
import { objectKey } from '../storage/keys.js';
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

/** One live Event of the recorder: its correlation key, where it is, and the stamp of its latest recording. */
interface Recorded {
  readonly key: string;
  readonly ns: string;
  readonly name: string;
  stamp: number;
  live: boolean;
}

/** A member the Event does not have at all (a member set to undefined is there, and owned). */
const ABSENT = Symbol('absent');
/** How a member is set, as the field manager's structure tells them apart; NaN for an object (no shared entry). */
const digit = (v: unknown): number =>
  v === ABSENT ? 3 : v === undefined ? 0 : v === null ? 1 : typeof v === 'object' ? NaN : 2;

/**
 * Which of a new Event's members that vary are set, and how (two bits each): the shape that decides its
 * field set besides the members always written; undefined when one is an object.
 */
function shapeOf(...members: unknown[]): number | undefined {
  let shape = 0;
  for (const v of members) shape = shape * 4 + digit(v);
  return Number.isNaN(shape) ? undefined : shape;
}

export class EventRecorder implements EventSink {
  /** Live Events by correlation key (object, reason, message, source, type). */
  private readonly names = new Map<string, Recorded>();
  private live = 0;
  /**
   * Recordings, least recent first (from `head`); one whose stamp is no longer its Event's is stale (the
   * Event was repeated since, or is gone). A queue rather than a Map's own order: taking the first entry
   * of a Map that has had many deletions walks over their holes, which cost more than the Events.
   */
  private queue: { rec: Recorded; stamp: number }[] = [];
  /** The managedFields entry of a created Event, by which of its members are set, and how. */
  private readonly entryByShape = new Map<number, ManagedEntry>();
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
        const updated = this.storage.mutate(EVENTS, ns, existing.name, (draft) => {
          const e = draft as SimEvent;
          e.count = (e.count ?? 1) + 1;
          e.lastTimestamp = ts;
        });
        if (updated) {
          this.recorded(existing);
          return;
        }
        this.forget(existing);
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
      const shape = shapeOf(
        obj.kind,
        m.namespace ? m.namespace : ABSENT,
        m.name,
        m.uid,
        obj.apiVersion,
        m.resourceVersion,
        fieldPath ? fieldPath : ABSENT,
        source.component,
        'host' in source ? source.host : ABSENT,
      );
      this.create(ev, ts, shape);
      const rec: Recorded = { key, ns, name, stamp: 0, live: true };
      this.names.set(key, rec);
      this.live++;
      this.recorded(rec);
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
  private create(ev: SimEvent, ts: string, shape: number | undefined): void {
    const entry = shape === undefined ? undefined : this.entryByShape.get(shape);
    if (entry) {
      const copy: ManagedEntry = {};
      for (const k in entry) copy[k] = k === 'time' ? ts : entry[k];
      ev.metadata.managedFields = [copy];
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

  /** The Event was recorded (created or repeated) now: it is the most recent one. */
  private recorded(rec: Recorded): void {
    const stamp = ++this.stamp;
    rec.stamp = stamp;
    this.queue.push({ rec, stamp });
    // repeats leave stale recordings behind: drop them once they outnumber the live ones
    if (this.queue.length - this.head > 2 * this.live + 1024) this.dropStale();
  }

  /** The Event is gone (evicted, expired, or deleted by someone else). */
  private forget(rec: Recorded): void {
    if (!rec.live) return;
    rec.live = false;
    this.live--;
    if (this.names.get(rec.key) === rec) this.names.delete(rec.key);
  }

  private dropStale(): void {
    this.queue = this.queue.slice(this.head).filter((q) => q.rec.live && q.rec.stamp === q.stamp);
    this.head = 0;
  }

  /** The least recently recorded live Event, taken off the queue. */
  private oldest(): Recorded | undefined {
    while (this.head < this.queue.length) {
      const q = this.queue[this.head++];
      if (q && q.rec.live && q.rec.stamp === q.stamp) {
        this.compactQueue();
        return q.rec;
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
    while (this.live > this.maxEvents) {
      const rec = this.oldest();
      if (!rec) return;
      this.forget(rec);
      if (this.storage.getByKey(EVENTS, objectKey(rec.ns, rec.name))) {
        try {
          this.storage.delete(EVENTS, rec.ns, rec.name);
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
    const alive = new Set(this.storage.list(EVENTS).items.map((e) => objectKey(e.metadata.namespace, e.metadata.name ?? '')));
    for (const rec of [...this.names.values()]) if (!alive.has(objectKey(rec.ns, rec.name))) this.forget(rec);
    this.dropStale();
    this.sweepTimer = this.scheduler.setTimer(SWEEP_MS, () => this.sweep());
  }
}
