// Events (core/v1): kubectl's printEvent cells over a slim record, in kubectl's column order (LAST
// SEEN first, NAME last and wide). LAST SEEN and FIRST SEEN are computed at row time.
import { ageSince } from '../util/age.js';
import { eventCells } from '../util/printers.js';
import type { KObject } from '../util/k8s.js';
import type { Event } from '../util/k8s-more.js';
import { cells, epoch, slimBase } from './base.js';
import type { DrillTarget, ResourceDef, SlimBase, Tone } from './types.js';
import { served } from './capabilities.js';

interface InvolvedObject {
  kind: string;
  name: string;
  namespace: string;
  uid: string;
}

export interface EventRec extends SlimBase {
  /** Epoch ms: series.lastObservedTime, lastTimestamp, or else firstSeenAt; NaN when unknown. */
  lastSeenAt: number;
  /** Epoch ms: firstTimestamp, or else eventTime; NaN when unknown. */
  firstSeenAt: number;
  type: string;
  reason: string;
  /** OBJECT cell, "pod/web-0". */
  object: string;
  subobject: string;
  source: string;
  message: string;
  count: number;
  involved: InvolvedObject;
}

function projectEvent(obj: KObject): EventRec {
  const ev = obj as Event;
  const c = eventCells(ev, 0);
  const firstSeenAt = ev.firstTimestamp ? epoch(ev.firstTimestamp) : epoch(ev.eventTime);
  const lastSeenAt = ev.series ? epoch(ev.series.lastObservedTime) : ev.lastTimestamp ? epoch(ev.lastTimestamp) : firstSeenAt;
  const io = ev.involvedObject;
  return {
    ...slimBase(ev),
    lastSeenAt,
    firstSeenAt,
    type: c.type,
    reason: c.reason,
    object: c.object,
    subobject: c.subobject,
    source: c.source,
    message: c.message,
    count: c.count,
    involved: { kind: io?.kind ?? '', name: io?.name ?? '', namespace: io?.namespace ?? '', uid: io?.uid ?? '' },
  };
}

/** Warning → warn; Normal → ok; any other type → dim. */
function eventStatus(r: EventRec): { text: string; tone: Tone } {
  const tone: Tone = r.type === 'Warning' ? 'warn' : r.type === 'Normal' ? 'ok' : 'dim';
  return { text: r.type, tone };
}

/** Enter on an event shows the object it is about (by kind and name). */
function drillEvent(r: EventRec): DrillTarget | undefined {
  const { kind, name, namespace } = r.involved;
  if (!kind || !name) return undefined;
  return { resource: kind, namespace: namespace || undefined, fieldSelector: `metadata.name=${name}` };
}

export const events: ResourceDef<EventRec> = {
  kind: 'Event',
  plural: 'events',
  singular: 'event',
  group: '',
  version: 'v1',
  namespaced: true,
  aliases: ['ev'],
  columns: [
    { name: 'LAST SEEN' },
    { name: 'TYPE' },
    { name: 'REASON' },
    { name: 'OBJECT' },
    { name: 'SUBOBJECT', wide: true },
    { name: 'SOURCE', wide: true },
    { name: 'MESSAGE' },
    { name: 'FIRST SEEN', wide: true },
    { name: 'COUNT', align: 'right', wide: true },
    { name: 'NAME', wide: true },
  ],
  project: projectEvent,
  row: (r, now) =>
    cells(
      ageSince(r.lastSeenAt, now),
      r.type,
      r.reason,
      r.object,
      r.subobject,
      r.source,
      r.message,
      ageSince(r.firstSeenAt, now),
      r.count,
      r.name,
    ),
  status: eventStatus,
  drill: drillEvent,
  can: served,
};
