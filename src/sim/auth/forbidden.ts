// The API server's 403 for a denied request (responsewriters.Forbidden + apierrors.NewForbidden):
// `pods "x" is forbidden: User "u" cannot delete resource "pods" in API group "" in the namespace "ns"`.

import type { Attributes } from './types.js';

export interface Refusal {
  code: number;
  reason: 'Forbidden' | 'Unauthorized' | 'InternalError';
  message: string;
  details?: { name?: string; group?: string; kind?: string };
}

function forbiddenText(a: Attributes): string {
  const user = a.user.username;
  if (!a.resourceRequest) return `User "${user}" cannot ${a.verb} path "${a.path}"`;
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `User "${user}" cannot ${a.verb} resource "${res}" in API group "${a.apiGroup}" ${scope}`;
}

export function forbidden(a: Attributes, reason: string): Refusal {
  const text = reason ? `${forbiddenText(a)}: ${reason}` : forbiddenText(a);
  if (!a.resourceRequest || !a.resource)
    return { code: 403, reason: 'Forbidden', message: `forbidden: ${text}`, details: {} };
  const qualified = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
  const what = a.name ? `${qualified} "${a.name}"` : qualified;
  return {
    code: 403,
    reason: 'Forbidden',
    message: `${what} is forbidden: ${text}`,
    details: {
      ...(a.name ? { name: a.name } : {}),
      ...(a.apiGroup ? { group: a.apiGroup } : {}),
      kind: a.resource,
    },
  };
}
