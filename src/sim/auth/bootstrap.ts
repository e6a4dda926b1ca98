// What a fresh API server and controller-manager create before anyone asks: the bootstrap ClusterRoles
// and ClusterRoleBindings (with the simulator's two users bound: sim-admin to cluster-admin, sim-viewer
// to view), the two system PriorityClasses, and kube-system's ServiceAccounts. Seeded into every
// scenario; `default` ServiceAccounts come from the serviceaccount controller.

import type { KObject } from '../../util/k8s.js';
import { CLUSTERROLEBINDINGS, CLUSTERROLES, PRIORITYCLASSES, SERVICEACCOUNTS } from '../resources.js';
import type { SeedObject } from '../scenarios/types.js';
import { aggregatedRules } from './aggregate.js';
import type { AggregatedRole } from './aggregate.js';
import { ADMIN_USER, VIEWER_USER } from './authn.js';
import {
  AGGREGATE_TO_ADMIN,
  AGGREGATE_TO_EDIT,
  AGGREGATE_TO_VIEW,
  BASIC_USER,
  CLUSTER_ADMIN,
  DISCOVERY,
  METRICS_READER,
  PUBLIC_INFO_VIEWER,
} from './bootstrap-roles.js';
import type { PolicyRule, Subject } from './rbac.js';

const DEFAULTS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };
const AGG = (level: string): Record<string, string> => ({
  [`rbac.authorization.k8s.io/aggregate-to-${level}`]: 'true',
});

function clusterRole(
  name: string,
  rules: PolicyRule[],
  labels: Record<string, string> = {},
  aggregateFrom?: string,
): AggregatedRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels: { ...DEFAULTS, ...labels }, annotations: { ...AUTOUPDATE } },
    rules,
    ...(aggregateFrom
      ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: AGG(aggregateFrom) }] } }
      : {}),
  };
}

const group = (name: string): Subject => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name });
const user = (name: string): Subject => ({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name });

function binding(name: string, role: string, subjects: Subject[], bootstrap = true): KObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: bootstrap
      ? { name, labels: { ...DEFAULTS }, annotations: { ...AUTOUPDATE } }
      : { name, labels: { 'app.kubernetes.io/managed-by': 'kubedeck-sim' } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects,
  } as KObject;
}

const FAULTS_READER = 'kubedeck-sim:faults-reader';

function bootstrapClusterRoles(): AggregatedRole[] {
  const roles = [
    clusterRole('cluster-admin', CLUSTER_ADMIN),
    clusterRole('admin', [], {}, 'admin'),
    clusterRole('edit', [], AGG('admin'), 'edit'),
    clusterRole('view', [], { ...AGG('edit') }, 'view'),
    clusterRole('system:aggregate-to-admin', AGGREGATE_TO_ADMIN, AGG('admin')),
    clusterRole('system:aggregate-to-edit', AGGREGATE_TO_EDIT, AGG('edit')),
    clusterRole('system:aggregate-to-view', AGGREGATE_TO_VIEW, AGG('view')),
    clusterRole('system:discovery', DISCOVERY),
    clusterRole('system:basic-user', BASIC_USER),
    clusterRole('system:public-info-viewer', PUBLIC_INFO_VIEWER),
    {
      ...clusterRole('system:aggregated-metrics-reader', METRICS_READER),
      metadata: {
        name: 'system:aggregated-metrics-reader',
        labels: { ...AGG('view'), ...AGG('edit'), ...AGG('admin'), 'k8s-app': 'metrics-server' },
      },
    },
    {
      ...clusterRole(FAULTS_READER, [{ nonResourceURLs: ['/kubedeck-sim/faults'], verbs: ['get'] }]),
      metadata: { name: FAULTS_READER, labels: { 'app.kubernetes.io/managed-by': 'kubedeck-sim' } },
    },
  ];
  // admin ⊃ edit ⊃ view: aggregate until nothing changes (what the controller converges to)
  for (let changed = true; changed;) {
    changed = false;
    for (const role of roles) {
      const rules = aggregatedRules(role, roles);
      if (rules && JSON.stringify(rules) !== JSON.stringify(role.rules)) {
        role.rules = rules;
        changed = true;
      }
    }
  }
  return roles;
}

function bootstrapBindings(): KObject[] {
  return [
    binding('cluster-admin', 'cluster-admin', [group('system:masters')]),
    binding('system:discovery', 'system:discovery', [group('system:authenticated')]),
    binding('system:basic-user', 'system:basic-user', [group('system:authenticated')]),
    binding('system:public-info-viewer', 'system:public-info-viewer', [
      group('system:authenticated'),
      group('system:unauthenticated'),
    ]),
    binding('kubedeck-sim:sim-admin', 'cluster-admin', [user(ADMIN_USER)], false),
    binding('kubedeck-sim:sim-viewer', 'view', [user(VIEWER_USER)], false),
    binding(FAULTS_READER, FAULTS_READER, [group('system:authenticated')], false),
  ];
}

const PRIORITY_CLASSES: [string, number, string][] = [
  [
    'system-cluster-critical',
    2000000000,
    'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  ],
  [
    'system-node-critical',
    2000001000,
    'Used for system critical pods that must not be moved from their current node.',
  ],
];

/** kube-controller-manager's per-controller ServiceAccounts and the system add-ons' ones (as in kind). */
const KUBE_SYSTEM_SAS = [
  'attachdetach-controller',
  'bootstrap-signer',
  'certificate-controller',
  'clusterrole-aggregation-controller',
  'coredns',
  'cronjob-controller',
  'daemon-set-controller',
  'deployment-controller',
  'disruption-controller',
  'endpoint-controller',
  'endpointslice-controller',
  'endpointslicemirroring-controller',
  'ephemeral-volume-controller',
  'expand-controller',
  'generic-garbage-collector',
  'horizontal-pod-autoscaler',
  'job-controller',
  'kindnet',
  'kube-proxy',
  'legacy-service-account-token-cleaner',
  'metrics-server',
  'namespace-controller',
  'node-controller',
  'persistent-volume-binder',
  'pod-garbage-collector',
  'pv-protection-controller',
  'pvc-protection-controller',
  'replicaset-controller',
  'replication-controller',
  'resourcequota-controller',
  'root-ca-cert-publisher',
  'service-account-controller',
  'statefulset-controller',
  'token-cleaner',
  'ttl-after-finished-controller',
  'ttl-controller',
];

export function bootstrapObjects(ageMs: number): SeedObject[] {
  return [
    ...bootstrapClusterRoles().map((object) => ({ gvr: CLUSTERROLES, object, ageMs })),
    ...bootstrapBindings().map((object) => ({ gvr: CLUSTERROLEBINDINGS, object, ageMs })),
    ...PRIORITY_CLASSES.map(([name, value, description]) => ({
      gvr: PRIORITYCLASSES,
      ageMs,
      object: {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name },
        value,
        description,
        preemptionPolicy: 'PreemptLowerPriority',
      } as KObject,
    })),
    ...KUBE_SYSTEM_SAS.map((name) => ({
      gvr: SERVICEACCOUNTS,
      ageMs,
      object: { metadata: { name, namespace: 'kube-system' } },
    })),
  ];
}
