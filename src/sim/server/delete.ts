// DELETE of one object and of a collection (deletecollection): DeleteOptions from the body or the
// query, then the Lifecycle decides between immediate, graceful and finalizer-held deletion.

import type { KObject } from '../../util/k8s.js';
import { StorageError } from '../storage/index.js';
import { apiVersionOf } from '../resources.js';
import type { ResourceInfo } from '../resources.js';
import type { Propagation } from './lifecycle.js';
import { isObj } from './patch.js';
import type { Json } from './patch.js';
import { badRequest } from './write.js';
import type { Target, WriteEnv, WriteResult } from './write.js';
import { boolParam } from './query.js';

export interface DeleteParams {
  propagationPolicy?: Propagation;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** DeleteOptions from the body (kubectl) and the query (client-node), the body winning. */
export function deleteParams(body: Json, params: URLSearchParams): DeleteParams {
  const out: DeleteParams = {};
  const src = isObj(body) ? body : {};
  const policy = src['propagationPolicy'] ?? params.get('propagationPolicy') ?? undefined;
  if (policy !== undefined && policy !== null) {
    if (policy !== 'Background' && policy !== 'Foreground' && policy !== 'Orphan')
      throw badRequest(
        `propagationPolicy: Unsupported value: "${String(policy)}": supported values: "Foreground", "Background", "Orphan"`,
      );
    out.propagationPolicy = policy;
  } else if (src['orphanDependents'] === true || boolParam(params, 'orphanDependents'))
    out.propagationPolicy = 'Orphan';
  const grace = src['gracePeriodSeconds'] ?? params.get('gracePeriodSeconds') ?? undefined;
  if (grace !== undefined && grace !== null) {
    const g = Number(grace);
    if (!Number.isInteger(g)) throw badRequest('gracePeriodSeconds: must be an integer');
    out.gracePeriodSeconds = Math.max(0, g);
  }
  const pre = src['preconditions'];
  if (isObj(pre))
    out.preconditions = {
      ...(typeof pre['uid'] === 'string' ? { uid: pre['uid'] } : {}),
      ...(typeof pre['resourceVersion'] === 'string' ? { resourceVersion: pre['resourceVersion'] } : {}),
    };
  return out;
}

function successStatus(info: ResourceInfo, o: KObject): unknown {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name: o.metadata.name,
      ...(info.gvr.group ? { group: info.gvr.group } : {}),
      kind: info.gvr.resource,
      uid: o.metadata.uid,
    },
  };
}

export function remove(env: WriteEnv, t: Target, opts: DeleteParams, dryRun: boolean): WriteResult {
  const r = env.lifecycle.delete(t.info, t.namespace, t.name ?? '', { ...opts, dryRun });
  return { code: 200, body: r.gone ? successStatus(t.info, r.object) : r.object };
}

export function removeCollection(
  env: WriteEnv,
  t: Target,
  match: (o: KObject) => boolean,
  opts: DeleteParams,
  dryRun: boolean,
): WriteResult {
  const items: KObject[] = [];
  for (const o of env.storage.list(t.info.gvr, t.namespace).items) {
    if (!match(o)) continue;
    try {
      items.push(
        env.lifecycle.delete(t.info, o.metadata.namespace, o.metadata.name ?? '', { ...opts, dryRun }).object,
      );
    } catch (e) {
      if (!(e instanceof StorageError && e.code === 404)) throw e;
    }
  }
  return {
    code: 200,
    body: {
      kind: t.info.listKind,
      apiVersion: apiVersionOf(t.info.gvr),
      metadata: { resourceVersion: String(env.storage.currentRV()) },
      items,
    },
  };
}
