// Controller reference management (controller.ControllerRefManager): a controller adopts orphans that
// match its selector (adding a controller ownerReference) and releases objects it owns that no longer
// match (removing it), so `kubectl label pod x app-` takes a pod out of its ReplicaSet and a re-created
// Deployment picks up the ReplicaSets an orphaning delete left behind.

import type { KObject, LabelSelector } from '../../util/k8s.js';
import { fromLabelSelector, matchesLabels } from '../../util/selector.js';
import type { Selector } from '../../util/selector.js';
import type { Gvr, Storage } from '../storage/index.js';
import { controllerRef, ownerRefTo } from './util.js';

const cache = new WeakMap<object, Selector | null>();

/** The parsed spec.selector of a stored (immutable) object; undefined when absent, invalid or empty. */
export function selectorOf(o: { spec?: { selector?: LabelSelector } }): Selector | undefined {
  let sel = cache.get(o);
  if (sel === undefined) {
    const r = fromLabelSelector(o.spec?.selector);
    sel = r.ok && r.selector.requirements.length > 0 ? r.selector : null;
    cache.set(o, sel);
  }
  return sel ?? undefined;
}

export const selects = (sel: Selector | undefined, o: KObject | undefined): boolean =>
  !!sel && !!o && matchesLabels(sel, o.metadata.labels);

/** Adopt orphans among `candidates` (same namespace) that `owner` selects. Returns how many. */
export function adoptOrphans(
  storage: Storage,
  gvr: Gvr,
  owner: KObject,
  candidates: readonly KObject[],
): number {
  const sel = selectorOf(owner as { spec?: { selector?: LabelSelector } });
  if (!sel || owner.metadata.deletionTimestamp) return 0;
  let n = 0;
  for (const o of candidates) {
    if (controllerRef(o) || o.metadata.deletionTimestamp || !selects(sel, o)) continue;
    storage.mutate(gvr, o.metadata.namespace, o.metadata.name ?? '', (d) => {
      if (controllerRef(d)) return false;
      d.metadata.ownerReferences = [...(d.metadata.ownerReferences ?? []), ownerRefTo(owner)];
    });
    n++;
  }
  return n;
}

/** Release owned objects whose labels no longer match the owner's selector. Returns how many. */
export function releaseUnmatched(
  storage: Storage,
  gvr: Gvr,
  owner: KObject,
  owned: readonly KObject[],
): number {
  const sel = selectorOf(owner as { spec?: { selector?: LabelSelector } });
  if (!sel) return 0;
  let n = 0;
  for (const o of owned) {
    if (o.metadata.deletionTimestamp || selects(sel, o)) continue;
    storage.mutate(gvr, o.metadata.namespace, o.metadata.name ?? '', (d) => {
      d.metadata.ownerReferences = (d.metadata.ownerReferences ?? []).filter(
        (r) => r.uid !== owner.metadata.uid,
      );
      if (d.metadata.ownerReferences.length === 0) delete d.metadata.ownerReferences;
    });
    n++;
  }
  return n;
}
