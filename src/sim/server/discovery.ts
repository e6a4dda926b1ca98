// Discovery documents: aggregated (apidiscovery.k8s.io/v2) and legacy (APIVersions, APIGroupList,
// APIGroup, APIResourceList), all derived from the resource list in ../resources.ts.

import { RESOURCES, groupVersions } from '../resources.js';
import type { ResourceInfo } from '../resources.js';
import { METRICS_RESOURCES } from '../metrics/resources.js';

export const DISCOVERY_V2_CONTENT_TYPE =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0+kubedeck-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.4',
  compiler: 'gc',
  platform: 'linux/amd64',
};

type List = readonly ResourceInfo[];

/** What discovery lists: the stored kinds plus metrics.k8s.io, which metrics/serve.ts answers. */
const served = (list: List): List => [...list, ...METRICS_RESOURCES];

const resourcesOf = (group: string, version: string, list: List): ResourceInfo[] =>
  list.filter((r) => r.gvr.group === group && r.gvr.version === version);

function aggregatedResource(r: ResourceInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {
    resource: r.gvr.resource,
    responseKind: { group: r.gvr.group, version: r.gvr.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames.length) out['shortNames'] = r.shortNames;
  if (r.categories.length) out['categories'] = r.categories;
  if (r.subresources.length)
    out['subresources'] = r.subresources.map((s) => ({
      subresource: s.name,
      responseKind: { group: s.group ?? r.gvr.group, version: s.version ?? r.gvr.version, kind: s.kind },
      verbs: s.verbs,
    }));
  return out;
}

/** GET /api (core = true) or /apis as an APIGroupDiscoveryList. */
export function aggregatedDiscovery(core: boolean, stored: List = RESOURCES): unknown {
  const list = served(stored);
  const groups = new Map<string, { version: string; resources: unknown[]; freshness: string }[]>();
  for (const gv of groupVersions(list)) {
    if ((gv.group === '') !== core) continue;
    const versions = groups.get(gv.group) ?? [];
    versions.push({
      version: gv.version,
      resources: resourcesOf(gv.group, gv.version, list).map(aggregatedResource),
      freshness: 'Current',
    });
    groups.set(gv.group, versions);
  }
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: [...groups].map(([name, versions]) => ({
      metadata: name === '' ? { creationTimestamp: null } : { name, creationTimestamp: null },
      versions,
    })),
  };
}

/** GET /api, legacy form. */
export function apiVersions(serverAddress: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(name: string, list: List): Record<string, unknown> {
  const versions = groupVersions(list)
    .filter((gv) => gv.group === name)
    .map((gv) => ({ groupVersion: `${name}/${gv.version}`, version: gv.version }));
  return { name, versions, preferredVersion: versions[0] };
}

/** GET /apis, legacy form. */
export function apiGroupList(stored: List = RESOURCES): unknown {
  const list = served(stored);
  const names = [...new Set(groupVersions(list).map((gv) => gv.group))].filter((g) => g !== '');
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: names.map((n) => apiGroup(n, list)) };
}

/** GET /apis/<group>, or undefined when the group is not served. */
export function apiGroupDoc(group: string, stored: List = RESOURCES): unknown {
  const list = served(stored);
  if (group === '' || !groupVersions(list).some((gv) => gv.group === group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, list) };
}

/** GET /api/v1 or /apis/<group>/<version> as an APIResourceList, or undefined when not served. */
export function apiResourceList(group: string, version: string, stored: List = RESOURCES): unknown {
  const list = resourcesOf(group, version, served(stored));
  if (list.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const r of list) {
    const main: Record<string, unknown> = {
      name: r.gvr.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
    };
    if (r.shortNames.length) main['shortNames'] = r.shortNames;
    if (r.categories.length) main['categories'] = r.categories;
    resources.push(main);
    for (const s of r.subresources) {
      const sub: Record<string, unknown> = {
        name: `${r.gvr.resource}/${s.name}`,
        singularName: '',
        namespaced: r.namespaced,
      };
      if (s.group !== undefined) sub['group'] = s.group;
      if (s.version !== undefined) sub['version'] = s.version;
      sub['kind'] = s.kind;
      sub['verbs'] = s.verbs;
      resources.push(sub);
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}
