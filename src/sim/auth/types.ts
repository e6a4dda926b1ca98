// Who is asking and what for: the authenticator's user and the authorizer's request attributes, shaped
// as k8s.io/apiserver's user.Info and authorizer.Attributes.

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** authorizer.Attributes: a resource request (verb on group/resource[/subresource]) or a path. */
export interface Attributes {
  user: UserInfo;
  verb: string;
  resourceRequest: boolean;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  /** The request path (non-resource requests). */
  path: string;
}

export interface Decision {
  allowed: boolean;
  /** RBAC's reason: who allowed it, or which referenced roles were missing. */
  reason: string;
}

export const ALL_AUTHENTICATED = 'system:authenticated';
const SA_PREFIX = 'system:serviceaccount:';

/** `system:serviceaccount:NS:NAME` → [NS, NAME]. */
export function parseServiceAccount(username: string): [string, string] | undefined {
  if (!username.startsWith(SA_PREFIX)) return undefined;
  const rest = username.slice(SA_PREFIX.length).split(':');
  if (rest.length !== 2 || !rest[0] || !rest[1]) return undefined;
  return [rest[0], rest[1]];
}

export const serviceAccountUser = (ns: string, name: string): UserInfo => ({
  username: `${SA_PREFIX}${ns}:${name}`,
  groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, ALL_AUTHENTICATED],
});
