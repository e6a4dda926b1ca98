// Helpers shared by the kinds: the SlimBase part of a record and sanitized common cells.
import { ageSince, parseTimestamp } from '../util/age.js';
import type { KObject } from '../util/k8s.js';
import { sanitize } from '../util/sanitize.js';
import type { SlimBase } from './types.js';

const NO_LABELS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** key, uid, name, namespace, rv, labels, created, deleting: the same shape for every kind. */
export function slimBase(obj: KObject): SlimBase {
  const m = obj.metadata ?? {};
  const name = m.name ?? '';
  const namespace = m.namespace || undefined;
  const labels = m.labels && Object.keys(m.labels).length > 0 ? m.labels : NO_LABELS;
  return {
    key: namespace ? `${namespace}/${name}` : name,
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
