// The kinds the simulator serves, as data: discovery, routing, selectors, defaulting and Tables all read
// this list. Adding a built-in kind is one entry here (its Table comes from util/printers when there is
// one, else Name + Age). Custom resources are added at run time by the CRD catalogue (crd/catalogue.ts).

import { COMMON_FIELDS, EVENT_FIELDS, POD_FIELDS } from '../util/selector.js';
import type { Gvr } from './storage/types.js';

export interface SubresourceInfo {
  name: string;
  kind: string;
  verbs: string[];
  /** When the subresource answers with another group's kind (deployments/scale → autoscaling/v1 Scale). */
  group?: string;
  version?: string;
}

/** A CRD's additionalPrinterColumns entry. */
export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
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
  /** Custom resources: the CRD version's additionalPrinterColumns (Table columns after Name). */
  printerColumns?: PrinterColumn[];
  /** True for resources defined by a CRD. */
  custom?: boolean;
  /** Custom resources: the CRD version's openAPIV3Schema (validation and /openapi/v3). */
  schema?: unknown;
}

/** events.k8s.io/v1 Event field selectors (the same events as core/v1, under their new field names). */
const EVENT_V1_FIELDS: readonly string[] = [
  ...COMMON_FIELDS,
  'regarding.kind',
  'regarding.namespace',
  'regarding.name',
  'regarding.uid',
  'regarding.apiVersion',
  'regarding.resourceVersion',
  'regarding.fieldPath',
  'reason',
  'reportingController',
  'type',
];

const gvr = (group: string, version: string, resource: string): Gvr => ({ group, version, resource });

// core/v1
export const PODS = gvr('', 'v1', 'pods');
export const SERVICES = gvr('', 'v1', 'services');
export const ENDPOINTS = gvr('', 'v1', 'endpoints');
export const NAMESPACES = gvr('', 'v1', 'namespaces');
export const NODES = gvr('', 'v1', 'nodes');
export const EVENTS = gvr('', 'v1', 'events');
export const CONFIGMAPS = gvr('', 'v1', 'configmaps');
export const SECRETS = gvr('', 'v1', 'secrets');
export const SERVICEACCOUNTS = gvr('', 'v1', 'serviceaccounts');
export const PERSISTENTVOLUMECLAIMS = gvr('', 'v1', 'persistentvolumeclaims');
export const PERSISTENTVOLUMES = gvr('', 'v1', 'persistentvolumes');
// apps/v1
export const DEPLOYMENTS = gvr('apps', 'v1', 'deployments');
export const REPLICASETS = gvr('apps', 'v1', 'replicasets');
export const STATEFULSETS = gvr('apps', 'v1', 'statefulsets');
export const DAEMONSETS = gvr('apps', 'v1', 'daemonsets');
export const CONTROLLERREVISIONS = gvr('apps', 'v1', 'controllerrevisions');
// batch/v1
export const JOBS = gvr('batch', 'v1', 'jobs');
export const CRONJOBS = gvr('batch', 'v1', 'cronjobs');
// others
export const INGRESSES = gvr('networking.k8s.io', 'v1', 'ingresses');
export const STORAGECLASSES = gvr('storage.k8s.io', 'v1', 'storageclasses');
export const ENDPOINTSLICES = gvr('discovery.k8s.io', 'v1', 'endpointslices');
export const CUSTOMRESOURCEDEFINITIONS = gvr('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
export const LEASES = gvr('coordination.k8s.io', 'v1', 'leases');
// issue 11: RBAC, reviews, policy and the other kinds every real cluster serves
export const REPLICATIONCONTROLLERS = gvr('', 'v1', 'replicationcontrollers');
export const RESOURCEQUOTAS = gvr('', 'v1', 'resourcequotas');
export const LIMITRANGES = gvr('', 'v1', 'limitranges');
export const ROLES = gvr('rbac.authorization.k8s.io', 'v1', 'roles');
export const ROLEBINDINGS = gvr('rbac.authorization.k8s.io', 'v1', 'rolebindings');
export const CLUSTERROLES = gvr('rbac.authorization.k8s.io', 'v1', 'clusterroles');
export const CLUSTERROLEBINDINGS = gvr('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings');
const SELFSUBJECTREVIEWS = gvr('authentication.k8s.io', 'v1', 'selfsubjectreviews');
const TOKENREVIEWS = gvr('authentication.k8s.io', 'v1', 'tokenreviews');
const SELFSUBJECTACCESSREVIEWS = gvr('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews');
const SELFSUBJECTRULESREVIEWS = gvr('authorization.k8s.io', 'v1', 'selfsubjectrulesreviews');
const SUBJECTACCESSREVIEWS = gvr('authorization.k8s.io', 'v1', 'subjectaccessreviews');
const LOCALSUBJECTACCESSREVIEWS = gvr('authorization.k8s.io', 'v1', 'localsubjectaccessreviews');
export const PODDISRUPTIONBUDGETS = gvr('policy', 'v1', 'poddisruptionbudgets');
export const HORIZONTALPODAUTOSCALERS = gvr('autoscaling', 'v2', 'horizontalpodautoscalers');
const NETWORKPOLICIES = gvr('networking.k8s.io', 'v1', 'networkpolicies');
export const INGRESSCLASSES = gvr('networking.k8s.io', 'v1', 'ingressclasses');
export const PRIORITYCLASSES = gvr('scheduling.k8s.io', 'v1', 'priorityclasses');
export const EVENTS_V1 = gvr('events.k8s.io', 'v1', 'events');

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS_VERBS = ['get', 'patch', 'update'];
const PROXY_VERBS = ['create', 'delete', 'get', 'head', 'options', 'patch', 'update'];

const status = (kind: string): SubresourceInfo => ({ name: 'status', kind, verbs: STATUS_VERBS });
const scale: SubresourceInfo = {
  name: 'scale',
  kind: 'Scale',
  verbs: STATUS_VERBS,
  group: 'autoscaling',
  version: 'v1',
};

interface Entry {
  gvr: Gvr;
  kind: string;
  namespaced?: boolean; // default true
  shortNames?: string[];
  all?: boolean; // in the "all" category
  categories?: string[];
  verbs?: string[];
  sub?: (kind: string) => SubresourceInfo[];
  fields?: readonly string[];
}

const withStatus = (k: string): SubresourceInfo[] => [status(k)];
const withScale = (k: string): SubresourceInfo[] => [scale, status(k)];

const ENTRIES: Entry[] = [
  {
    gvr: PODS,
    kind: 'Pod',
    shortNames: ['po'],
    all: true,
    fields: POD_FIELDS,
    sub: (k) => [
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'binding', kind: 'Binding', verbs: ['create'] },
      { name: 'ephemeralcontainers', kind: k, verbs: STATUS_VERBS },
      { name: 'eviction', kind: 'Eviction', verbs: ['create'], group: 'policy', version: 'v1' },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'log', kind: k, verbs: ['get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      { name: 'proxy', kind: 'PodProxyOptions', verbs: PROXY_VERBS },
      status(k),
    ],
  },
  {
    gvr: SERVICES,
    kind: 'Service',
    shortNames: ['svc'],
    all: true,
    fields: [...COMMON_FIELDS, 'spec.clusterIP', 'spec.type'],
    sub: (k) => [{ name: 'proxy', kind: 'ServiceProxyOptions', verbs: PROXY_VERBS }, status(k)],
  },
  { gvr: ENDPOINTS, kind: 'Endpoints', shortNames: ['ep'] },
  {
    gvr: NAMESPACES,
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    sub: (k) => [{ name: 'finalize', kind: k, verbs: ['update'] }, status(k)],
    fields: [...COMMON_FIELDS, 'status.phase'],
  },
  {
    gvr: NODES,
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    sub: (k) => [{ name: 'proxy', kind: 'NodeProxyOptions', verbs: PROXY_VERBS }, status(k)],
    fields: [...COMMON_FIELDS, 'spec.unschedulable'],
  },
  { gvr: EVENTS, kind: 'Event', shortNames: ['ev'], fields: EVENT_FIELDS },
  { gvr: CONFIGMAPS, kind: 'ConfigMap', shortNames: ['cm'] },
  { gvr: SECRETS, kind: 'Secret', fields: [...COMMON_FIELDS, 'type'] },
  {
    gvr: SERVICEACCOUNTS,
    kind: 'ServiceAccount',
    shortNames: ['sa'],
    sub: () => [{ name: 'token', kind: 'TokenRequest', verbs: ['create'], group: 'authentication.k8s.io' }],
  },
  { gvr: PERSISTENTVOLUMECLAIMS, kind: 'PersistentVolumeClaim', shortNames: ['pvc'], sub: withStatus },
  {
    gvr: PERSISTENTVOLUMES,
    kind: 'PersistentVolume',
    namespaced: false,
    shortNames: ['pv'],
    sub: withStatus,
  },
  {
    gvr: REPLICATIONCONTROLLERS,
    kind: 'ReplicationController',
    shortNames: ['rc'],
    all: true,
    sub: withScale,
  },
  { gvr: RESOURCEQUOTAS, kind: 'ResourceQuota', shortNames: ['quota'], sub: withStatus },
  { gvr: LIMITRANGES, kind: 'LimitRange', shortNames: ['limits'] },
  { gvr: DEPLOYMENTS, kind: 'Deployment', shortNames: ['deploy'], all: true, sub: withScale },
  {
    gvr: REPLICASETS,
    kind: 'ReplicaSet',
    shortNames: ['rs'],
    all: true,
    sub: withScale,
    fields: [...COMMON_FIELDS, 'status.replicas'],
  },
  { gvr: STATEFULSETS, kind: 'StatefulSet', shortNames: ['sts'], all: true, sub: withScale },
  { gvr: DAEMONSETS, kind: 'DaemonSet', shortNames: ['ds'], all: true, sub: withStatus },
  { gvr: CONTROLLERREVISIONS, kind: 'ControllerRevision' },
  {
    gvr: JOBS,
    kind: 'Job',
    all: true,
    sub: withStatus,
    fields: [...COMMON_FIELDS, 'status.successful'],
  },
  { gvr: CRONJOBS, kind: 'CronJob', shortNames: ['cj'], all: true, sub: withStatus },
  { gvr: INGRESSES, kind: 'Ingress', shortNames: ['ing'], sub: withStatus },
  { gvr: STORAGECLASSES, kind: 'StorageClass', namespaced: false, shortNames: ['sc'] },
  { gvr: ENDPOINTSLICES, kind: 'EndpointSlice' },
  { gvr: LEASES, kind: 'Lease' },
  { gvr: PODDISRUPTIONBUDGETS, kind: 'PodDisruptionBudget', shortNames: ['pdb'], sub: withStatus },
  {
    gvr: HORIZONTALPODAUTOSCALERS,
    kind: 'HorizontalPodAutoscaler',
    shortNames: ['hpa'],
    all: true,
    sub: withStatus,
  },
  { gvr: NETWORKPOLICIES, kind: 'NetworkPolicy', shortNames: ['netpol'] },
  { gvr: INGRESSCLASSES, kind: 'IngressClass', namespaced: false },
  { gvr: PRIORITYCLASSES, kind: 'PriorityClass', namespaced: false, shortNames: ['pc'] },
  { gvr: EVENTS_V1, kind: 'Event', shortNames: ['ev'], fields: EVENT_V1_FIELDS },
  { gvr: ROLES, kind: 'Role' },
  { gvr: ROLEBINDINGS, kind: 'RoleBinding' },
  { gvr: CLUSTERROLES, kind: 'ClusterRole', namespaced: false },
  { gvr: CLUSTERROLEBINDINGS, kind: 'ClusterRoleBinding', namespaced: false },
  { gvr: SELFSUBJECTREVIEWS, kind: 'SelfSubjectReview', namespaced: false, verbs: ['create'] },
  { gvr: TOKENREVIEWS, kind: 'TokenReview', namespaced: false, verbs: ['create'] },
  { gvr: SELFSUBJECTACCESSREVIEWS, kind: 'SelfSubjectAccessReview', namespaced: false, verbs: ['create'] },
  { gvr: SELFSUBJECTRULESREVIEWS, kind: 'SelfSubjectRulesReview', namespaced: false, verbs: ['create'] },
  { gvr: SUBJECTACCESSREVIEWS, kind: 'SubjectAccessReview', namespaced: false, verbs: ['create'] },
  { gvr: LOCALSUBJECTACCESSREVIEWS, kind: 'LocalSubjectAccessReview', verbs: ['create'] },
  {
    gvr: CUSTOMRESOURCEDEFINITIONS,
    kind: 'CustomResourceDefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    sub: withStatus,
  },
];

function toInfo(e: Entry): ResourceInfo {
  return {
    gvr: e.gvr,
    kind: e.kind,
    listKind: `${e.kind}List`,
    singular: e.kind.toLowerCase(),
    namespaced: e.namespaced ?? true,
    shortNames: e.shortNames ?? [],
    categories: e.categories ?? (e.all ? ['all'] : []),
    verbs: e.verbs ?? ALL_VERBS,
    subresources: e.sub?.(e.kind) ?? [],
    fieldLabels: e.fields ?? COMMON_FIELDS,
  };
}

/** Every built-in kind, in discovery order (core first). */
export const RESOURCES: readonly ResourceInfo[] = ENTRIES.map(toInfo);

const index = new Map<string, ResourceInfo>();
for (const r of RESOURCES) index.set(`${r.gvr.group}/${r.gvr.version}/${r.gvr.resource}`, r);

/** A built-in resource (custom resources are looked up through the server's catalogue). */
export function findResource(group: string, version: string, resource: string): ResourceInfo | undefined {
  return index.get(`${group}/${version}/${resource}`);
}

export function resourceInfo(g: Gvr): ResourceInfo | undefined {
  return findResource(g.group, g.version, g.resource);
}

/** The API group versions of `list`, in discovery order: core ("") first. */
export function groupVersions(
  list: readonly ResourceInfo[] = RESOURCES,
): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of list)
    seen.set(`${r.gvr.group}/${r.gvr.version}`, { group: r.gvr.group, version: r.gvr.version });
  return [...seen.values()];
}

export const apiVersionOf = (g: Gvr): string => (g.group ? `${g.group}/${g.version}` : g.version);
