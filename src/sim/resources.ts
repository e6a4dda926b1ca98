// The kinds the simulator serves, as data: discovery, routing, selectors and defaulting all read this
// list. Adding a kind is one entry here (plus its Table in server/tables.ts).

import { COMMON_FIELDS, POD_FIELDS } from '../util/selector.js';
import type { Gvr } from './storage/types.js';

export interface SubresourceInfo {
  name: string;
  kind: string;
  verbs: string[];
  /** When the subresource answers with another group's kind (deployments/scale → autoscaling/v1 Scale). */
  group?: string;
  version?: string;
}

export interface ResourceInfo {
  gvr: Gvr;
  kind: string;
  listKind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: SubresourceInfo[];
  /** Field selector labels the API accepts for this resource. */
  fieldLabels: readonly string[];
}

export const PODS: Gvr = { group: '', version: 'v1', resource: 'pods' };
export const SERVICES: Gvr = { group: '', version: 'v1', resource: 'services' };
export const NAMESPACES: Gvr = { group: '', version: 'v1', resource: 'namespaces' };
export const DEPLOYMENTS: Gvr = { group: 'apps', version: 'v1', resource: 'deployments' };

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS_VERBS = ['get', 'patch', 'update'];

export const RESOURCES: readonly ResourceInfo[] = [
  {
    gvr: PODS,
    kind: 'Pod',
    listKind: 'PodList',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    verbs: ALL_VERBS,
    subresources: [
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'binding', kind: 'Binding', verbs: ['create'] },
      { name: 'ephemeralcontainers', kind: 'Pod', verbs: STATUS_VERBS },
      { name: 'eviction', kind: 'Eviction', verbs: ['create'], group: 'policy', version: 'v1' },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      {
        name: 'proxy',
        kind: 'PodProxyOptions',
        verbs: ['create', 'delete', 'get', 'head', 'options', 'patch', 'update'],
      },
      { name: 'status', kind: 'Pod', verbs: STATUS_VERBS },
    ],
    fieldLabels: POD_FIELDS,
  },
  {
    gvr: SERVICES,
    kind: 'Service',
    listKind: 'ServiceList',
    singular: 'service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [
      {
        name: 'proxy',
        kind: 'ServiceProxyOptions',
        verbs: ['create', 'delete', 'get', 'head', 'options', 'patch', 'update'],
      },
      { name: 'status', kind: 'Service', verbs: STATUS_VERBS },
    ],
    fieldLabels: [...COMMON_FIELDS, 'spec.clusterIP', 'spec.type'],
  },
  {
    gvr: NAMESPACES,
    kind: 'Namespace',
    listKind: 'NamespaceList',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    categories: [],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [
      { name: 'finalize', kind: 'Namespace', verbs: ['update'] },
      { name: 'status', kind: 'Namespace', verbs: STATUS_VERBS },
    ],
    fieldLabels: [...COMMON_FIELDS, 'status.phase'],
  },
  {
    gvr: DEPLOYMENTS,
    kind: 'Deployment',
    listKind: 'DeploymentList',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    verbs: ALL_VERBS,
    subresources: [
      { name: 'scale', kind: 'Scale', verbs: STATUS_VERBS, group: 'autoscaling', version: 'v1' },
      { name: 'status', kind: 'Deployment', verbs: STATUS_VERBS },
    ],
    fieldLabels: COMMON_FIELDS,
  },
];

/** group → version → resource name → info. */
const index = new Map<string, ResourceInfo>();
for (const r of RESOURCES) index.set(`${r.gvr.group}/${r.gvr.version}/${r.gvr.resource}`, r);

export function findResource(group: string, version: string, resource: string): ResourceInfo | undefined {
  return index.get(`${group}/${version}/${resource}`);
}

export function resourceInfo(gvr: Gvr): ResourceInfo | undefined {
  return findResource(gvr.group, gvr.version, gvr.resource);
}

/** The API groups served, in discovery order: core ("") first. */
export function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of RESOURCES)
    seen.set(`${r.gvr.group}/${r.gvr.version}`, { group: r.gvr.group, version: r.gvr.version });
  return [...seen.values()];
}

export const apiVersionOf = (gvr: Gvr): string => (gvr.group ? `${gvr.group}/${gvr.version}` : gvr.version);
