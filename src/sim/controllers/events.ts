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

const TTL_MS = 3_600_000;
const SWEEP_MS = 300_000;
const DEFAULT_MAX_EVENTS = 10_000;

export class EventRecorder implements EventSink {
  private readonly names = new Map<string, string>();
  /** The recorder's live Events, least recently recorded first: "namespace/name" → its `names` key. */
  private readonly order = new Map<string, string>();
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
          const id = `${ns}/${existing}`;
          this.order.delete(id);
          this.order.set(id, key);
          return;
        }
      }
      const nanos = BigInt(this.scheduler.now()) * 1_000_000n + BigInt(this.seq++ % 1_000_000);
      const name = `${m.name ?? ''}.${nanos.toString(16)}`;
      const ev: SimEvent = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace: ns },
        involvedObject: {
          kind: obj.kind,
          ...(m.namespace ? { namespace: m.namespace } : {}),
          name: m.name,
          uid: m.uid,
          apiVersion: obj.apiVersion,
          resourceVersion: m.resourceVersion,
          ...(fieldPath ? { fieldPath } : {}),
        },
        reason,
        message,
        source: { ...source },
        firstTimestamp: ts,
        lastTimestamp: ts,
        count: 1,
        type,
      };
      const x = ev as unknown as Record<string, unknown>;
      x['eventTime'] = null;
      x['reportingComponent'] = source.component;
      x['reportingInstance'] = source.host ?? '';
      this.storage.create(EVENTS, ev);
      this.names.set(key, name);
      this.order.set(`${ns}/${name}`, key);
      this.evict();
    } catch (err) {
      // a namespace being deleted refuses new Events, as the API server does; nothing else to do
      this.onError(err);
    }
  }

  /** Deletes the least recently recorded Events beyond `maxEvents`. */
  private evict(): void {
    while (this.order.size > this.maxEvents) {
      const first = this.order.entries().next().value;
      if (!first) return;
      const [id, key] = first;
      this.order.delete(id);
      this.names.delete(key);
      const slash = id.indexOf('/');
      const ns = id.slice(0, slash);
      const name = id.slice(slash + 1);
      if (this.storage.get(EVENTS, ns, name)) {
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
    this.sweepTimer = this.scheduler.setTimer(SWEEP_MS, () => this.sweep());
  }
}
