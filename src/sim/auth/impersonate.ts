// Impersonation (k8s.io/apiserver filters/impersonation.go): Impersonate-User, -Group, -Uid and
// -Extra-* headers let a user act as another, when RBAC grants it the `impersonate` verb on users,
// groups, serviceaccounts (core group), uids and userextras (authentication.k8s.io) with that name.

import type { IncomingMessage } from 'node:http';
import type { Rbac } from './rbac.js';
import { forbidden } from './forbidden.js';
import type { Refusal } from './forbidden.js';
import { ALL_AUTHENTICATED, parseServiceAccount } from './types.js';
import type { Attributes, UserInfo } from './types.js';

const EXTRA_PREFIX = 'impersonate-extra-';

function values(req: IncomingMessage, header: string): string[] {
  return (req.headersDistinct[header] ?? []).filter((v) => v !== '');
}

function unescapeKey(k: string): string {
  try {
    return decodeURIComponent(k);
  } catch {
    return k;
  }
}

/** The user the request acts as: the requestor, the impersonated user, or a refusal. */
export function impersonate(req: IncomingMessage, requestor: UserInfo, rbac: Rbac): UserInfo | Refusal {
  const userName = values(req, 'impersonate-user')[0];
  const groupsAsked = values(req, 'impersonate-group');
  const uid = values(req, 'impersonate-uid')[0];
  const extras: [string, string][] = [];
  for (const h of Object.keys(req.headersDistinct))
    if (h.startsWith(EXTRA_PREFIX))
      for (const v of values(req, h)) extras.push([unescapeKey(h.slice(EXTRA_PREFIX.length)), v]);
  if (userName === undefined) {
    if (groupsAsked.length === 0 && uid === undefined && extras.length === 0) return requestor;
    const what = [
      ...groupsAsked.map((g) => `{Group  ${g}  }`),
      ...extras.map(([k, v]) => `{UserExtra authentication.k8s.io ${v} ${k}}`),
      ...(uid !== undefined ? [`{UID authentication.k8s.io ${uid}  }`] : []),
    ];
    return {
      code: 500,
      reason: 'InternalError',
      message: `Internal error occurred: requested [${what.join(' ')}] without impersonating a user`,
    };
  }
  const checks: Omit<Attributes, 'user' | 'verb' | 'resourceRequest' | 'path'>[] = [];
  const sa = parseServiceAccount(userName);
  const check = (
    apiGroup: string,
    resource: string,
    name: string,
    namespace = '',
    subresource = '',
  ): void => {
    checks.push({ apiGroup, apiVersion: 'v1', resource, subresource, namespace, name });
  };
  if (sa) check('', 'serviceaccounts', sa[1], sa[0]);
  else check('', 'users', userName);
  for (const g of groupsAsked) check('', 'groups', g);
  for (const [k, v] of extras) check('authentication.k8s.io', 'userextras', v, '', k);
  if (uid !== undefined) check('authentication.k8s.io', 'uids', uid);
  for (const c of checks) {
    const a: Attributes = {
      ...c,
      user: requestor,
      verb: 'impersonate',
      resourceRequest: true,
      path: req.url ?? '',
    };
    const d = rbac.authorize(a);
    if (!d.allowed) return forbidden(a, d.reason);
  }
  let groups = [...groupsAsked];
  if (sa && groups.length === 0) groups = ['system:serviceaccounts', `system:serviceaccounts:${sa[0]}`];
  if (userName !== 'system:anonymous') {
    if (!groups.includes(ALL_AUTHENTICATED) && !groups.includes('system:unauthenticated'))
      groups.push(ALL_AUTHENTICATED);
  } else if (!groups.includes('system:unauthenticated')) groups.push('system:unauthenticated');
  const extra: Record<string, string[]> = {};
  for (const [k, v] of extras) (extra[k] ??= []).push(v);
  return {
    username: userName,
    groups,
    ...(uid !== undefined ? { uid } : {}),
    ...(extras.length ? { extra } : {}),
  };
}
