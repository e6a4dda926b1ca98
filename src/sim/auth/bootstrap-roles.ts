// The API server's bootstrap RBAC policy (plugin/pkg/auth/authorizer/rbac/bootstrappolicy, 1.32) as
// data: the user-facing roles cluster-admin, admin, edit, view (the last three aggregated from the
// system:aggregate-to-* roles by the clusterrole-aggregation controller), discovery, basic-user and
// public-info-viewer. Controller roles are left out: the simulator's controllers do not go through RBAC.

import type { PolicyRule } from './rbac.js';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const ALL = [...WRITE, 'get', 'list', 'watch'];
const r = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({
  apiGroups,
  resources,
  verbs,
});

export const AGGREGATE_TO_VIEW: PolicyRule[] = [
  r(
    [''],
    [
      'configmaps',
      'endpoints',
      'persistentvolumeclaims',
      'persistentvolumeclaims/status',
      'pods',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'serviceaccounts',
      'services',
      'services/status',
    ],
    READ,
  ),
  r(
    [''],
    [
      'bindings',
      'events',
      'limitranges',
      'namespaces/status',
      'pods/log',
      'pods/status',
      'replicationcontrollers/status',
      'resourcequotas',
      'resourcequotas/status',
    ],
    READ,
  ),
  r([''], ['namespaces'], READ),
  r(['discovery.k8s.io'], ['endpointslices'], READ),
  r(
    ['apps'],
    [
      'controllerrevisions',
      'daemonsets',
      'daemonsets/status',
      'deployments',
      'deployments/scale',
      'deployments/status',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'statefulsets',
      'statefulsets/scale',
      'statefulsets/status',
    ],
    READ,
  ),
  r(['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], READ),
  r(['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], READ),
  r(
    ['extensions'],
    [
      'daemonsets',
      'daemonsets/status',
      'deployments',
      'deployments/scale',
      'deployments/status',
      'ingresses',
      'ingresses/status',
      'networkpolicies',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'replicationcontrollers/scale',
    ],
    READ,
  ),
  r(['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status'], READ),
  r(['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies'], READ),
];

export const AGGREGATE_TO_EDIT: PolicyRule[] = [
  r([''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], READ),
  r([''], ['serviceaccounts'], ['impersonate']),
  r([''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], WRITE),
  r([''], ['pods/eviction'], ['create']),
  r(
    [''],
    [
      'configmaps',
      'events',
      'persistentvolumeclaims',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'secrets',
      'serviceaccounts',
      'services',
      'services/proxy',
    ],
    WRITE,
  ),
  r([''], ['serviceaccounts/token'], ['create']),
  r(
    ['apps'],
    [
      'daemonsets',
      'deployments',
      'deployments/rollback',
      'deployments/scale',
      'replicasets',
      'replicasets/scale',
      'statefulsets',
      'statefulsets/scale',
    ],
    WRITE,
  ),
  r(['autoscaling'], ['horizontalpodautoscalers'], WRITE),
  r(['batch'], ['cronjobs', 'jobs'], WRITE),
  r(
    ['extensions'],
    [
      'daemonsets',
      'deployments',
      'deployments/rollback',
      'deployments/scale',
      'ingresses',
      'networkpolicies',
      'replicasets',
      'replicasets/scale',
      'replicationcontrollers/scale',
    ],
    WRITE,
  ),
  r(['policy'], ['poddisruptionbudgets'], WRITE),
  r(['networking.k8s.io'], ['ingresses', 'networkpolicies'], WRITE),
  r(['coordination.k8s.io'], ['leases'], ALL),
];

export const AGGREGATE_TO_ADMIN: PolicyRule[] = [
  r(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']),
  r(['rbac.authorization.k8s.io'], ['rolebindings', 'roles'], ALL),
];

/** metrics-server's system:aggregated-metrics-reader (aggregated into view, edit and admin). */
export const METRICS_READER: PolicyRule[] = [r(['metrics.k8s.io'], ['pods', 'nodes'], READ)];

export const CLUSTER_ADMIN: PolicyRule[] = [r(['*'], ['*'], ['*']), { nonResourceURLs: ['*'], verbs: ['*'] }];

export const DISCOVERY: PolicyRule[] = [
  {
    nonResourceURLs: [
      '/api',
      '/api/*',
      '/apis',
      '/apis/*',
      '/healthz',
      '/livez',
      '/openapi',
      '/openapi/*',
      '/readyz',
      '/version',
      '/version/',
    ],
    verbs: ['get'],
  },
];

export const BASIC_USER: PolicyRule[] = [
  r(['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], ['create']),
  r(['authentication.k8s.io'], ['selfsubjectreviews'], ['create']),
];

export const PUBLIC_INFO_VIEWER: PolicyRule[] = [
  { nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] },
];
