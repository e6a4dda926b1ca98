// events.k8s.io/v1 Events are the core/v1 Events under other field names (the API server stores one
// object and converts, pkg/apis/events/v1/conversion.go). `EventsView` is a read-only Storage whose
// events.k8s.io/v1 "table" is the core one converted on the fly (each object once: frozen objects are
// memoised), so lists, gets and watches (resourceVersions, 410s, selectors, Tables) behave as for any
// kind. Writes convert the other way and go to the core Events.

import type { KObject } from '../../util/k8s.js';
import type { Event } from '../../util/k8s-more.js';
import { EVENTS, EVENTS_V1 } from '../resources.js';
import { Storage } from '../storage/index.js';
import type { Gvr, ListResult, StoredEvent } from '../storage/index.js';
import { Change, deepFreeze } from '../storage/change.js';

type Obj = Record<string, unknown>;

const isV1 = (g: Gvr): boolean => g.group === 'events.k8s.io';

function copy(from: Obj, to: Obj, pairs: [string, string][]): void {
  for (const [a, b] of pairs) if (from[a] !== undefined) to[b] = from[a];
}

const PAIRS: [string, string][] = [
  ['involvedObject', 'regarding'],
  ['related', 'related'],
  ['message', 'note'],
  ['reason', 'reason'],
  ['type', 'type'],
  ['action', 'action'],
  ['reportingComponent', 'reportingController'],
  ['reportingInstance', 'reportingInstance'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
  ['eventTime', 'eventTime'],
];

/** core/v1 Event → events.k8s.io/v1 Event. */
export function toV1Event(core: KObject): KObject {
  const c = core as unknown as Obj;
  const out: Obj = { kind: 'Event', apiVersion: 'events.k8s.io/v1', metadata: core.metadata };
  copy(c, out, PAIRS);
  out['eventTime'] ??= null;
  const series = c['series'] as Obj | null | undefined;
  if (series) out['series'] = { count: series['count'], lastObservedTime: series['lastObservedTime'] };
  return out as unknown as KObject;
}

/** events.k8s.io/v1 Event → core/v1 Event. */
export function toCoreEvent(v1: KObject): Event {
  const e = v1 as unknown as Obj;
  if (e['apiVersion'] === 'v1') return v1 as Event;
  const out: Obj = { kind: 'Event', apiVersion: 'v1', metadata: v1.metadata };
  copy(
    e,
    out,
    PAIRS.map(([a, b]) => [b, a]),
  );
  const series = e['series'] as Obj | undefined;
  if (series) out['series'] = { count: series['count'], lastObservedTime: series['lastObservedTime'] };
  out['involvedObject'] ??= {};
  out['source'] ??= {};
  return out as unknown as Event;
}

const converted = new WeakMap<KObject, KObject>();
function view(core: KObject): KObject {
  let v = converted.get(core);
  if (!v) {
    v = deepFreeze(toV1Event(core));
    if (Object.isFrozen(core)) converted.set(core, v);
  }
  return v;
}

/** A Storage whose events.k8s.io/v1 Events are the inner storage's core Events; every other kind passes through. */
export class EventsView extends Storage {
  constructor(private readonly inner: Storage) {
    super({ clock: { now: () => 0 } });
  }

  private g(gvr: Gvr): Gvr {
    return isV1(gvr) ? EVENTS : gvr;
  }
  private o(gvr: Gvr, obj: KObject | undefined): KObject | undefined {
    return obj && isV1(gvr) ? view(obj) : obj;
  }

  override currentRV(): number {
    return this.inner.currentRV();
  }
  override get(gvr: Gvr, namespace: string | undefined, name: string): KObject | undefined {
    return this.o(gvr, this.inner.get(this.g(gvr), namespace, name));
  }
  override list(gvr: Gvr, namespace?: string): ListResult {
    const r = this.inner.list(this.g(gvr), namespace);
    return isV1(gvr) ? { ...r, items: r.items.map(view) } : r;
  }
  override sortedKeys(gvr: Gvr): readonly string[] {
    return this.inner.sortedKeys(this.g(gvr));
  }
  override getByKey(gvr: Gvr, key: string): KObject | undefined {
    return this.o(gvr, this.inner.getByKey(this.g(gvr), key));
  }
  override count(gvr: Gvr): number {
    return this.inner.count(this.g(gvr));
  }
  override isExpired(gvr: Gvr, rv: number): boolean {
    return this.inner.isExpired(this.g(gvr), rv);
  }
  override isContinueExpired(rv: number): boolean {
    return this.inner.isContinueExpired(rv);
  }
  override oldestWatchableRV(gvr: Gvr): number {
    return this.inner.oldestWatchableRV(this.g(gvr));
  }
  override changesSince(gvr: Gvr, rv: number): StoredEvent[] | undefined {
    const changes = this.inner.changesSince(this.g(gvr), rv);
    return changes && isV1(gvr) ? changes.map(convertChange) : changes;
  }
  override subscribe(gvr: Gvr, fn: (ev: StoredEvent) => void): () => void {
    if (!isV1(gvr)) return this.inner.subscribe(gvr, fn);
    return this.inner.subscribe(EVENTS, (ev) => fn(convertChange(ev)));
  }
}

function convertChange(ev: StoredEvent): StoredEvent {
  return ev.memo(
    'events.k8s.io/v1',
    () => new Change(ev.type, ev.rv, EVENTS_V1, view(ev.object), ev.prev && view(ev.prev)),
  );
}
