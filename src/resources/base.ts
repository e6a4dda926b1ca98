// Helpers shared by the kinds: the SlimBase part of a record and sanitized common cells.
import { ageSince, parseTimestamp } from '../util/age.js';
import type { KObject, LabelSelector } from '../util/k8s.js';
import { sanitize } from '../util/sanitize.js';
import { intern, internRecord } from '../util/intern.js';
import { fromLabelSelector, selectorToString } from '../util/selector.js';
import type { DrillTarget, SlimBase, Tone } from './types.js';

/**
 * key, uid, name, namespace, rv, labels, created, deleting: the same shape for every kind. The namespace and
 * the labels are shared with the other records that have the same (src/util/intern.ts): frozen, never mutated.
 */
export function slimBase(obj: KObject): SlimBase {
  const m = obj.metadata ?? {};
  const name = m.name ?? '';
  const namespace = m.namespace ? intern(m.namespace) : undefined;
  const labels = internRecord(m.labels) as Record<string, string>;
  return {
    // joined, not concatenated: one flat string, not a rope over the parts (and hashed as a map key once)
    key: namespace ? [namespace, name].join('/') : name,
    uid: m.uid ?? '',
    name,
    namespace,
    rv: m.resourceVersion ?? '',
    labels,
    created: parseTimestamp(m.creationTimestamp),
    deleting: Boolean(m.deletionTimestamp),
  };
}

/** The AGE cell. */
export const ageCell = (rec: SlimBase, now: number): string => ageSince(rec.created, now);

/** Cells are untrusted text: every one goes through sanitize (a no-op for clean strings). */
export const cells = (...values: (string | number)[]): string[] =>
  values.map((v) => (typeof v === 'number' ? String(v) : sanitize(v)));

/** "" → "<none>", as kubectl prints empty optional cells. */
export const orNone = (s: string | undefined): string => (s ? s : '<none>');

/**
 * A workload's spec.selector as a `labelSelector=` string ("app=web,tier in (a,b)"); "" when absent,
 * empty or invalid (an empty selector would match every pod, so it never leads a drill-down).
 */
export function podSelector(ls: LabelSelector | undefined): string {
  const r = fromLabelSelector(ls);
  return r.ok ? selectorToString(r.selector) : '';
}

/** The drill-down to the pods a selector picks in one namespace; undefined without a selector. */
export function podsBySelector(namespace: string | undefined, labelSelector: string): DrillTarget | undefined {
  return labelSelector ? { resource: 'pods', namespace, labelSelector } : undefined;
}

/** Status of kinds without one of their own: Terminating (warn) once deleted, else Active (ok). */
export function plainStatus(r: SlimBase): { text: string; tone: Tone } {
  return r.deleting ? { text: 'Terminating', tone: 'warn' } : { text: 'Active', tone: 'ok' };
}

/** Epoch ms of an optional timestamp (NaN when missing), for cells computed at row time. */
export const epoch = (t: string | null | undefined): number => parseTimestamp(t ?? undefined);
