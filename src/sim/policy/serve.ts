// Requests of issue 11's kinds that are not plain storage: pods/NAME/eviction (policy/eviction.ts) and
// writes of events.k8s.io/v1 Events, which convert to the core Events they are (policy/events-view.ts).
// The server asks `handles` first, then hands the request over.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KObject } from '../../util/k8s.js';
import { EVENTS, resourceInfo } from '../resources.js';
import type { ResourceInfo } from '../resources.js';
import { StorageError } from '../storage/index.js';
import { BodyError, mediaType, parseBody, readBody } from '../server/body.js';
import { remove, deleteParams } from '../server/delete.js';
import { sendJson, statusObject } from '../server/http-util.js';
import { isObj, jsonPatch, mergePatch } from '../server/patch.js';
import type { Json } from '../server/patch.js';
import { strategicMergePatch } from '../server/strategic-merge.js';
import { create, update } from '../server/write.js';
import { sendWriteError } from '../server/mutate.js';
import type { Target, WriteEnv } from '../server/write.js';
import { decodeProto } from '../auth/review-proto.js';
import { evict, EvictionRefused } from './eviction.js';
import { toCoreEvent, toV1Event } from './events-view.js';

export interface ExtraTarget {
  info: ResourceInfo;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
}

const isEventsV1 = (t: ExtraTarget): boolean => t.info.gvr.group === 'events.k8s.io';

export function policyHandles(method: string, t: ExtraTarget): boolean {
  if (t.info.gvr.group === '' && t.info.gvr.resource === 'pods' && t.subresource === 'eviction')
    return method === 'POST' && t.name !== undefined && t.namespace !== undefined;
  return (
    isEventsV1(t) && method !== 'GET' && method !== 'HEAD' && !(method === 'DELETE' && t.name === undefined)
  );
}

async function readAny(req: IncomingMessage): Promise<{ body: Json; type: string }> {
  const type = mediaType(req.headers['content-type']);
  if (type === 'application/vnd.kubernetes.protobuf') {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const decoded = decodeProto(Buffer.concat(chunks));
    if (typeof decoded === 'string') throw new BodyError(decoded, 400);
    return { body: decoded, type };
  }
  const text = await readBody(req);
  return { body: text.trim() === '' ? null : parseBody(text, type), type };
}

function eventsWrite(
  env: WriteEnv,
  t: ExtraTarget,
  method: string,
  body: Json,
  type: string,
  url: URL,
): { code: number; body: unknown } {
  const info = resourceInfo(EVENTS);
  if (!info) throw new Error('events are not served');
  const core: Target = { info, namespace: t.namespace, name: t.name, subresource: undefined };
  const dryRun = url.searchParams.getAll('dryRun').length > 0;
  const asCore = (b: Json): Json => {
    if (!isObj(b)) return b;
    return toCoreEvent({
      ...(b as unknown as KObject),
      metadata: (b['metadata'] ?? {}) as KObject['metadata'],
    }) as unknown as Json;
  };
  const back = (out: { code: number; body: unknown }): { code: number; body: unknown } => {
    const b = out.body as KObject;
    return { code: out.code, body: b.kind === 'Event' ? toV1Event(b) : b };
  };
  if (method === 'POST' && t.name === undefined) return back(create(env, core, asCore(body), dryRun));
  if (method === 'PUT' && t.name !== undefined) return back(update(env, core, asCore(body), dryRun));
  if (method === 'DELETE') return back(remove(env, core, deleteParams(body, url.searchParams), dryRun));
  if (method === 'PATCH' && t.name !== undefined) {
    const cur = env.storage.get(EVENTS, t.namespace, t.name);
    if (!cur)
      throw new StorageError(404, 'NotFound', `events.events.k8s.io "${t.name}" not found`, {
        name: t.name,
        group: 'events.k8s.io',
        kind: 'events',
      });
    const base = structuredClone(toV1Event(cur)) as unknown as Json;
    const next =
      type === 'application/json-patch+json'
        ? jsonPatch(base, body)
        : type === 'application/merge-patch+json'
          ? mergePatch(base, body)
          : strategicMergePatch(base, body);
    return back(update(env, core, asCore(next), dryRun));
  }
  const msg = 'the server does not allow this method on the requested resource';
  return { code: 405, body: statusObject(405, 'MethodNotAllowed', msg) };
}

export async function servePolicy(
  env: WriteEnv & { now: () => number },
  t: ExtraTarget,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const { body, type } = await readAny(req);
    const out = isEventsV1(t)
      ? eventsWrite(env, t, req.method ?? '', body, type, url)
      : evict(env, t.namespace ?? '', t.name ?? '', body);
    sendJson(res, out.code, out.body);
  } catch (e) {
    if (e instanceof EvictionRefused) return sendJson(res, Number(e.status['code']), e.status);
    sendWriteError(res, e);
  }
}
