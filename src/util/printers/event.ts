// kubectl's printEvent (Kubernetes 1.32), over the raw core/v1 Event.
import { ageOf } from '../age.js';
import type { Event } from '../k8s-more.js';

export interface EventCells {
  /** LAST SEEN: age of series.lastObservedTime, lastTimestamp, or else FIRST SEEN. */
  lastSeen: string;
  type: string;
  reason: string;
  /** OBJECT: "kind/name" with the kind lower-cased, or just the kind. */
  object: string;
  /** SUBOBJECT (wide): involvedObject.fieldPath. */
  subobject: string;
  /** SOURCE (wide): "component, host" (reportingController/Instance as fallbacks). */
  source: string;
  /** MESSAGE, trimmed. */
  message: string;
  /** FIRST SEEN (wide): age of firstTimestamp, or else eventTime; "<unknown>" when neither. */
  firstSeen: string;
  /** COUNT (wide): series.count, count, or 1. */
  count: number;
}

/** The OBJECT cell from an involvedObject's kind and name. */
function eventObject(kind: string | undefined, name: string | undefined): string {
  const k = (kind ?? '').toLowerCase();
  return name ? `${k}/${name}` : k;
}

function eventSource(ev: Event): string {
  const component = ev.source?.component || ev.reportingComponent || '';
  const instance = ev.source?.host || ev.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

/** Every cell but NAME, in kubectl's column order; `now` in epoch ms. */
export function eventCells(ev: Event, now: number): EventCells {
  const firstSeen = ev.firstTimestamp ? ageOf(ev.firstTimestamp, now) : ageOf(ev.eventTime ?? undefined, now);
  let lastSeen = ev.lastTimestamp ? ageOf(ev.lastTimestamp, now) : firstSeen;
  let count = ev.count ?? 0;
  if (ev.series) {
    lastSeen = ageOf(ev.series.lastObservedTime, now);
    count = ev.series.count ?? 0;
  } else if (count === 0) {
    count = 1;
  }
  return {
    lastSeen,
    type: ev.type ?? '',
    reason: ev.reason ?? '',
    object: eventObject(ev.involvedObject?.kind, ev.involvedObject?.name),
    subobject: ev.involvedObject?.fieldPath ?? '',
    source: eventSource(ev),
    message: (ev.message ?? '').trim(),
    firstSeen,
    count,
  };
}
