// Small helpers shared by the simulator's controllers: timestamps, owner references, pod predicates
// (as pkg/controller/controller_utils.go defines them) and resource quantities.

import type { Condition, KObject, OwnerReference, Pod, PodTemplateSpec } from '../../util/k8s.js';
import type { Rng } from '../rng.js';
import { PODS } from '../resources.js';
import { copyJson } from '../storage/index.js';
import { rfc3339Seconds } from '../time.js';
import type { Gvr, Storage } from '../storage/index.js';

/** RFC 3339 without fractional seconds, as the API writes metav1.Time. */
export const timestamp = rfc3339Seconds;

export const parseTime = (ts: string | undefined | null): number => (ts ? Date.parse(ts) : NaN);

export function controllerRef(o: KObject): OwnerReference | undefined {
  // a loop, not find() with a closure: every owner index asks this of every pod event, before and after
  const refs = o.metadata.ownerReferences;
  if (refs) for (const r of refs) if (r.controller === true) return r;
  return undefined;
}

/** A controller ownerReference pointing at `owner`. */
export function ownerRefTo(owner: KObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion ?? '',
    kind: owner.kind ?? '',
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export const conditionOf = (p: Pod, type: string): Condition | undefined =>
  p.status?.conditions?.find((c) => c.type === type);

export const isPodReady = (p: Pod): boolean => conditionOf(p, 'Ready')?.status === 'True';

/** Ready for at least `minReadySeconds` at `now` (podutil.IsPodAvailable). */
export function isPodAvailable(p: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(p)) return false;
  if (minReadySeconds <= 0) return true;
  const since = parseTime(conditionOf(p, 'Ready')?.lastTransitionTime);
  return Number.isNaN(since) || since + minReadySeconds * 1000 <= now;
}

/** Not finished and not being deleted (controller.IsPodActive). */
export const isPodActive = (p: Pod): boolean =>
  p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.metadata.deletionTimestamp;

export const isTerminal = (p: Pod): boolean =>
  p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

const SUFFIX: Record<string, number> = {
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
};

/** A resource.Quantity as a number ("100m" → 0.1, "1Gi" → 1073741824); NaN when unparseable. */
export function parseQuantity(q: string | number | undefined): number {
  if (q === undefined) return 0;
  if (typeof q === 'number') return q;
  const m = /^([+-]?[0-9.]+(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(q.trim());
  if (!m) return NaN;
  const mult = m[2] ? SUFFIX[m[2]] : 1;
  return mult === undefined ? NaN : Number(m[1]) * mult;
}

/** Sum of a pod's container requests (max with any init container, as the scheduler computes it). */
export function podRequests(p: Pod): { cpu: number; memory: number } {
  const sum = { cpu: 0, memory: 0 };
  for (const c of p.spec?.containers ?? []) {
    sum.cpu += parseQuantity(c.resources?.requests?.['cpu']) || 0;
    sum.memory += parseQuantity(c.resources?.requests?.['memory']) || 0;
  }
  for (const c of p.spec?.initContainers ?? []) {
    sum.cpu = Math.max(sum.cpu, parseQuantity(c.resources?.requests?.['cpu']) || 0);
    sum.memory = Math.max(sum.memory, parseQuantity(c.resources?.requests?.['memory']) || 0);
  }
  return sum;
}

/** Resolve an int-or-percent against `total` (intstr.GetScaledValueFromIntOrPercent). */
export function scaledValue(
  v: number | string | undefined,
  total: number,
  roundUp: boolean,
  dflt: string,
): number {
  const x = v ?? dflt;
  if (typeof x === 'number') return x;
  const m = /^(\d+)%$/.exec(x);
  if (!m) return Number.parseInt(x, 10) || 0;
  const f = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(f) : Math.floor(f);
}

/**
 * Delete a pod the way the API server does for a client's DELETE: a pod bound to a node and still running
 * gets deletionTimestamp = now + grace period (the kubelet stops its containers, then removes it); an
 * unbound or finished one goes at once. Idempotent.
 */
export function deletePodGracefully(storage: Storage, p: Pod, now: number, graceSeconds?: number): void {
  const ns = p.metadata.namespace;
  const name = p.metadata.name ?? '';
  if (p.metadata.deletionTimestamp) return;
  if (!p.spec?.nodeName || isTerminal(p)) {
    if (storage.get(PODS, ns, name)) storage.delete(PODS, ns, name);
    return;
  }
  const grace = graceSeconds ?? p.spec.terminationGracePeriodSeconds ?? 30;
  storage.mutate(PODS, ns, name, (d) => {
    if (d.metadata.deletionTimestamp) return false;
    d.metadata.deletionTimestamp = timestamp(now + grace * 1000);
    d.metadata.deletionGracePeriodSeconds = grace;
  });
}

/**
 * A new pod from an owner's template, as the ReplicaSet, DaemonSet and Job controllers make them: a name
 * `<base><5 random chars>` free in the namespace (generateName), the template's labels and annotations
 * plus `extra`, a controller ownerReference, and a copy of the template's spec. Not yet stored.
 */
/** `<owner>-`, one string per owner name (every pod kept its own copy as its generateName). */
const generateNames = new Map<string, string>();
function generateNameOf(owner: string): string {
  let base = generateNames.get(owner);
  if (base === undefined) {
    if (generateNames.size >= 10_000) generateNames.clear();
    generateNames.set(owner, (base = `${owner}-`));
  }
  return base;
}

export function podFromTemplate(
  storage: Storage,
  rng: Rng,
  owner: KObject,
  template: PodTemplateSpec | undefined,
  opts: { base?: string; labels?: Record<string, string>; annotations?: Record<string, string> } = {},
): Pod {
  const base = opts.base ?? generateNameOf(owner.metadata.name ?? '');
  // joined, not concatenated: a stored name is kept flat, not as a rope over the base and the suffix
  let name = [base, rng.chars(5)].join('');
  while (storage.get(PODS, owner.metadata.namespace, name)) name = [base, rng.chars(5)].join('');
  const annotations = { ...template?.metadata?.annotations, ...opts.annotations };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: base,
      namespace: owner.metadata.namespace,
      labels: { ...template?.metadata?.labels, ...opts.labels },
      ...(Object.keys(annotations).length ? { annotations } : {}),
      ownerReferences: [ownerRefTo(owner)],
    },
    spec: copyJson(template?.spec ?? { containers: [] }),
  };
}

/**
 * A controller's status write: `status` replaces the stored one, and the spec (with its pod template) stays
 * the stored, frozen object, which the write's compare, sharing and freeze then pass over.
 */
export function writeStatus(storage: Storage, gvr: Gvr, o: KObject, status: unknown): void {
  storage.mutate(
    gvr,
    o.metadata.namespace,
    o.metadata.name ?? '',
    (d) => {
      d.status = status;
    },
    { shallow: ['spec'] },
  );
}
