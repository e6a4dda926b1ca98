// The HTTP side of mutating requests: verb and subresource checks, body reading, dryRun, and turning
// every failure into a Status. Who may write what is decided before, by RBAC (src/sim/auth/gate.ts).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { StorageError } from '../storage/index.js';
import type { ResourceInfo } from '../resources.js';
import { BodyError, mediaType, parseBody, readBody } from './body.js';
import { sendJson, sendStatus } from './http-util.js';
import type { Reason } from './http-util.js';
import { PatchError } from './patch.js';
import type { Json } from './patch.js';
import { parseQuery } from './query.js';
import { deleteParams, remove, removeCollection } from './delete.js';
import { create, patch, update } from './write.js';
import type { UserInfo } from '../auth/types.js';
import type { Target, WriteCtx, WriteEnv, WriteResult } from './write.js';
import { serverSideApply } from './apply.js';
import { fieldValidationOf } from './type-check.js';

/** The (impersonated) user, authenticated and authorized by src/sim/auth before the request gets here. */
export type Identity = UserInfo;

/** The verb the authorizer sees for a request. */
function verbOf(method: string, t: Target): string | undefined {
  switch (method) {
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return t.name === undefined ? 'deletecollection' : 'delete';
    default:
      return undefined;
  }
}

// ---- managedFields (src/sim/ssa): who writes, and apply's force
const APPLY = 'application/apply-patch+yaml';

/** The API server's manager name when a client gives none: its User-Agent up to the first "/". */
function managerFromUserAgent(ua: string | undefined): string {
  return [...((ua ?? '').split('/')[0] ?? '')]
    .filter((c) => c >= ' ' && c !== '\x7f')
    .join('')
    .slice(0, 128);
}

function writeCtx(params: URLSearchParams, req: IncomingMessage, patchType: string | undefined): WriteCtx {
  const given = params.get('fieldManager') ?? '';
  const forceParam = params.get('force');
  const errs: string[] = [];
  if (given.length > 128)
    errs.push(`fieldManager: Invalid value: "${given}": must be less than or equal to 128 characters`);
  if (patchType === APPLY && given === '')
    errs.push('fieldManager: Required value: is required for apply patch');
  if (patchType !== undefined && patchType !== APPLY && forceParam !== null)
    errs.push(`force: Forbidden: may not be specified for non-apply patch`);
  if (errs.length > 0) {
    const kind = patchType !== undefined ? 'PatchOptions' : 'UpdateOptions';
    throw new StorageError(422, 'Invalid', `${kind}.meta.k8s.io "" is invalid: ${errs.join(', ')}`);
  }
  const force = forceParam !== null && !/^(0|false)$/i.test(forceParam);
  return { manager: given || managerFromUserAgent(req.headers['user-agent']), force };
}
// ---- end managedFields

const METHOD_NOT_ALLOWED = 'the server does not allow this method on the requested resource';

/** A write's failure as the API server's Status: storage, patch and body errors by their codes, else a 500. */
export function sendWriteError(res: ServerResponse, e: unknown): void {
  if (e instanceof StorageError) return sendStatus(res, e.code, e.reason, e.message, e.details);
  if (e instanceof PatchError)
    return sendStatus(res, e.code, e.code === 422 ? 'Invalid' : 'BadRequest', e.message);
  if (e instanceof BodyError) {
    const reason: Reason =
      e.code === 413 ? 'RequestEntityTooLarge' : e.code === 415 ? 'UnsupportedMediaType' : 'BadRequest';
    return sendStatus(res, e.code, reason, e.message);
  }
  sendStatus(
    res,
    500,
    'InternalError',
    `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`,
  );
}

export async function serveMutation(
  env: WriteEnv,
  _who: Identity,
  t: Target & { info: ResourceInfo },
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? '';
  const verb = verbOf(method, t);
  const sub = t.subresource;
  const writableSub = sub === 'status' || sub === 'scale' || sub === 'ephemeralcontainers';
  if (
    !verb ||
    !t.info.verbs.includes(verb) ||
    (sub !== undefined && (!writableSub || (method !== 'PUT' && method !== 'PATCH'))) ||
    (method === 'POST' && t.name !== undefined) ||
    ((method === 'PUT' || method === 'PATCH') && t.name === undefined) ||
    (t.info.namespaced && t.namespace === undefined && method !== 'DELETE')
  ) {
    req.resume();
    return sendStatus(res, 405, 'MethodNotAllowed', METHOD_NOT_ALLOWED);
  }
  try {
    const params = url.searchParams;
    const dry = params.getAll('dryRun');
    if (dry.some((d) => d !== 'All'))
      throw new StorageError(
        400,
        'BadRequest',
        `dryRun: Unsupported value: "${dry.find((d) => d !== 'All') ?? ''}": supported values: "All"`,
      );
    const dryRun = dry.length > 0;
    const fieldValidation =
      verb === 'delete' || verb === 'deletecollection' ? undefined : fieldValidationOf(params, verb);
    if (fieldValidation) t = { ...t, fieldValidation };
    const type = mediaType(req.headers['content-type']);
    const text = await readBody(req);
    const body: Json = text.trim() === '' ? null : parseBody(text, type);
    const ctx = writeCtx(params, req, verb === 'patch' ? type : undefined);
    let out: WriteResult;
    switch (verb) {
      case 'create':
        out = create(env, t, body, dryRun, ctx);
        break;
      case 'update':
        out = update(env, t, body, dryRun, ctx);
        break;
      case 'patch':
        out =
          type === APPLY && sub !== 'scale' && sub !== 'ephemeralcontainers'
            ? serverSideApply(
                env,
                t,
                env.storage.get(t.info.gvr, t.namespace, t.name ?? ''),
                body,
                dryRun,
                ctx,
              )
            : patch(env, t, type, body, dryRun, ctx);
        break;
      case 'delete':
        out = remove(env, t, deleteParams(body, params), dryRun);
        break;
      default: {
        const q = parseQuery(params, t.info, t.namespace, undefined);
        if ('error' in q) throw new StorageError(400, 'BadRequest', q.error);
        out = removeCollection(env, t, q.match, deleteParams(body, params), dryRun);
      }
    }
    // unknown fields under fieldValidation=Warn: `Warning: 299 - "unknown field \"spec.foo\""`
    if (out.warnings?.length)
      res.setHeader(
        'Warning',
        out.warnings.map((w) => `299 - ${JSON.stringify(w)}`),
      );
    sendJson(res, out.code, out.body);
  } catch (e) {
    sendWriteError(res, e);
  }
}
