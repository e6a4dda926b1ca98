// The HTTP side of mutating requests: authorization (sim-viewer is read-only), verb and subresource
// checks, body reading, dryRun, and turning every failure into a Status.

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
import { create, patch, resourceName, update } from './write.js';
import type { Target, WriteEnv, WriteResult } from './write.js';

export type Identity = 'admin' | 'viewer';

const VIEWER = 'sim-viewer';

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

/** kubectl's shape: `pods "x" is forbidden: User "sim-viewer" cannot delete resource "pods" in API group "" in the namespace "default"`. */
function forbiddenMessage(user: string, verb: string, t: Target): string {
  const { info } = t;
  const what = t.name !== undefined ? `${resourceName(info)} "${t.name}"` : resourceName(info);
  const res = t.subresource ? `${info.gvr.resource}/${t.subresource}` : info.gvr.resource;
  const scope = t.namespace !== undefined ? `in the namespace "${t.namespace}"` : 'at the cluster scope';
  return `${what} is forbidden: User "${user}" cannot ${verb} resource "${res}" in API group "${info.gvr.group}" ${scope}`;
}

const METHOD_NOT_ALLOWED = 'the server does not allow this method on the requested resource';

function fail(res: ServerResponse, e: unknown): void {
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
  who: Identity,
  t: Target & { info: ResourceInfo },
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? '';
  const verb = verbOf(method, t);
  const sub = t.subresource;
  const writableSub = sub === 'status' || sub === 'scale';
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
  if (who === 'viewer') {
    req.resume();
    const details = {
      ...(t.name !== undefined ? { name: t.name } : {}),
      ...(t.info.gvr.group ? { group: t.info.gvr.group } : {}),
      kind: t.info.gvr.resource,
    };
    return sendStatus(res, 403, 'Forbidden', forbiddenMessage(VIEWER, verb, t), details);
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
    const type = mediaType(req.headers['content-type']);
    const text = await readBody(req);
    const body: Json = text.trim() === '' ? null : parseBody(text, type);
    let out: WriteResult;
    switch (verb) {
      case 'create':
        out = create(env, t, body, dryRun);
        break;
      case 'update':
        out = update(env, t, body, dryRun);
        break;
      case 'patch':
        out = patch(env, t, type, body, dryRun);
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
    sendJson(res, out.code, out.body);
  } catch (e) {
    fail(res, e);
  }
}
