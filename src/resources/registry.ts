// The only list of kinds (ARCHITECTURE.md convention 1): adding a kind is one file and one line here.
import { deployments } from './deployments.js';
import { namespaces } from './namespaces.js';
import { pods } from './pods.js';
import { services } from './services.js';
import type { ResourceDef } from './types.js';

export const resources: readonly ResourceDef[] = [pods, deployments, services, namespaces];

const byName = new Map<string, ResourceDef>();
for (const r of resources) {
  const names = [r.plural, r.singular, r.kind, ...r.aliases];
  if (r.group) names.push(`${r.plural}.${r.group}`, `${r.singular}.${r.group}`, `${r.kind}.${r.group}`);
  names.push(`${r.plural}.${r.version}.${r.group}`);
  for (const n of names) {
    const k = n.toLowerCase();
    if (!byName.has(k)) byName.set(k, r);
  }
}

/**
 * A kind by any name a user types, case-insensitive: plural, singular, kind or alias
 * ("po", "Pods", "deploy"), also kubectl's "deployments.apps" and "pods.v1." forms.
 */
export function resolveResource(name: string): ResourceDef | undefined {
  return byName.get(name.trim().toLowerCase());
}
