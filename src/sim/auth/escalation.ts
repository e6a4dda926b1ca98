// RBAC's escalation prevention (pkg/registry/rbac/validation): a user may create or change a Role or
// ClusterRole only with rules it holds itself (or the `escalate` verb on it), and bind a role only when
// it holds that role's rules where the binding applies (or the `bind` verb on the role). Refusals say
// which rules are missing, as upstream.

import type { KObject } from '../../util/k8s.js';
import type { Storage } from '../storage/index.js';
import { CLUSTERROLES, ROLES } from '../resources.js';
import { arr } from './rbac.js';
import type { Binding, PolicyRule, Rbac, Role } from './rbac.js';
import type { Attributes, UserInfo } from './types.js';

const covers = (owner: readonly string[] | undefined, v: string): boolean =>
  arr(owner).includes('*') || arr(owner).includes(v);

function resourceCovers(owner: readonly string[] | undefined, r: string): boolean {
  const o = arr(owner);
  if (o.includes('*') || o.includes(r)) return true;
  const slash = r.indexOf('/');
  return slash > 0 && o.includes(`*${r.slice(slash)}`);
}

/** One atomic piece of a rule (one verb on one group/resource[/name], or one verb on one URL). */
interface Atom {
  verb: string;
  group?: string;
  resource?: string;
  name?: string;
  url?: string;
}

function atoms(rule: PolicyRule): Atom[] {
  const out: Atom[] = [];
  if (rule === null || typeof rule !== 'object') return out;
  for (const verb of arr(rule.verbs)) {
    for (const url of arr(rule.nonResourceURLs)) out.push({ verb, url });
    for (const group of arr(rule.apiGroups))
      for (const resource of arr(rule.resources)) {
        const names = arr(rule.resourceNames).length ? arr(rule.resourceNames) : [undefined];
        for (const name of names)
          out.push({ verb, group, resource, ...(name !== undefined ? { name } : {}) });
      }
  }
  return out;
}

function atomCovered(a: Atom, owner: PolicyRule): boolean {
  if (!covers(owner.verbs, a.verb)) return false;
  if (a.url !== undefined) {
    return arr(owner.nonResourceURLs).some(
      (u) => u === '*' || u === a.url || (u.endsWith('*') && a.url?.startsWith(u.slice(0, -1))),
    );
  }
  if (!covers(owner.apiGroups, a.group ?? '') || !resourceCovers(owner.resources, a.resource ?? ''))
    return false;
  const names = arr(owner.resourceNames);
  return names.length === 0 || (a.name !== undefined && names.includes(a.name));
}

const q = (xs: readonly string[]): string => `[${xs.map((x) => JSON.stringify(x)).join(' ')}]`;

/** rbacv1helpers.CompactString. */
function compact(a: Atom): string {
  const parts: string[] = [];
  if (a.group !== undefined) parts.push(`APIGroups:${q([a.group])}`);
  if (a.resource !== undefined) parts.push(`Resources:${q([a.resource])}`);
  if (a.url !== undefined) parts.push(`NonResourceURLs:${q([a.url])}`);
  if (a.name !== undefined) parts.push(`ResourceNames:${q([a.name])}`);
  parts.push(`Verbs:${q([a.verb])}`);
  return `{${parts.join(', ')}}`;
}

/** The upstream text when `rules` are not all held by `user` in `namespace`, else undefined. */
function confirmNoEscalation(
  rbac: Rbac,
  user: UserInfo,
  namespace: string,
  rules: readonly PolicyRule[],
): string | undefined {
  if (user.groups.includes('system:masters')) return undefined;
  const held = rbac.rulesFor(user, namespace);
  const missing = new Set<string>();
  for (const rule of rules)
    for (const a of atoms(rule)) if (!held.rules.some((o) => atomCovered(a, o))) missing.add(compact(a));
  if (missing.size === 0) return undefined;
  let msg = `user "${user.username}" (groups=${q(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${[...missing].sort().join('\n')}`;
  if (held.errors.length) msg += `; resolution errors: [${held.errors.join(' ')}]`;
  return msg;
}

function allowed(
  rbac: Rbac,
  user: UserInfo,
  verb: string,
  resource: string,
  namespace: string,
  name: string,
): boolean {
  const a: Attributes = {
    user,
    verb,
    resourceRequest: true,
    apiGroup: 'rbac.authorization.k8s.io',
    apiVersion: 'v1',
    resource,
    subresource: '',
    namespace,
    name,
    path: '',
  };
  return rbac.authorize(a).allowed;
}

/** Why `user` may not store `obj` (a Role, ClusterRole, RoleBinding or ClusterRoleBinding), or undefined. */
export function escalation(
  rbac: Rbac,
  storage: Storage,
  user: UserInfo,
  kind: string,
  obj: KObject,
): string | undefined {
  const ns = obj.metadata.namespace ?? '';
  const name = obj.metadata.name ?? '';
  if (kind === 'Role' || kind === 'ClusterRole') {
    if (allowed(rbac, user, 'escalate', kind === 'Role' ? 'roles' : 'clusterroles', ns, name))
      return undefined;
    return confirmNoEscalation(rbac, user, ns, arr((obj as Role).rules));
  }
  const ref = (obj as Binding).roleRef;
  if (!ref || typeof ref !== 'object' || typeof ref.name !== 'string') return undefined;
  const resource = ref.kind === 'Role' ? 'roles' : 'clusterroles';
  if (allowed(rbac, user, 'bind', resource, ref.kind === 'Role' ? ns : '', ref.name)) return undefined;
  const role = (
    ref.kind === 'Role' ? storage.get(ROLES, ns, ref.name) : storage.get(CLUSTERROLES, undefined, ref.name)
  ) as Role | undefined;
  if (!role)
    return ref.kind === 'Role'
      ? `role.rbac.authorization.k8s.io "${ref.name}" not found`
      : `clusterrole.rbac.authorization.k8s.io "${ref.name}" not found`;
  return confirmNoEscalation(rbac, user, ns, arr(role.rules));
}
