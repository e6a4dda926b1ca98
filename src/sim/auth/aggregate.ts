// ClusterRole aggregation (pkg/controller/clusterroleaggregation): a ClusterRole with an
// aggregationRule gets the rules of every other ClusterRole its selectors match, in name order, without
// duplicates.

import type { KObject } from '../../util/k8s.js';
import type { LabelSelector } from '../../util/k8s.js';
import { fromLabelSelector, matchesLabels } from '../../util/selector.js';
import { arr } from './rbac.js';
import type { PolicyRule, Role } from './rbac.js';

export type AggregatedRole = Role & { aggregationRule?: { clusterRoleSelectors?: LabelSelector[] } };

const same = (a: PolicyRule, b: PolicyRule): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The rules `role` should have, or undefined when it aggregates nothing. */
export function aggregatedRules(role: AggregatedRole, all: readonly KObject[]): PolicyRule[] | undefined {
  const selectors = role.aggregationRule?.clusterRoleSelectors;
  if (!Array.isArray(selectors)) return undefined;
  const sorted = [...all].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  const out: PolicyRule[] = [];
  for (const ls of selectors) {
    const sel = fromLabelSelector(ls);
    if (!sel.ok) continue;
    for (const o of sorted) {
      if (o.metadata.name === role.metadata.name || !matchesLabels(sel.selector, o.metadata.labels)) continue;
      for (const rule of arr((o as Role).rules)) if (!out.some((x) => same(x, rule))) out.push(rule);
    }
  }
  return out;
}
