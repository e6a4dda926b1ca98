// The RBAC authorizer (k8s.io/kubernetes plugin/pkg/auth/authorizer/rbac): a request is allowed when a
// rule of a role bound to the user allows it. ClusterRoleBindings apply everywhere, RoleBindings in
// their namespace; a RoleBinding may refer to a ClusterRole. Everything is read from storage on each
// request, so `kubectl create rolebinding` takes effect at once. Nothing is denied explicitly: no rule
// means no.

import type { KObject } from '../../util/k8s.js';
import type { Storage } from '../storage/index.js';
import { CLUSTERROLEBINDINGS, CLUSTERROLES, ROLEBINDINGS, ROLES } from '../resources.js';
import type { Attributes, Decision, UserInfo } from './types.js';

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  apiGroup?: string;
  name: string;
  namespace?: string;
}

export interface RoleRef {
  apiGroup?: string;
  kind: string;
  name: string;
}

export type Role = KObject & { rules?: PolicyRule[] | null };
export type Binding = KObject & { subjects?: Subject[] | null; roleRef?: RoleRef };

/** Only real arrays count: a malformed object (a string where a list belongs) grants nothing. */
export const arr = <T>(v: readonly T[] | undefined | null): readonly T[] => (Array.isArray(v) ? v : []);

const has = (list: readonly string[] | undefined | null, v: string): boolean =>
  arr(list).includes('*') || arr(list).includes(v);

function appliesTo(user: UserInfo, s: Subject, bindingNamespace: string): boolean {
  if (s === null || typeof s !== 'object' || typeof s.name !== 'string') return false;
  switch (s.kind) {
    case 'User':
      return s.name === user.username;
    case 'Group':
      return user.groups.includes(s.name);
    case 'ServiceAccount':
      return user.username === `system:serviceaccount:${s.namespace || bindingNamespace}:${s.name}`;
    default:
      return false;
  }
}

function resourceMatches(rule: PolicyRule, combined: string, sub: string): boolean {
  for (const r of arr(rule.resources)) {
    if (r === '*' || r === combined) return true;
    if (sub && r === `*/${sub}`) return true;
  }
  return false;
}

function urlMatches(rule: PolicyRule, path: string): boolean {
  for (const u of arr(rule.nonResourceURLs)) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}

export function ruleAllows(a: Attributes, rule: PolicyRule): boolean {
  if (rule === null || typeof rule !== 'object' || !has(rule.verbs, a.verb)) return false;
  if (!a.resourceRequest) return urlMatches(rule, a.path);
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  if (!has(rule.apiGroups, a.apiGroup) || !resourceMatches(rule, combined, a.subresource)) return false;
  const names = arr(rule.resourceNames);
  return names.length === 0 || names.includes(a.name);
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} "${s.name}/${s.namespace || bindingNamespace}"`;
  return `${s.kind} "${s.name}"`;
}

/** One binding that applies to the user, with the rules of the role it names. */
export interface Grant {
  rules: PolicyRule[];
  /** `ClusterRoleBinding "x" of ClusterRole "y" to User "z"`. */
  source: string;
}

export class Rbac {
  constructor(private readonly storage: Storage) {}

  /** The rules of a role, or an error naming the missing one (RBAC reports those as the reason). */
  private roleRules(ref: RoleRef | undefined, ns: string): PolicyRule[] | string {
    if (!ref || typeof ref !== 'object' || typeof ref.name !== 'string') return 'binding without a roleRef';
    const role =
      ref.kind === 'Role'
        ? (this.storage.get(ROLES, ns, ref.name) as Role | undefined)
        : ref.kind === 'ClusterRole'
          ? (this.storage.get(CLUSTERROLES, undefined, ref.name) as Role | undefined)
          : undefined;
    if (!role)
      return ref.kind === 'Role'
        ? `role.rbac.authorization.k8s.io "${ref.name}" not found`
        : `clusterrole.rbac.authorization.k8s.io "${ref.name}" not found`;
    return arr(role.rules).filter((r) => r !== null && typeof r === 'object');
  }

  /**
   * Visit every grant of `user` in `namespace` ("" = cluster bindings only), cluster bindings first.
   * `visit` returns true to stop. Missing roles are collected as errors.
   */
  visit(user: UserInfo, namespace: string, visit: (g: Grant) => boolean): string[] {
    const errors: string[] = [];
    const walk = (bindings: readonly KObject[], cluster: boolean): boolean => {
      for (const o of bindings) {
        const b = o as Binding;
        const bns = b.metadata.namespace ?? '';
        const subject = arr(b.subjects).find((s) => appliesTo(user, s, bns));
        if (!subject) continue;
        const rules = this.roleRules(b.roleRef, bns);
        if (typeof rules === 'string') {
          errors.push(rules);
          continue;
        }
        const name = cluster ? (b.metadata.name ?? '') : `${b.metadata.name ?? ''}/${bns}`;
        const source = `${cluster ? 'ClusterRoleBinding' : 'RoleBinding'} "${name}" of ${b.roleRef?.kind ?? ''} "${b.roleRef?.name ?? ''}" to ${describeSubject(subject, bns)}`;
        if (visit({ rules, source })) return true;
      }
      return false;
    };
    if (walk(this.storage.list(CLUSTERROLEBINDINGS).items, true)) return errors;
    if (namespace) walk(this.storage.list(ROLEBINDINGS, namespace).items, false);
    return errors;
  }

  authorize(a: Attributes): Decision {
    let allowedBy: string | undefined;
    const errors = this.visit(a.user, a.resourceRequest ? a.namespace : '', (g) => {
      if (!g.rules.some((r) => ruleAllows(a, r))) return false;
      allowedBy = g.source;
      return true;
    });
    if (allowedBy) return { allowed: true, reason: `RBAC: allowed by ${allowedBy}` };
    return { allowed: false, reason: errors.length ? `RBAC: ${aggregate(errors)}` : '' };
  }

  /** Every rule that applies to the user in `namespace` (SelfSubjectRulesReview). */
  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
    const rules: PolicyRule[] = [];
    const errors = this.visit(user, namespace, (g) => {
      rules.push(...g.rules);
      return false;
    });
    return { rules, errors };
  }
}

/** utilerrors.NewAggregate's text: one error as is, several as `[a, b]`. */
export function aggregate(errors: readonly string[]): string {
  return errors.length === 1 ? (errors[0] ?? '') : `[${errors.join(', ')}]`;
}
