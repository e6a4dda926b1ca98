// Server-side apply (PATCH with application/apply-patch+yaml): the field manager's apply over the live
// object (or over nothing: apply creates), conflicts answered 409 as a real API server does, and the
// resulting object stored through the same path as every other write. The logic is src/sim/ssa.

import type { KObject } from '../../util/k8s.js';
import { StorageError } from '../storage/index.js';
import { applyConfig, ConflictError, printManager } from '../ssa/managed-fields.js';
import type { ApplyResult } from '../ssa/managed-fields.js';
import { rfc3339 } from '../ssa/track.js';
import type { Json } from './patch.js';
import {
  asObject,
  badRequest,
  checkKind,
  checkNamespace,
  hasStatus,
  notFound,
  replace,
  scrubForCreate,
} from './write.js';
import type { Target, WriteCtx, WriteEnv, WriteResult } from './write.js';
import { validate } from './validate.js';
import { typeCheck } from './type-check.js';

type Obj = Record<string, unknown>;

function conflict(e: ConflictError): StorageError {
  return new StorageError(409, 'Conflict', e.message, {
    causes: e.conflicts.map((c) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with ${printManager(c)}`,
      field: c.path,
    })),
  });
}

export function serverSideApply(
  env: WriteEnv,
  t: Target,
  cur: KObject | undefined,
  body: Json,
  dryRun: boolean,
  ctx: WriteCtx,
): WriteResult {
  const { info } = t;
  const name = t.name ?? '';
  if (!cur && t.subresource !== undefined) throw notFound(info, name);
  const config = asObject(body);
  if (config.metadata.managedFields !== undefined) throw badRequest('metadata.managedFields must be nil');
  if (config.metadata.name !== undefined && config.metadata.name !== name)
    throw badRequest(
      `the name of the object (${config.metadata.name}) does not match the name on the URL (${name})`,
    );
  config.metadata.name = name;
  checkKind(info, config);
  // the applied configuration is type-checked as a real server's typed patch is (schema/check.ts)
  const warnings = typeCheck(env, t, config, 'apply', body);
  checkNamespace(env, info, t.namespace, config, cur === undefined);
  const now = env.now?.() ?? Date.now();
  let result: ApplyResult;
  try {
    result = applyConfig(
      cur as unknown as Obj | undefined,
      config as unknown as Obj,
      {
        manager: ctx.manager,
        subresource: t.subresource,
        hasStatus: hasStatus(info),
        time: rfc3339(now),
      },
      ctx.force ?? false,
    );
  } catch (e) {
    if (e instanceof ConflictError) throw conflict(e);
    throw e;
  }
  // an apply that changes nothing writes nothing (no new resourceVersion, no watch event)
  if (cur && !result.changed) return { code: 200, body: cur, warnings };
  const next = result.object as unknown as KObject;
  next.metadata.managedFields = result.managedFields;
  if (!cur) {
    scrubForCreate(info, next);
    validate(info, next);
    return { code: 201, body: env.storage.create(info.gvr, next, { dryRun }), warnings };
  }
  next.metadata.resourceVersion ??= cur.metadata.resourceVersion;
  next.metadata.name = cur.metadata.name;
  return { code: 200, body: replace(env, t, cur, next, dryRun, undefined), warnings };
}
