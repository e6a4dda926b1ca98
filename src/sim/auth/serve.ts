// The API server's access control and the requests that are answered without being stored, as one
// object the HTTP server holds: `gate` (authentication, impersonation, RBAC) runs before every request;
// `serve` answers the review kinds and serviceaccounts/token, and returns false for everything else.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Storage } from '../storage/index.js';
import { StorageError } from '../storage/index.js';
import type { ResourceInfo } from '../resources.js';
import { BodyError, MAX_BODY, mediaType, parseBody, readBody } from '../server/body.js';
import { sendJson, sendStatus } from '../server/http-util.js';
import { isObj } from '../server/patch.js';
import type { Json } from '../server/patch.js';
import { Authenticator } from './authn.js';
import { Gate } from './gate.js';
import type { Refusal } from './gate.js';
import { Rbac } from './rbac.js';
import { REVIEW_KINDS, review } from './reviews.js';
import { decodeReviewProto } from './review-proto.js';
import { isRbacWrite, rbacWrite } from './rbac-write.js';
import type { WriteEnv } from '../server/write.js';
import { PatchError } from '../server/patch.js';
import type { UserInfo } from './types.js';

export interface AccessOptions {
  storage: Storage;
  now: () => number;
  adminToken: string;
  viewerToken: string;
}

/** What the server needs to know about the request it is handing over. */
export interface ExtraTarget {
  info: ResourceInfo;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
}

const DAY_S = 86_400;
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class AccessControl {
  readonly rbac: Rbac;
  readonly authn: Authenticator;
  readonly gate: Gate;

  constructor(private readonly o: AccessOptions) {
    this.rbac = new Rbac(o.storage);
    this.authn = Authenticator.forSim(o.adminToken, o.viewerToken, o.storage, o.now);
    this.gate = new Gate(this.authn, this.rbac);
  }

  /** True when this module answers the request (a POST of a review kind, or serviceaccounts/token). */
  handles(method: string, t: ExtraTarget): boolean {
    if (isRbacWrite(method, t)) return true;
    if (method !== 'POST') return false;
    const g = t.info.gvr;
    if (REVIEW_KINDS.has(`${g.group}/${g.resource}`)) return t.name === undefined;
    return g.group === '' && g.resource === 'serviceaccounts' && t.subresource === 'token';
  }

  async serve(
    user: UserInfo,
    t: ExtraTarget,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    env: WriteEnv,
  ): Promise<void> {
    try {
      if (isRbacWrite(req.method ?? '', t)) {
        const out = await rbacWrite(env, this.rbac, user, t, url, req);
        return sendJson(res, out.code, out.body);
      }
      const type = mediaType(req.headers['content-type']);
      let body: Json;
      if (type === 'application/vnd.kubernetes.protobuf') {
        const decoded = decodeReviewProto(await readRaw(req));
        if (typeof decoded === 'string') throw new StorageError(400, 'BadRequest', decoded);
        body = decoded;
      } else {
        const text = await readBody(req);
        body = text.trim() === '' ? null : parseBody(text, type);
      }
      const g = t.info.gvr;
      const out =
        g.resource === 'serviceaccounts'
          ? this.tokenRequest(t.namespace ?? '', t.name ?? '', body)
          : review({ rbac: this.rbac, authn: this.authn }, g.group, g.resource, t.namespace, user, body);
      sendJson(res, out.code, out.body);
    } catch (e) {
      if (e instanceof StorageError) return sendStatus(res, e.code, e.reason, e.message, e.details);
      if (e instanceof PatchError)
        return sendStatus(res, e.code, e.code === 422 ? 'Invalid' : 'BadRequest', e.message);
      if (e instanceof BodyError && e.code === 415)
        return sendStatus(res, 415, 'UnsupportedMediaType', e.message);
      if (e instanceof BodyError)
        return sendStatus(res, e.code, e.code === 413 ? 'RequestEntityTooLarge' : 'BadRequest', e.message);
      sendStatus(res, 400, 'BadRequest', e instanceof Error ? e.message : String(e));
    }
  }

  /** serviceaccounts/NAME/token: a TokenRequest answered with a token the authenticator accepts. */
  private tokenRequest(ns: string, name: string, body: Json): { code: number; body: Record<string, Json> } {
    const sa = this.o.storage.get({ group: '', version: 'v1', resource: 'serviceaccounts' }, ns, name);
    if (!sa)
      throw new StorageError(404, 'NotFound', `serviceaccounts "${name}" not found`, {
        name,
        kind: 'serviceaccounts',
      });
    const spec = isObj(body) && isObj(body['spec']) ? body['spec'] : {};
    const asked = spec['expirationSeconds'];
    const seconds = typeof asked === 'number' && asked >= 600 ? Math.min(asked, 2 * DAY_S) : 3600;
    const issued = this.authn.issue(ns, name, sa.metadata.uid ?? '', seconds);
    return {
      code: 201,
      body: {
        kind: 'TokenRequest',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { name, namespace: ns, creationTimestamp: iso(this.o.now()) },
        spec: {
          audiences: ['https://kubernetes.default.svc.cluster.local'],
          expirationSeconds: seconds,
          boundObjectRef: null,
        },
        status: { token: issued.token, expirationTimestamp: iso(issued.expiresAt) },
      },
    };
  }
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req) {
    n += (c as Buffer).length;
    if (n > MAX_BODY) throw new BodyError('the request body is too large', 413);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendRefusal(res: ServerResponse, r: Refusal): void {
  sendStatus(res, r.code, r.reason, r.message, r.details);
}
