// The scale subresource: an autoscaling/v1 Scale view of a workload's spec.replicas. Writing it changes
// the parent's replicas (which bumps its generation).

import type { KObject, LabelSelector } from '../../util/k8s.js';
import { fromLabelSelector, selectorToString } from '../../util/selector.js';
import type { ResourceInfo } from '../resources.js';
import { isObj, PatchError } from './patch.js';
import type { Json } from './patch.js';

interface Scalable {
  replicas?: number;
  selector?: LabelSelector;
}

export function toScale(o: KObject): KObject {
  const spec = (o.spec ?? {}) as Scalable;
  const status = (o.status ?? {}) as { replicas?: number };
  const sel = fromLabelSelector(spec.selector);
  const m = o.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      ...(m.namespace ? { namespace: m.namespace } : {}),
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: sel.ok ? selectorToString(sel.selector) : '' },
  };
}

/** The parent object with the replicas of `scale` (a Scale after PUT or patch). */
export function fromScale(info: ResourceInfo, parent: KObject, scale: Json): KObject {
  if (!isObj(scale)) throw new PatchError('Scale must be an object');
  const spec = scale['spec'];
  const replicas = isObj(spec) ? spec['replicas'] : undefined;
  if (replicas !== undefined && (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0))
    throw new PatchError(
      `Scale.autoscaling "${parent.metadata.name ?? ''}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
      422,
    );
  const out = structuredClone(parent) as KObject & { spec: Scalable };
  out.spec = { ...(parent.spec as Scalable), replicas: replicas ?? 0 };
  const meta = scale['metadata'];
  const rv = isObj(meta) ? meta['resourceVersion'] : undefined;
  out.metadata.resourceVersion = typeof rv === 'string' && rv !== '' ? rv : parent.metadata.resourceVersion;
  void info;
  return out;
}
