// Admission plugins of issue 11, after the defaults of ../admission.ts: defaults for the new kinds
// (HPA, NetworkPolicy, PriorityClass, ReplicationController, LimitRange), Priority (a pod's priority
// from its PriorityClass), LimitRanger and ResourceQuota, refusing with the real 403 messages.

import type { KObject, Pod } from '../../util/k8s.js';
import { PRIORITYCLASSES, resourceInfo } from '../resources.js';
import type { ResourceInfo } from '../resources.js';
import { StorageError } from '../storage/index.js';
import type { Admission, Gvr, Storage } from '../storage/index.js';
import { aggregate } from '../auth/rbac.js';
import { defaultLimitRange, limitRangePod } from './limitrange.js';
import { quotaRefusal } from './quota.js';

type Obj = Record<string, unknown>;
type Spec = KObject & { spec?: Obj };

function forbidden(info: ResourceInfo, o: KObject, why: string): StorageError {
  const g = info.gvr;
  // admission runs before name generation upstream: a generated name is reported as its prefix
  const m = o.metadata;
  const name = m.generateName && m.name?.startsWith(m.generateName) ? m.generateName : (m.name ?? '');
  const what = `${g.resource}${g.group ? `.${g.group}` : ''}${name ? ` "${name}"` : ''}`;
  return new StorageError(403, 'Forbidden', `${what} is forbidden: ${why}`, {
    ...(name ? { name } : {}),
    ...(g.group ? { group: g.group } : {}),
    kind: g.resource,
  });
}

/** The kinds whose spec this admission defaults; every other object is left as it came (no empty spec). */
const DEFAULTED = new Set(['HorizontalPodAutoscaler', 'NetworkPolicy', 'ReplicationController', 'LimitRange']);

function defaults(kind: string, o: KObject): void {
  if (!DEFAULTED.has(kind)) return;
  const spec = ((o as Spec).spec ??= {});
  switch (kind) {
    case 'HorizontalPodAutoscaler':
      spec['minReplicas'] ??= 1;
      if (!Array.isArray(spec['metrics']) || spec['metrics'].length === 0)
        spec['metrics'] = [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
          },
        ];
      return;
    case 'NetworkPolicy':
      spec['podSelector'] ??= {};
      if (!Array.isArray(spec['policyTypes']))
        spec['policyTypes'] = Array.isArray(spec['egress']) ? ['Ingress', 'Egress'] : ['Ingress'];
      return;
    case 'ReplicationController': {
      spec['replicas'] ??= 1;
      const tpl = spec['template'] as { metadata?: { labels?: Record<string, string> } } | undefined;
      const labels = tpl?.metadata?.labels;
      if (labels && !spec['selector']) spec['selector'] = { ...labels };
      if (labels && !o.metadata.labels) o.metadata.labels = { ...labels };
      return;
    }
    case 'LimitRange':
      return defaultLimitRange(o);
  }
}

function priority(storage: Storage, info: ResourceInfo, pod: Pod): void {
  const s = pod.spec as unknown as Obj | undefined;
  if (!s) return;
  const name = s['priorityClassName'];
  if (typeof name === 'string' && name !== '') {
    const pc = storage.get(PRIORITYCLASSES, undefined, name) as
      (KObject & { value?: number; preemptionPolicy?: string }) | undefined;
    if (!pc) throw forbidden(info, pod, `no PriorityClass with name ${name} was found`);
    s['priority'] = pc.value ?? 0;
    s['preemptionPolicy'] = pc.preemptionPolicy ?? 'PreemptLowerPriority';
    return;
  }
  const dflt = (
    storage.list(PRIORITYCLASSES).items as (KObject & { value?: number; globalDefault?: boolean })[]
  ).find((p) => p.globalDefault);
  if (dflt) {
    s['priorityClassName'] = dflt.metadata.name;
    s['priority'] = dflt.value ?? 0;
  }
}

export function policyAdmission(getStorage: () => Storage): Admission {
  return (gvr: Gvr, obj: KObject, old: KObject | undefined): void => {
    const info = resourceInfo(gvr);
    if (!info || info.custom) return;
    if (info.kind === 'PriorityClass')
      (obj as KObject & { preemptionPolicy?: string }).preemptionPolicy ??= 'PreemptLowerPriority';
    else defaults(info.kind, obj);
    if (old) return;
    const storage = getStorage();
    if (gvr.group === '' && gvr.resource === 'pods') {
      priority(storage, info, obj as Pod);
      const errs = limitRangePod(storage, obj as Pod);
      if (errs.length) throw forbidden(info, obj, aggregate(errs));
    }
    const refusal = quotaRefusal(storage, info, obj);
    if (refusal) throw forbidden(info, obj, refusal);
  };
}
