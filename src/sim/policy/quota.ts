// ResourceQuota usage and admission (pkg/quota/v1/evaluator/core, plugin/pkg/admission/resourcequota):
// what an object counts against a quota (object counts, pods' cpu/memory requests and limits, service
// node ports and load balancers, claims' storage), a namespace's usage now, and the check that refuses a
// create going over a quota with the plugin's message.

import type { KObject, Pod, Service } from '../../util/k8s.js';
import { findResource, RESOURCEQUOTAS, RESOURCES } from '../resources.js';
import type { ResourceInfo } from '../resources.js';
import type { Gvr, Storage } from '../storage/index.js';
import { formatQuantity, q } from './quantity.js';

interface ScopeRequirement {
  scopeName?: string;
  operator?: string;
  values?: string[];
}
export type Quota = KObject & {
  spec?: { hard?: Record<string, string>; scopes?: string[]; scopeSelector?: { matchExpressions?: ScopeRequirement[] } };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
};

/** Legacy object-count names (`pods`, `services`…) for core kinds. */
const LEGACY: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
  secrets: 'secrets',
  configmaps: 'configmaps',
  persistentvolumeclaims: 'persistentvolumeclaims',
};

const COMPUTE = ['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];

const countName = (g: Gvr): string => `count/${g.resource}${g.group ? `.${g.group}` : ''}`;

function podCounts(p: Pod): boolean {
  const phase = p.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/** The pod's effective compute: max(sum of containers, largest init container) per resource. */
function podCompute(p: Pod): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of ['requests', 'limits'] as const)
    for (const r of ['cpu', 'memory']) {
      let sum = 0;
      for (const c of p.spec?.containers ?? []) sum += q(c.resources?.[key]?.[r]);
      let init = 0;
      for (const c of p.spec?.initContainers ?? []) init = Math.max(init, q(c.resources?.[key]?.[r]));
      out[`${key}.${r}`] = Math.max(sum, init);
    }
  out['cpu'] = out['requests.cpu'] ?? 0;
  out['memory'] = out['requests.memory'] ?? 0;
  return out;
}

/** A quota's scopes as selector requirements (a scope listed in `scopes` is an `Exists`). */
function scopesOf(quota: Quota): ScopeRequirement[] {
  const listed = (quota.spec?.scopes ?? []).map((scopeName) => ({ scopeName, operator: 'Exists' }));
  return [...listed, ...(quota.spec?.scopeSelector?.matchExpressions ?? [])];
}

/** The pod's QoS is BestEffort: no container requests or limits cpu or memory. */
function bestEffort(p: Pod): boolean {
  return [...(p.spec?.containers ?? []), ...(p.spec?.initContainers ?? [])].every((c) =>
    ['cpu', 'memory'].every((r) => c.resources?.requests?.[r] === undefined && c.resources?.limits?.[r] === undefined),
  );
}

/** Whether the pod names other namespaces in its pod (anti-)affinity terms. */
function crossNamespaceAffinity(p: Pod): boolean {
  const aff = (p.spec as { affinity?: Record<string, Record<string, unknown[]> | undefined> } | undefined)?.affinity;
  const terms = ['podAffinity', 'podAntiAffinity'].flatMap((k) => {
    const a = aff?.[k];
    const weighted = (a?.['preferredDuringSchedulingIgnoredDuringExecution'] ?? []).map((w) => (w as { podAffinityTerm?: unknown }).podAffinityTerm);
    return [...(a?.['requiredDuringSchedulingIgnoredDuringExecution'] ?? []), ...weighted];
  }) as ({ namespaces?: string[]; namespaceSelector?: unknown } | undefined)[];
  return terms.some((t) => (t?.namespaces?.length ?? 0) > 0 || t?.namespaceSelector !== undefined);
}

/** One scope requirement against a pod (pkg/quota/v1/evaluator/core/pods.go). */
function podMatchesScope(p: Pod, r: ScopeRequirement): boolean {
  const spec = p.spec as { activeDeadlineSeconds?: number; priorityClassName?: string } | undefined;
  switch (r.scopeName) {
    case 'Terminating':
      return spec?.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds >= 0;
    case 'NotTerminating':
      return spec?.activeDeadlineSeconds === undefined;
    case 'BestEffort':
      return bestEffort(p);
    case 'NotBestEffort':
      return !bestEffort(p);
    case 'CrossNamespacePodAffinity':
      return crossNamespaceAffinity(p);
    case 'PriorityClass': {
      const pc = spec?.priorityClassName ?? '';
      if (r.operator === 'Exists') return pc !== '';
      if (r.operator === 'DoesNotExist') return pc === '';
      if (r.operator === 'In') return (r.values ?? []).includes(pc);
      if (r.operator === 'NotIn') return !(r.values ?? []).includes(pc);
      return false;
    }
    default:
      return false;
  }
}

/**
 * Whether a quota counts this object: an unscoped quota counts everything it names; a scoped one only pods
 * that match every scope (the quota evaluators of other kinds support no scopes).
 */
function quotaCounts(quota: Quota, info: ResourceInfo, o: KObject): boolean {
  const scopes = scopesOf(quota);
  if (scopes.length === 0) return true;
  if (!(info.gvr.group === '' && info.gvr.resource === 'pods')) return false;
  return scopes.every((r) => podMatchesScope(o as Pod, r));
}

/** What one object adds to each quota resource name. */
function usageOf(info: ResourceInfo, o: KObject): Record<string, number> {
  const g = info.gvr;
  if (g.group === '' && g.resource === 'pods' && !podCounts(o as Pod)) return {};
  const out: Record<string, number> = { [countName(g)]: 1 };
  const legacy = g.group === '' ? LEGACY[g.resource] : undefined;
  if (legacy) out[legacy] = 1;
  if (g.group === '' && g.resource === 'pods') Object.assign(out, podCompute(o as Pod));
  if (g.group === '' && g.resource === 'services') {
    const spec = (o as Service).spec;
    const ports = spec?.ports?.length ?? 0;
    if (spec?.type === 'NodePort' || spec?.type === 'LoadBalancer') out['services.nodeports'] = ports;
    if (spec?.type === 'LoadBalancer') out['services.loadbalancers'] = 1;
  }
  if (g.group === '' && g.resource === 'persistentvolumeclaims') {
    const st = (o as KObject & { spec?: { resources?: { requests?: Record<string, string> } } }).spec;
    out['requests.storage'] = q(st?.resources?.requests?.['storage']);
  }
  return out;
}

function infoFor(name: string): ResourceInfo | undefined {
  const legacy = Object.entries(LEGACY).find(([, v]) => v === name)?.[0];
  if (legacy) return findResource('', 'v1', legacy);
  if (COMPUTE.includes(name)) return findResource('', 'v1', 'pods');
  if (name.startsWith('services.')) return findResource('', 'v1', 'services');
  if (name === 'requests.storage') return findResource('', 'v1', 'persistentvolumeclaims');
  const m = /^count\/([^.]+)(?:\.(.+))?$/.exec(name);
  if (!m) return undefined;
  return RESOURCES.find((r) => r.gvr.resource === m[1] && r.gvr.group === (m[2] ?? ''));
}

/** A namespace's usage of the resource names in `hard`, as the quota controller computes it. */
export function namespaceUsage(
  storage: Storage,
  ns: string,
  hard: Record<string, string>,
  quota?: Quota,
): Record<string, number> {
  const used: Record<string, number> = Object.fromEntries(Object.keys(hard).map((k) => [k, 0]));
  const seen = new Set<string>();
  for (const name of Object.keys(hard)) {
    const info = infoFor(name);
    if (!info || seen.has(info.gvr.resource + info.gvr.group)) continue;
    seen.add(info.gvr.resource + info.gvr.group);
    for (const o of storage.list(info.gvr, ns).items)
      if (!quota || quotaCounts(quota, info, o))
        for (const [k, v] of Object.entries(usageOf(info, o))) if (k in hard) used[k] = (used[k] ?? 0) + v;
  }
  return used;
}

export const formatUsed = (
  used: Record<string, number>,
  hard: Record<string, string>,
): Record<string, string> =>
  Object.fromEntries(Object.keys(hard).map((k) => [k, formatQuantity(used[k] ?? 0, hard[k] ?? '')]));

const pretty = (r: Record<string, string>): string =>
  Object.keys(r)
    .sort()
    .map((k) => `${k}=${r[k] ?? ''}`)
    .join(',');

/** The refusal text for creating `o` (undefined: every quota of its namespace allows it). */
export function quotaRefusal(storage: Storage, info: ResourceInfo, o: KObject): string | undefined {
  const ns = o.metadata.namespace;
  if (!ns) return undefined;
  const quotas = storage.list(RESOURCEQUOTAS, ns).items as Quota[];
  if (quotas.length === 0) return undefined;
  const add = usageOf(info, o);
  if (Object.keys(add).length === 0) return undefined;
  for (const quota of quotas) {
    const hard = quota.spec?.hard ?? {};
    const name = quota.metadata.name ?? '';
    if (!quotaCounts(quota, info, o)) continue;
    if (info.gvr.group === '' && info.gvr.resource === 'pods') {
      const missing = missingCompute(o as Pod, Object.keys(hard));
      if (missing) return `failed quota: ${name}: must specify ${missing}`;
    }
    const tracked = Object.keys(add).filter((k) => k in hard);
    if (tracked.length === 0) continue;
    const used = namespaceUsage(storage, ns, hard, quota);
    const over = tracked.filter((k) => (used[k] ?? 0) + (add[k] ?? 0) > q(hard[k]));
    if (over.length === 0) continue;
    const pick = (f: (k: string) => string): Record<string, string> =>
      Object.fromEntries(over.map((k) => [k, f(k)]));
    return `exceeded quota: ${name}, requested: ${pretty(pick((k) => formatQuantity(add[k] ?? 0, hard[k])))}, used: ${pretty(
      pick((k) => formatQuantity(used[k] ?? 0, hard[k])),
    )}, limited: ${pretty(pick((k) => hard[k] ?? ''))}`;
  }
  return undefined;
}

/** A quota on cpu or memory needs every container to say how much it requests (or limits). */
function missingCompute(p: Pod, hard: string[]): string | undefined {
  const required = hard.filter((h) => COMPUTE.includes(h)).sort();
  const segments: string[] = [];
  for (const r of required) {
    const [kind, res] = r.includes('.') ? (r.split('.') as [string, string]) : ['requests', r];
    const names = [...(p.spec?.containers ?? []), ...(p.spec?.initContainers ?? [])]
      .filter(
        (c) => (kind === 'limits' ? c.resources?.limits?.[res] : c.resources?.requests?.[res]) === undefined,
      )
      .map((c) => c.name)
      .sort();
    if (names.length) segments.push(`${r} for: ${names.join(',')}`);
  }
  return segments.length ? segments.join('; ') : undefined;
}
