// Which kinds carry metadata.generation. The API server's registry strategies set it to 1 on create and
// bump it when the spec changes only for some kinds (workloads, ingresses, policies, CRDs and every
// custom resource); ConfigMaps, Secrets, Pods (in 1.32), Services, Nodes, Namespaces, Events, Leases and
// the other built-ins have none.

import type { Gvr } from './types.js';

const WITH_GENERATION = new Set([
  'apps/deployments',
  'apps/replicasets',
  'apps/statefulsets',
  'apps/daemonsets',
  'batch/jobs',
  'batch/cronjobs',
  '/replicationcontrollers',
  '/podtemplates',
  'networking.k8s.io/ingresses',
  'networking.k8s.io/ingressclasses',
  'networking.k8s.io/networkpolicies',
  'policy/poddisruptionbudgets',
  'autoscaling/horizontalpodautoscalers',
  'apiextensions.k8s.io/customresourcedefinitions',
  'admissionregistration.k8s.io/validatingwebhookconfigurations',
  'admissionregistration.k8s.io/mutatingwebhookconfigurations',
  'admissionregistration.k8s.io/validatingadmissionpolicies',
  'admissionregistration.k8s.io/validatingadmissionpolicybindings',
  'flowcontrol.apiserver.k8s.io/flowschemas',
  'flowcontrol.apiserver.k8s.io/prioritylevelconfigurations',
]);

/** A built-in group: the core group, the unqualified ones (apps, batch, policy, …) and `*.k8s.io`. */
const builtIn = (group: string): boolean => group === '' || !group.includes('.') || group.endsWith('.k8s.io');

export function hasGeneration(gvr: Gvr): boolean {
  return !builtIn(gvr.group) || WITH_GENERATION.has(`${gvr.group}/${gvr.resource}`);
}
