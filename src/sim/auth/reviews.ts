// The review kinds, answered and never stored: authentication.k8s.io SelfSubjectReview (`kubectl auth
// whoami`) and TokenReview, authorization.k8s.io SelfSubjectAccessReview (`kubectl auth can-i`),
// SelfSubjectRulesReview (`can-i --list`), SubjectAccessReview and LocalSubjectAccessReview, all
// decided by the same RBAC authorizer that guards every request.

import type { Json } from '../server/patch.js';
import { isObj } from '../server/patch.js';
import { StorageError } from '../storage/index.js';
import type { Authenticator } from './authn.js';
import type { PolicyRule, Rbac } from './rbac.js';
import { aggregate } from './rbac.js';
import type { Attributes, UserInfo } from './types.js';

export const REVIEW_KINDS = new Set([
  'authentication.k8s.io/selfsubjectreviews',
  'authentication.k8s.io/tokenreviews',
  'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews',
  'authorization.k8s.io/subjectaccessreviews',
  'authorization.k8s.io/localsubjectaccessreviews',
]);

type Obj = Record<string, Json>;

const str = (o: Obj | undefined, k: string): string => {
  const v = o?.[k];
  return typeof v === 'string' ? v : '';
};
const obj = (o: Obj | undefined, k: string): Obj | undefined => {
  const v = o?.[k];
  return isObj(v) ? v : undefined;
};

function invalid(kind: string, group: string, field: string, message: string): StorageError {
  return new StorageError(422, 'Invalid', `${kind}.${group} "" is invalid: ${field}: ${message}`, {
    kind,
    group,
    causes: [{ reason: 'FieldValueInvalid', message, field }],
  });
}

function accessAttributes(kind: string, spec: Obj | undefined, user: UserInfo): Attributes {
  const ra = obj(spec, 'resourceAttributes');
  const na = obj(spec, 'nonResourceAttributes');
  if (!!ra === !!na)
    throw invalid(
      kind,
      'authorization.k8s.io',
      'spec.resourceAttributes',
      `Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified`,
    );
  if (na)
    return {
      user,
      verb: str(na, 'verb'),
      resourceRequest: false,
      path: str(na, 'path'),
      apiGroup: '',
      apiVersion: '',
      resource: '',
      subresource: '',
      namespace: '',
      name: '',
    };
  return {
    user,
    verb: str(ra, 'verb'),
    resourceRequest: true,
    path: '',
    apiGroup: str(ra, 'group'),
    apiVersion: str(ra, 'version'),
    resource: str(ra, 'resource'),
    subresource: str(ra, 'subresource'),
    namespace: str(ra, 'namespace'),
    name: str(ra, 'name'),
  };
}

function userFromSpec(spec: Obj | undefined): UserInfo {
  const groups = spec?.['groups'];
  const extra = obj(spec, 'extra');
  const out: UserInfo = {
    username: str(spec, 'user'),
    groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
  };
  const uid = str(spec, 'uid');
  if (uid) out.uid = uid;
  if (extra) {
    out.extra = {};
    for (const [k, v] of Object.entries(extra))
      if (Array.isArray(v)) out.extra[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

const userInfoJson = (u: UserInfo): Obj => ({
  username: u.username,
  ...(u.uid ? { uid: u.uid } : {}),
  groups: u.groups,
  ...(u.extra ? { extra: u.extra } : {}),
});

function splitRules(rules: PolicyRule[]): { resourceRules: Obj[]; nonResourceRules: Obj[] } {
  const resourceRules: Obj[] = [];
  const nonResourceRules: Obj[] = [];
  for (const r of rules) {
    if (r.nonResourceURLs?.length)
      nonResourceRules.push({ verbs: r.verbs ?? [], nonResourceURLs: r.nonResourceURLs });
    else
      resourceRules.push({
        verbs: r.verbs ?? [],
        ...(r.apiGroups ? { apiGroups: r.apiGroups } : {}),
        ...(r.resources ? { resources: r.resources } : {}),
        ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}),
      });
  }
  return { resourceRules, nonResourceRules };
}

export interface ReviewEnv {
  rbac: Rbac;
  authn: Authenticator;
}

/** Answer a create of a review kind: 201 with the request echoed and its status filled. */
export function review(
  env: ReviewEnv,
  group: string,
  resource: string,
  namespace: string | undefined,
  user: UserInfo,
  body: Json,
): { code: number; body: Obj } {
  if (!isObj(body)) throw new StorageError(400, 'BadRequest', "Object 'Kind' is missing in the request body");
  const spec = obj(body, 'spec');
  const kind = str(body, 'kind');
  const base: Obj = {
    kind,
    apiVersion: str(body, 'apiVersion') || `${group}/v1`,
    metadata: { ...(obj(body, 'metadata') ?? {}), creationTimestamp: null },
  };
  switch (resource) {
    case 'selfsubjectreviews':
      return { code: 201, body: { ...base, status: { userInfo: userInfoJson(user) } } };
    case 'tokenreviews': {
      const token = str(spec, 'token');
      const who = env.authn.authenticateToken(token);
      const status: Obj = who
        ? {
            authenticated: true,
            user: userInfoJson(who),
            audiences: ['https://kubernetes.default.svc.cluster.local'],
          }
        : { user: {}, error: '[invalid bearer token, token lookup failed]' };
      return { code: 201, body: { ...base, spec: spec ?? {}, status } };
    }
    case 'selfsubjectrulesreviews': {
      const ns = str(spec, 'namespace');
      if (!ns) throw invalid(kind || 'SelfSubjectRulesReview', group, 'spec.namespace', 'Required value');
      const { rules, errors } = env.rbac.rulesFor(user, ns);
      return {
        code: 201,
        body: {
          ...base,
          spec: spec ?? {},
          status: {
            ...splitRules(rules),
            incomplete: errors.length > 0,
            ...(errors.length ? { evaluationError: aggregate(errors) } : {}),
          },
        },
      };
    }
    default: {
      const self = resource === 'selfsubjectaccessreviews';
      const who = self ? user : userFromSpec(spec);
      if (!self && !who.username && who.groups.length === 0)
        throw invalid(
          kind,
          group,
          'spec.user',
          'Invalid value: "": at least one of user or group must be specified',
        );
      const a = accessAttributes(kind, spec, who);
      if (resource === 'localsubjectaccessreviews' && a.namespace !== namespace)
        throw invalid(
          kind,
          group,
          'spec.resourceAttributes.namespace',
          `Invalid value: "${a.namespace}": must match metadata.namespace`,
        );
      const d = env.rbac.authorize(a);
      const status: Obj = { allowed: d.allowed };
      if (d.reason) status['reason'] = d.reason;
      return { code: 201, body: { ...base, spec: spec ?? {}, status } };
    }
  }
}
