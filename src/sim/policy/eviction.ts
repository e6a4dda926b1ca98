// pods/NAME/eviction (pkg/registry/core/pod/storage/eviction.go): a delete that honours the pod's
// PodDisruptionBudget. A pod that is pending, finished or already being deleted goes at once; with one
// budget covering it, the eviction spends one of its allowed disruptions, or is refused with 429
// TooManyRequests (cause DisruptionBudget) when none is left; more than one budget is a 500, as upstream.

import type { Pod } from '../../util/k8s.js';
import { StorageError } from '../storage/index.js';
import { PODDISRUPTIONBUDGETS, PODS, resourceInfo } from '../resources.js';
import type { Lifecycle } from '../server/lifecycle.js';
import { isObj } from '../server/patch.js';
import type { Json } from '../server/patch.js';
import type { Storage } from '../storage/index.js';
import { computePdbStatus, pdbCovers } from '../controllers/disruption.js';
import type { Pdb } from '../controllers/disruption.js';
import { isPodReady, timestamp } from '../controllers/util.js';

export interface EvictionEnv {
  storage: Storage;
  lifecycle: Lifecycle;
  now: () => number;
}

/** A failure with a Status body of its own (429 with causes). */
export class EvictionRefused extends Error {
  constructor(readonly status: Record<string, unknown>) {
    super(String(status['message']));
  }
}

function tooMany(message: string, cause: string): EvictionRefused {
  return new EvictionRefused({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'TooManyRequests',
    details: { causes: [{ reason: 'DisruptionBudget', message: cause }] },
    code: 429,
  });
}

const VIOLATES = "Cannot evict pod as it would violate the pod's disruption budget.";

export function evict(
  env: EvictionEnv,
  ns: string,
  name: string,
  body: Json,
): { code: number; body: unknown } {
  const { storage } = env;
  const pod = storage.get(PODS, ns, name) as Pod | undefined;
  if (!pod) throw new StorageError(404, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' });
  const ev = isObj(body) ? body : {};
  const meta = isObj(ev['metadata']) ? ev['metadata'] : {};
  if (typeof meta['name'] === 'string' && meta['name'] !== '' && meta['name'] !== name)
    throw new StorageError(400, 'BadRequest', 'name in URL does not match name in Eviction object');
  const opts = isObj(ev['deleteOptions']) ? ev['deleteOptions'] : {};
  const dryRun = Array.isArray(opts['dryRun']) && opts['dryRun'].length > 0;
  const grace = typeof opts['gracePeriodSeconds'] === 'number' ? opts['gracePeriodSeconds'] : undefined;
  const del = (): { code: number; body: unknown } => {
    const info = resourceInfo(PODS);
    if (!info) throw new Error('pods are not served');
    env.lifecycle.delete(info, ns, name, {
      ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}),
      dryRun,
    });
    return {
      code: 201,
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 },
    };
  };
  const phase = pod.status?.phase;
  if (pod.metadata.deletionTimestamp || phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending')
    return del();
  const pdbs = (storage.list(PODDISRUPTIONBUDGETS, ns).items as Pdb[]).filter((p) => pdbCovers(p, pod));
  if (pdbs.length === 0) return del();
  if (pdbs.length > 1)
    throw new EvictionRefused({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      reason: 'InternalError',
      code: 500,
    });
  const pdb = pdbs[0] as Pdb;
  const pdbName = pdb.metadata.name ?? '';
  if ((pdb.status?.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1))
    throw tooMany(VIOLATES, `The disruption budget ${pdbName} is still being processed by the server.`);
  // an unhealthy pod may go when the budget is met (IfHealthyBudget) or always (AlwaysAllow)
  const status = computePdbStatus(storage, pdb, env.now());
  if (!isPodReady(pod)) {
    if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return del();
    if ((status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0) && (status.desiredHealthy ?? 0) > 0)
      return del();
  }
  const allowed = Math.min(pdb.status?.disruptionsAllowed ?? 0, status.disruptionsAllowed ?? 0);
  if (allowed <= 0)
    throw tooMany(
      VIOLATES,
      `The disruption budget ${pdbName} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`,
    );
  if (!dryRun)
    storage.mutate(PODDISRUPTIONBUDGETS, ns, pdbName, (d) => {
      const s = ((d as Pdb).status ??= {});
      s.disruptionsAllowed = allowed - 1;
      s.disruptedPods = { ...s.disruptedPods, [name]: timestamp(env.now()) };
    });
  return del();
}
