// Writes of RBAC objects with escalation prevention: the write is first run as a dry run (so every
// patch type, defaulting and validation give the object that would be stored), that object is checked
// (escalation.ts), then the write is done for real (or as the dry run the client asked for).

import type { IncomingMessage } from 'node:http';
import type { KObject } from '../../util/k8s.js';
import { StorageError } from '../storage/index.js';
import { mediaType, parseBody, readBody } from '../server/body.js';
import type { Json } from '../server/patch.js';
import { create, patch, update } from '../server/write.js';
import type { Target, WriteEnv, WriteResult } from '../server/write.js';
import { escalation } from './escalation.js';
import type { Rbac } from './rbac.js';
import type { UserInfo } from './types.js';

export const isRbacWrite = (method: string, t: Target): boolean =>
  t.info.gvr.group === 'rbac.authorization.k8s.io' &&
  t.subresource === undefined &&
  ((method === 'POST' && t.name === undefined) ||
    ((method === 'PUT' || method === 'PATCH') && t.name !== undefined));

export async function rbacWrite(
  env: WriteEnv,
  rbac: Rbac,
  user: UserInfo,
  t: Target,
  url: URL,
  req: IncomingMessage,
): Promise<WriteResult> {
  const params = url.searchParams;
  const dry = params.getAll('dryRun');
  if (dry.some((d) => d !== 'All'))
    throw new StorageError(
      400,
      'BadRequest',
      `dryRun: Unsupported value: "${dry.find((d) => d !== 'All') ?? ''}": supported values: "All"`,
    );
  const type = mediaType(req.headers['content-type']);
  const text = await readBody(req);
  const body: Json = text.trim() === '' ? null : parseBody(text, type);
  const run = (dryRun: boolean): WriteResult =>
    req.method === 'POST'
      ? create(env, t, structuredClone(body), dryRun)
      : req.method === 'PUT'
        ? update(env, t, structuredClone(body), dryRun)
        : patch(env, t, type, structuredClone(body), dryRun);
  const planned = run(true).body as KObject;
  const why = escalation(rbac, env.storage, user, t.info.kind, planned);
  if (why) {
    const g = t.info.gvr;
    const name = planned.metadata.name ?? t.name ?? '';
    throw new StorageError(403, 'Forbidden', `${g.resource}.${g.group} "${name}" is forbidden: ${why}`, {
      name,
      group: g.group,
      kind: g.resource,
    });
  }
  return run(dry.length > 0);
}
