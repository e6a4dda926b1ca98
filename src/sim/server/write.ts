// Mutating verbs: create (POST), update (PUT), patch (PATCH: merge, JSON, strategic, apply), delete,
// deletecollection, with dryRun=All and the status and scale subresources. Every failure is a thrown
// StorageError/PatchError/BodyError that the server turns into a Status.

import type { KObject, Pod } from '../../util/k8s.js';
import { StorageError } from '../storage/index.js';
import type { Storage, WriteManager } from '../storage/index.js';
import { NAMESPACES, apiVersionOf } from '../resources.js';
import type { ResourceInfo } from '../resources.js';
import { BodyError } from './body.js';
import type { Lifecycle } from './lifecycle.js';
import { isObj, jsonPatch, mergePatch, PatchError } from './patch.js';
import type { Json } from './patch.js';
import { fromScale, toScale } from './scale.js';
import { withEphemeralContainers } from './ephemeral.js';
import { strategicMergePatch } from './strategic-merge.js';
import { validate } from './validate.js';
import { typeCheck } from './type-check.js';
import type { SchemaCatalog } from '../schema/catalog.js';
import type { FieldValidation, WriteOp } from '../schema/types.js';

export interface WriteEnv {
  storage: Storage;
  lifecycle: Lifecycle;
  /** The simulation's clock, for managedFields times (default: the wall clock). */
  now?: () => number;
  /** The built-in kinds' schemas: every write is type-checked against them (schema/check.ts). */
  schemas?: SchemaCatalog;
}

/** Who writes (fieldManager, else the User-Agent's prefix) and apply's `force`. */
export interface WriteCtx {
  manager: string;
  force?: boolean;
}

const DEFAULT_CTX: WriteCtx = { manager: 'unknown' };

export interface Target {
  info: ResourceInfo;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
  /** The request's fieldValidation directive (default Warn). */
  fieldValidation?: FieldValidation;
}

export interface WriteResult {
  code: number;
  body: unknown;
  /** Texts for `Warning: 299 - "..."` headers (unknown fields under fieldValidation=Warn). */
  warnings?: string[];
}

export const hasStatus = (info: ResourceInfo): boolean => info.subresources.some((s) => s.name === 'status');
export const badRequest = (msg: string): StorageError => new StorageError(400, 'BadRequest', msg);

export function asObject(body: Json): KObject {
  if (!isObj(body)) throw badRequest("Object 'Kind' is missing in the request body");
  const meta = body['metadata'];
  if (meta !== undefined && !isObj(meta)) throw badRequest('metadata must be an object');
  const o = structuredClone(body) as unknown as KObject;
  o.metadata ??= {};
  return o;
}

export function checkKind(info: ResourceInfo, o: KObject): void {
  const want = apiVersionOf(info.gvr);
  if (o.apiVersion !== undefined && o.apiVersion !== want)
    throw badRequest(
      `the API version in the data (${o.apiVersion}) does not match the expected API version (${want})`,
    );
  if (o.kind !== undefined && o.kind !== info.kind)
    throw badRequest(`the kind in the data (${o.kind}) does not match the expected kind (${info.kind})`);
  o.apiVersion = want;
  o.kind = info.kind;
}

export function checkNamespace(
  env: WriteEnv,
  info: ResourceInfo,
  ns: string | undefined,
  o: KObject,
  creating: boolean,
): void {
  if (!info.namespaced) {
    delete o.metadata.namespace;
    return;
  }
  if (o.metadata.namespace && o.metadata.namespace !== ns)
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  o.metadata.namespace = ns;
  if (!creating || ns === undefined) return;
  const nsObj = env.storage.get(NAMESPACES, undefined, ns);
  if (!nsObj)
    throw new StorageError(404, 'NotFound', `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' });
  if (nsObj.metadata.deletionTimestamp) {
    const what = o.metadata.name ? `${resourceName(info)} "${o.metadata.name}"` : resourceName(info);
    throw new StorageError(
      403,
      'Forbidden',
      `${what} is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
      {
        name: o.metadata.name ?? '',
        kind: info.gvr.resource,
        ...(info.gvr.group ? { group: info.gvr.group } : {}),
      },
    );
  }
}

const resourceName = (info: ResourceInfo): string =>
  info.gvr.group ? `${info.gvr.resource}.${info.gvr.group}` : info.gvr.resource;

export function notFound(info: ResourceInfo, name: string): StorageError {
  return new StorageError(404, 'NotFound', `${resourceName(info)} "${name}" not found`, {
    name,
    kind: info.gvr.resource,
    ...(info.gvr.group ? { group: info.gvr.group } : {}),
  });
}

/** Fields clients may not set: the server owns them. */
export function scrubForCreate(info: ResourceInfo, o: KObject): void {
  const m = o.metadata;
  delete m.uid;
  delete m.resourceVersion;
  delete m.generation;
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete m.creationTimestamp;
  if (hasStatus(info) && !(info.gvr.group === '' && info.kind === 'Node')) delete o.status;
}

export function create(
  env: WriteEnv,
  t: Target,
  body: Json,
  dryRun: boolean,
  ctx: WriteCtx = DEFAULT_CTX,
  how: { op: WriteOp; patch?: Json } = { op: 'create' },
): WriteResult {
  const { info } = t;
  const o = asObject(body);
  checkKind(info, o);
  const warnings = typeCheck(env, t, o, how.op, how.patch);
  checkNamespace(env, info, t.namespace, o, true);
  scrubForCreate(info, o);
  validate(info, o);
  const stored = env.storage.create(info.gvr, o, { dryRun, manager: managerOf(t, ctx) });
  return { code: 201, body: stored, warnings };
}

// ---- managedFields (src/sim/ssa): the field manager of a write
function managerOf(t: Target, ctx: WriteCtx): WriteManager {
  return {
    name: ctx.manager,
    ...(t.subresource ? { subresource: t.subresource } : {}),
    hasStatus: hasStatus(t.info),
  };
}
// ---- end managedFields

/**
 * Merge a new version of an object with what the server keeps from the old one, then store it.
 * `manager` undefined: the managedFields of `next` are stored as they are (server-side apply).
 */
export function replace(
  env: WriteEnv,
  t: Target,
  cur: KObject,
  next: KObject,
  dryRun: boolean,
  manager: WriteManager | undefined,
): KObject {
  const { info } = t;
  checkKind(info, next);
  checkNamespace(env, info, t.namespace, next, false);
  if (next.metadata.name !== cur.metadata.name)
    throw badRequest(
      `the name of the object (${next.metadata.name ?? ''}) does not match the name on the URL (${cur.metadata.name ?? ''})`,
    );
  let out: KObject;
  if (t.subresource === 'status') {
    // only the status changes through /status
    out = { ...structuredClone(cur), status: structuredClone(next.status) };
    out.metadata.resourceVersion = next.metadata.resourceVersion ?? cur.metadata.resourceVersion;
  } else {
    out = next;
    if (hasStatus(info)) out.status = structuredClone(cur.status);
  }
  const m = out.metadata;
  if (cur.metadata.deletionTimestamp) {
    m.deletionTimestamp = cur.metadata.deletionTimestamp;
    if (cur.metadata.deletionGracePeriodSeconds !== undefined)
      m.deletionGracePeriodSeconds = cur.metadata.deletionGracePeriodSeconds;
  } else {
    delete m.deletionTimestamp;
    delete m.deletionGracePeriodSeconds;
  }
  validate(info, out);
  return env.storage.update(info.gvr, out, { dryRun, ...(manager ? { manager } : {}) });
}

function current(env: WriteEnv, t: Target): KObject {
  const name = t.name ?? '';
  const cur = env.storage.get(t.info.gvr, t.namespace, name);
  if (!cur) throw notFound(t.info, name);
  return cur;
}

export function update(
  env: WriteEnv,
  t: Target,
  body: Json,
  dryRun: boolean,
  ctx: WriteCtx = DEFAULT_CTX,
): WriteResult {
  const cur = current(env, t);
  if (t.subresource === 'scale') {
    const warnings = typeCheck(env, t, asObject(body), 'update');
    const parent = { ...t, subresource: undefined };
    const stored = replace(env, parent, cur, fromScale(t.info, cur, body), dryRun, managerOf(t, ctx));
    return { code: 200, body: toScale(stored), warnings };
  }
  const next = asObject(body);
  checkKind(t.info, next);
  const warnings = typeCheck(env, t, next, 'update');
  if (t.subresource === 'ephemeralcontainers') return ephemeral(env, t, cur, next, dryRun, ctx, warnings);
  return { code: 200, body: replace(env, t, cur, next, dryRun, managerOf(t, ctx)), warnings };
}

const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

function applyPatch(info: ResourceInfo, type: string, base: Json, patch: Json): Json {
  switch (type) {
    case 'application/json-patch+json':
      return jsonPatch(base, patch);
    case 'application/merge-patch+json':
      return mergePatch(base, patch);
    case 'application/strategic-merge-patch+json':
      if (info.custom)
        throw new BodyError(
          `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.filter((p) => !p.includes('strategic')).join(', ')}`,
          415,
        );
      return strategicMergePatch(base, patch);
    default:
      return mergePatch(base, patch);
  }
}

const opOf = (type: string): WriteOp =>
  type === 'application/json-patch+json'
    ? 'json-patch'
    : type === 'application/merge-patch+json'
      ? 'merge-patch'
      : type === 'application/strategic-merge-patch+json'
        ? 'strategic-patch'
        : 'apply';

export function patch(
  env: WriteEnv,
  t: Target,
  type: string,
  body: Json,
  dryRun: boolean,
  ctx: WriteCtx = DEFAULT_CTX,
): WriteResult {
  if (!PATCH_TYPES.includes(type))
    throw new BodyError(
      `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`,
      415,
    );
  const name = t.name ?? '';
  const cur = env.storage.get(t.info.gvr, t.namespace, name);
  // server-side apply is src/sim/server/apply.ts (mutate.ts sends it there); only /scale gets here
  if (!cur) throw notFound(t.info, name);
  if (t.subresource === 'scale') {
    const scale = applyPatch(t.info, type, toScale(cur) as unknown as Json, body);
    const warnings = typeCheck(env, t, scale, opOf(type), body);
    const parent = { ...t, subresource: undefined };
    const stored = replace(env, parent, cur, fromScale(t.info, cur, scale), dryRun, managerOf(t, ctx));
    return { code: 200, body: toScale(stored), warnings };
  }
  const patched = applyPatch(t.info, type, structuredClone(cur) as unknown as Json, body);
  if (!isObj(patched)) throw new PatchError('the patch does not result in an object', 422);
  const next = patched as unknown as KObject;
  next.metadata ??= {};
  // a resourceVersion in the patch is a precondition; otherwise the patch applies to the current version
  next.metadata.resourceVersion ??= cur.metadata.resourceVersion;
  next.metadata.name = cur.metadata.name;
  if (cur.metadata.namespace) next.metadata.namespace = cur.metadata.namespace;
  const warnings = typeCheck(env, t, next, opOf(type), body);
  if (t.subresource === 'ephemeralcontainers') return ephemeral(env, t, cur, next, dryRun, ctx, warnings);
  return { code: 200, body: replace(env, t, cur, next, dryRun, managerOf(t, ctx)), warnings };
}

/** pods/{name}/ephemeralcontainers: only spec.ephemeralContainers changes (server/ephemeral.ts). */
function ephemeral(
  env: WriteEnv,
  t: Target,
  cur: KObject,
  sent: KObject,
  dryRun: boolean,
  ctx: WriteCtx,
  warnings: string[] | undefined,
): WriteResult {
  const next = withEphemeralContainers(cur as Pod, sent);
  const stored = replace(env, { ...t, subresource: undefined }, cur, next, dryRun, managerOf(t, ctx));
  return { code: 200, body: stored, warnings };
}
