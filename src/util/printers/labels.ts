// How apimachinery's labels package prints label sets and selectors in table cells.
import type { LabelSelector } from '../k8s.js';
import { fromLabelSelector, selectorToString } from '../selector.js';

/** labels.FormatLabels: "a=1,b=2" with keys sorted, "<none>" when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  if (!labels) return '<none>';
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels[k] ?? ''}`).join(',');
}

/**
 * The SELECTOR cell of workload printers: LabelSelectorAsSelector(sel).String(), so an absent or
 * empty selector prints "" and an invalid one "<invalid>" (unlike describe's "<none>").
 */
export function selectorCell(sel: LabelSelector | undefined): string {
  const r = fromLabelSelector(sel);
  return r.ok ? selectorToString(r.selector) : '<invalid>';
}

/**
 * metav1.FormatLabelSelector, used by the ReplicaSet and DaemonSet SELECTOR cells: the string
 * form, "<none>" when empty, "<error>" when invalid.
 */
export function formatSelectorCell(sel: LabelSelector | undefined): string {
  const r = fromLabelSelector(sel);
  if (!r.ok) return '<error>';
  const s = selectorToString(r.selector);
  return s === '' ? '<none>' : s;
}
