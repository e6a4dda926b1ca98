// The only list of kinds (ARCHITECTURE.md convention 1): adding a kind is one file and one line here.
import { configmaps } from './configmaps.js';
import { containers } from './containers.js';
import { contexts } from './contexts.js';
import { portForwards } from './portforwards.js';
import { controllerrevisions } from './controllerrevisions.js';
import { cronjobs } from './cronjobs.js';
import { customresourcedefinitions } from './customresourcedefinitions.js';
import { daemonsets } from './daemonsets.js';
import { deployments } from './deployments.js';
import { endpoints } from './endpoints.js';
import { endpointslices } from './endpointslices.js';
import { events } from './events.js';
import { helmReleases } from './helmreleases.js';
import { helmResources } from './helmresources.js';
import { ingresses } from './ingresses.js';
import { jobs } from './jobs.js';
import { namespaces } from './namespaces.js';
import { nodes } from './nodes.js';
import { persistentvolumeclaims } from './persistentvolumeclaims.js';
import { persistentvolumes } from './persistentvolumes.js';
import { pods } from './pods.js';
import { replicasets } from './replicasets.js';
import { replicationcontrollers } from './replicationcontrollers.js';
import { secrets } from './secrets.js';
import { serviceaccounts } from './serviceaccounts.js';
import { services } from './services.js';
import { statefulsets } from './statefulsets.js';
import { storageclasses } from './storageclasses.js';
import type { ResourceDef } from './types.js';

export const resources: readonly ResourceDef[] = [
  pods,
  deployments,
  services,
  namespaces,
  nodes,
  replicasets,
  replicationcontrollers,
  statefulsets,
  daemonsets,
  jobs,
  cronjobs,
  configmaps,
  secrets,
  serviceaccounts,
  ingresses,
  persistentvolumeclaims,
  persistentvolumes,
  storageclasses,
  containers,
  contexts,
  portForwards,
  events,
  endpoints,
  endpointslices,
  controllerrevisions,
  customresourcedefinitions,
  helmReleases,
  helmResources,
];

/** Every name a user may type for a kind, lower case, most specific last. */
export function namesOf(r: ResourceDef): string[] {
  const names = [r.plural, r.singular, r.kind, ...r.aliases];
  if (r.group) names.push(`${r.plural}.${r.group}`, `${r.singular}.${r.group}`, `${r.kind}.${r.group}`);
  names.push(`${r.plural}.${r.version}.${r.group}`);
  return names.map((n) => n.toLowerCase());
}

const byName = new Map<string, ResourceDef>();
for (const r of resources) {
  for (const k of namesOf(r)) if (!byName.has(k)) byName.set(k, r);
}

/**
 * A kind by any name a user types, case-insensitive: plural, singular, kind or alias
 * ("po", "Pods", "deploy"), also kubectl's "deployments.apps" and "pods.v1." forms. Built-in
 * kinds win; then `discovered` (e.g. genericResource() defs for CRDs) is searched in order.
 */
export function resolveResource(name: string, discovered?: readonly ResourceDef[]): ResourceDef | undefined {
  const k = name.trim().toLowerCase();
  const hit = byName.get(k);
  if (hit || !k || !discovered) return hit;
  return discovered.find((r) => namesOf(r).includes(k));
}

/** Where a kind's collection lives in the API (for one namespace, or all/cluster-scoped without one). */
export function collectionOf(r: ResourceDef, namespace?: string): { group: string; version: string; plural: string; namespace?: string } {
  return { group: r.group, version: r.version, plural: r.watchPlural ?? r.plural, ...(r.namespaced && namespace !== undefined ? { namespace } : {}) };
}
