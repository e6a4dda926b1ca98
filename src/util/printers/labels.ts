// How apimachinery's labels package prints selectors and label sets.
import type { LabelSelector } from '../k8s.js';

/** labels.FormatLabels: "a=1,b=2" with keys sorted, "<none>" when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  if (!labels) return '<none>';
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels[k] ?? ''}`).join(',');
}

const sortedValues = (values: readonly string[]): string => [...values].sort().join(',');

/**
 * metav1.LabelSelectorAsSelector(sel).String(): requirements sorted by key, matchLabels as "k=v",
 * In/NotIn as "k in (a,b)" with sorted values, Exists as "k", DoesNotExist as "!k".
 * An absent or empty selector prints ""; an invalid one "<invalid>" (as kubectl's printers do).
 */
export function formatLabelSelector(sel: LabelSelector | undefined): string {
  if (!sel) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key, text: `${key}=${value}` });
  for (const expr of sel.matchExpressions ?? []) {
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) return '<invalid>';
        reqs.push({ key: expr.key, text: `${expr.key} ${expr.operator === 'In' ? 'in' : 'notin'} (${sortedValues(values)})` });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) return '<invalid>';
        reqs.push({ key: expr.key, text: expr.operator === 'Exists' ? expr.key : `!${expr.key}` });
        break;
      default:
        return '<invalid>';
    }
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return reqs.map((r) => r.text).join(',');
}
