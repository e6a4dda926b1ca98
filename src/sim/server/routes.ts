// URL path → what is being asked for. Pure, so every shape of path is unit-testable.

import { findResource } from '../resources.js';
import type { ResourceInfo } from '../resources.js';
import type { HealthEndpoint } from './health.js';

export type Route =
  | { kind: 'version' }
  | { kind: 'health'; endpoint: HealthEndpoint; check: string | undefined }
  | { kind: 'core-discovery' } // /api
  | { kind: 'groups-discovery' } // /apis
  | { kind: 'group'; group: string } // /apis/apps
  | { kind: 'resource-list'; group: string; version: string } // /api/v1, /apis/apps/v1
  | {
      kind: 'resource';
      info: ResourceInfo;
      namespace: string | undefined;
      name: string | undefined;
      subresource: string | undefined;
      /** Legacy /watch/ path prefix. */
      watchPath: boolean;
      /** What follows `/proxy` (pods/services/nodes proxy subresources), without the leading slash. */
      proxyPath?: string;
    }
  | { kind: 'not-found' };

const NOT_FOUND: Route = { kind: 'not-found' };

function decode(seg: string): string | undefined {
  try {
    return decodeURIComponent(seg);
  } catch {
    return undefined;
  }
}

export function route(
  pathname: string,
  find: (group: string, version: string, resource: string) => ResourceInfo | undefined = findResource,
): Route {
  const raw = pathname.split('/').filter((s) => s !== '');
  const segs: string[] = [];
  for (const r of raw) {
    const d = decode(r);
    if (d === undefined || d === '.' || d === '..' || d.includes('/')) return NOT_FOUND;
    segs.push(d);
  }
  const [a, b, c] = segs;
  if (segs.length === 1 && a === 'version') return { kind: 'version' };
  if (a === 'healthz' || a === 'livez' || a === 'readyz')
    return { kind: 'health', endpoint: a, check: segs.length > 1 ? segs.slice(1).join('/') : undefined };
  let group: string;
  let version: string;
  let rest: string[];
  if (a === 'api') {
    if (segs.length === 1) return { kind: 'core-discovery' };
    group = '';
    version = b ?? '';
    rest = segs.slice(2);
  } else if (a === 'apis') {
    if (segs.length === 1) return { kind: 'groups-discovery' };
    if (segs.length === 2) return { kind: 'group', group: b ?? '' };
    group = b ?? '';
    version = c ?? '';
    rest = segs.slice(3);
  } else return NOT_FOUND;
  if (rest.length === 0) return { kind: 'resource-list', group, version };

  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  let resource: string | undefined;
  let name: string | undefined;
  let subresource: string | undefined;
  let proxyPath: string | undefined;
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    !(rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'))
  ) {
    // /namespaces/{ns}/{resource}[/{name}[/{subresource}]]
    if (rest.length > 5 && rest[4] === 'proxy') {
      proxyPath = rest.slice(5).join('/');
      rest = rest.slice(0, 5);
    }
    if (rest.length > 5) return NOT_FOUND;
    [, namespace, resource, name, subresource] = rest;
  } else {
    // /{resource}[/{name}[/{subresource}]], including /namespaces/{name}[/status]
    if (rest.length > 3) return NOT_FOUND;
    [resource, name, subresource] = rest;
  }
  const info = find(group, version, resource ?? '');
  if (!info) return NOT_FOUND;
  if (namespace !== undefined && !info.namespaced) return NOT_FOUND;
  if (subresource !== undefined && !info.subresources.some((s) => s.name === subresource)) return NOT_FOUND;
  if (watchPath && subresource !== undefined) return NOT_FOUND;
  return {
    kind: 'resource',
    info,
    namespace,
    name,
    subresource,
    watchPath,
    ...(proxyPath !== undefined ? { proxyPath } : {}),
  };
}
