// The authorizer's view of an HTTP request, parsed as k8s.io/apiserver's RequestInfoFactory does:
// /api/v1/... and /apis/GROUP/VERSION/... are resource requests (verb from the method; a GET without a
// name is list or watch; a DELETE without one deletecollection; a metadata.name field selector names
// the object); everything else is a non-resource request whose verb is the lower-case method.

import type { Attributes, UserInfo } from './types.js';

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);
/** exec, attach and portforward over a WebSocket need `create` (AuthorizePodWebsocketUpgradeCreatePermission). */
const CONNECT = new Set(['exec', 'attach', 'portforward']);

function truthy(v: string | null): boolean {
  return v !== null && !['false', '0'].includes(v.toLowerCase());
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function requestAttributes(
  user: UserInfo,
  method: string,
  pathname: string,
  params: URLSearchParams,
  upgrade = false,
): Attributes {
  const base: Attributes = {
    user,
    verb: method.toLowerCase(),
    resourceRequest: false,
    apiGroup: '',
    apiVersion: '',
    resource: '',
    subresource: '',
    namespace: '',
    name: '',
    path: pathname,
  };
  let parts = pathname
    .split('/')
    .filter((p) => p !== '')
    .map(decode);
  if (parts.length < 3 || (parts[0] !== 'api' && parts[0] !== 'apis')) return base;
  const out = { ...base, resourceRequest: true };
  if (parts[0] === 'apis') {
    if (parts.length < 4) return base;
    out.apiGroup = parts[1] ?? '';
    parts = parts.slice(2);
  } else parts = parts.slice(1);
  out.apiVersion = parts[0] ?? '';
  parts = parts.slice(1);
  let special = false;
  if (parts[0] === 'watch' || parts[0] === 'proxy') {
    out.verb = parts[0];
    special = true;
    parts = parts.slice(1);
  } else
    out.verb =
      { POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[method] ??
      '';
  if (parts[0] === 'namespaces') {
    if (parts.length > 1) {
      out.namespace = parts[1] ?? '';
      if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2] ?? '')) parts = parts.slice(2);
    }
  }
  if (parts.length >= 3 && !(special && out.verb === 'proxy')) out.subresource = parts[2] ?? '';
  if (parts.length >= 2) out.name = parts[1] ?? '';
  out.resource = parts[0] ?? '';
  if (out.name === '' && out.verb === 'get') {
    out.verb = truthy(params.get('watch')) ? 'watch' : 'list';
    const m = /^metadata\.name==?([^,]+)$/.exec(params.get('fieldSelector') ?? '');
    if (m?.[1]) out.name = m[1];
  }
  if (out.name === '' && out.verb === 'delete') out.verb = 'deletecollection';
  if (upgrade && out.resource === 'pods' && CONNECT.has(out.subresource)) out.verb = 'create';
  return out;
}
