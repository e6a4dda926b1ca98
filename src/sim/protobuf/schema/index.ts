// The packages of the protobuf tables and the kinds a request body may carry. Written by
// scripts/protobuf-tables.mjs (v0.32.13).

import { APPS_V1 } from './apps-v1.js';
import { AUTHENTICATION_V1 } from './authentication-v1.js';
import { AUTHORIZATION_V1 } from './authorization-v1.js';
import { AUTOSCALING_V1 } from './autoscaling-v1.js';
import { AUTOSCALING_V2 } from './autoscaling-v2.js';
import { BATCH_V1 } from './batch-v1.js';
import { COORDINATION_V1 } from './coordination-v1.js';
import { CORE_V1 } from './core-v1.js';
import { CORE_V1_2 } from './core-v1-2.js';
import { DISCOVERY_V1 } from './discovery-v1.js';
import { EVENTS_V1 } from './events-v1.js';
import { META_V1 } from './meta-v1.js';
import { NETWORKING_V1 } from './networking-v1.js';
import { POLICY_V1 } from './policy-v1.js';
import { RBAC_V1 } from './rbac-v1.js';
import { SCHEDULING_V1 } from './scheduling-v1.js';
import { STORAGE_V1 } from './storage-v1.js';

/** Package id → its table text. */
export const TABLES: Readonly<Record<string, string>> = {
  'apps/v1': APPS_V1,
  'authentication/v1': AUTHENTICATION_V1,
  'authorization/v1': AUTHORIZATION_V1,
  'autoscaling/v1': AUTOSCALING_V1,
  'autoscaling/v2': AUTOSCALING_V2,
  'batch/v1': BATCH_V1,
  'coordination/v1': COORDINATION_V1,
  'core/v1': CORE_V1 + CORE_V1_2,
  'discovery/v1': DISCOVERY_V1,
  'events/v1': EVENTS_V1,
  'meta/v1': META_V1,
  'networking/v1': NETWORKING_V1,
  'policy/v1': POLICY_V1,
  'rbac/v1': RBAC_V1,
  'scheduling/v1': SCHEDULING_V1,
  'storage/v1': STORAGE_V1,
};

/** Package id → the kinds a request body may be. */
export const ROOTS: Readonly<Record<string, readonly string[]>> = {
  'core/v1': [
    'Pod',
    'Service',
    'Endpoints',
    'Namespace',
    'Node',
    'Event',
    'ConfigMap',
    'Secret',
    'ServiceAccount',
    'PersistentVolumeClaim',
    'PersistentVolume',
    'ResourceQuota',
    'LimitRange',
    'ReplicationController',
    'PodTemplate',
    'Binding',
  ],
  'apps/v1': ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision'],
  'batch/v1': ['Job', 'CronJob'],
  'networking/v1': ['Ingress', 'IngressClass', 'NetworkPolicy'],
  'storage/v1': ['StorageClass'],
  'discovery/v1': ['EndpointSlice'],
  'coordination/v1': ['Lease'],
  'policy/v1': ['PodDisruptionBudget', 'Eviction'],
  'autoscaling/v1': ['HorizontalPodAutoscaler', 'Scale'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'rbac/v1': ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'],
  'scheduling/v1': ['PriorityClass'],
  'events/v1': ['Event'],
  'authorization/v1': [
    'SelfSubjectAccessReview',
    'SelfSubjectRulesReview',
    'SubjectAccessReview',
    'LocalSubjectAccessReview',
  ],
  'authentication/v1': ['TokenRequest', 'TokenReview', 'SelfSubjectReview'],
  'meta/v1': ['DeleteOptions'],
};
