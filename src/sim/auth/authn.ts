// Authentication: bearer tokens → users. The kubeconfig's two users (sim-admin, sim-viewer) and tokens
// issued for ServiceAccounts through serviceaccounts/token (`kubectl create token SA`), which are valid
// until they expire or their ServiceAccount is gone.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Storage } from '../storage/index.js';
import { SERVICEACCOUNTS } from '../resources.js';
import { ALL_AUTHENTICATED, serviceAccountUser } from './types.js';
import type { UserInfo } from './types.js';

export const ADMIN_USER = 'sim-admin';
export const VIEWER_USER = 'sim-viewer';

function tokenMatches(given: string, want: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

interface IssuedToken {
  namespace: string;
  name: string;
  uid: string;
  expiresAt: number;
}

export class Authenticator {
  private readonly issued = new Map<string, IssuedToken>();

  constructor(
    private readonly users: readonly { token: string; user: UserInfo }[],
    private readonly storage: Storage,
    private readonly now: () => number,
  ) {}

  static forSim(adminToken: string, viewerToken: string, storage: Storage, now: () => number): Authenticator {
    return new Authenticator(
      [
        { token: adminToken, user: { username: ADMIN_USER, groups: [ALL_AUTHENTICATED] } },
        { token: viewerToken, user: { username: VIEWER_USER, groups: [ALL_AUTHENTICATED] } },
      ],
      storage,
      now,
    );
  }

  /** The user behind `Authorization: Bearer …`, or undefined (401). */
  authenticate(req: IncomingMessage): UserInfo | undefined {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    return m?.[1] ? this.authenticateToken(m[1]) : undefined;
  }

  authenticateToken(token: string): UserInfo | undefined {
    if (!token) return undefined;
    for (const u of this.users) if (tokenMatches(token, u.token)) return u.user;
    const t = this.issued.get(token);
    if (!t) return undefined;
    const sa = this.storage.get(SERVICEACCOUNTS, t.namespace, t.name);
    if (t.expiresAt <= this.now() || !sa || sa.metadata.uid !== t.uid) {
      this.issued.delete(token);
      return undefined;
    }
    return serviceAccountUser(t.namespace, t.name);
  }

  /** A token for a ServiceAccount (TokenRequest), valid for `seconds`. */
  issue(namespace: string, name: string, uid: string, seconds: number): { token: string; expiresAt: number } {
    const token = `sim-sa.${randomBytes(24).toString('base64url')}`;
    const expiresAt = this.now() + seconds * 1000;
    this.issued.set(token, { namespace, name, uid, expiresAt });
    return { token, expiresAt };
  }
}
