// The API server's front filters, in their order: authentication (401), impersonation, authorization
// (403 with the real message). One call per request; the server answers a refusal as a Status.

import type { IncomingMessage } from 'node:http';
import type { Authenticator } from './authn.js';
import { forbidden } from './forbidden.js';
import type { Refusal } from './forbidden.js';
import { impersonate } from './impersonate.js';
import type { Rbac } from './rbac.js';
import { requestAttributes } from './request-info.js';
import type { UserInfo } from './types.js';

export type { Refusal } from './forbidden.js';

export type GateResult = { ok: true; user: UserInfo } | { ok: false; refusal: Refusal };

export class Gate {
  constructor(
    readonly authn: Authenticator,
    readonly rbac: Rbac,
  ) {}

  /** Who is asking (after impersonation) and whether RBAC lets them; `upgrade` for exec/attach/port-forward. */
  check(req: IncomingMessage, url: URL, upgrade = false): GateResult {
    const requestor = this.authn.authenticate(req);
    if (!requestor)
      return { ok: false, refusal: { code: 401, reason: 'Unauthorized', message: 'Unauthorized' } };
    const user = impersonate(req, requestor, this.rbac);
    if (!('username' in user)) return { ok: false, refusal: user };
    const a = requestAttributes(user, req.method ?? 'GET', url.pathname, url.searchParams, upgrade);
    const d = this.rbac.authorize(a);
    return d.allowed ? { ok: true, user } : { ok: false, refusal: forbidden(a, d.reason) };
  }

  /** Authenticate and impersonate only (for endpoints that decide themselves). */
  whoami(req: IncomingMessage): UserInfo | Refusal | undefined {
    const requestor = this.authn.authenticate(req);
    return requestor ? impersonate(req, requestor, this.rbac) : undefined;
  }
}
