// Pure pieces of the simulator's authorization: request attributes as RequestInfoFactory parses them,
// RBAC rule matching, and the 403 texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestAttributes } from '../../src/sim/auth/request-info.js';
import { Rbac, ruleAllows } from '../../src/sim/auth/rbac.js';
import { createCluster } from '../../src/sim/cluster.js';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { CLUSTERROLEBINDINGS, CLUSTERROLES } from '../../src/sim/resources.js';
import type { KObject } from '../../src/util/k8s.js';
import type { PolicyRule } from '../../src/sim/auth/rbac.js';
import { forbidden } from '../../src/sim/auth/forbidden.js';
import type { UserInfo } from '../../src/sim/auth/types.js';

const u: UserInfo = { username: 'jane', groups: ['system:authenticated'] };
const attrs = (
  method: string,
  path: string,
  query = '',
  upgrade = false,
): ReturnType<typeof requestAttributes> =>
  requestAttributes(u, method, path, new URLSearchParams(query), upgrade);
const pick = (a: ReturnType<typeof requestAttributes>): unknown[] => [
  a.verb,
  a.apiGroup,
  a.resource,
  a.subresource,
  a.namespace,
  a.name,
];

test('request attributes: verbs, namespaces, subresources, list/watch/deletecollection, paths', () => {
  assert.deepEqual(pick(attrs('GET', '/api/v1/namespaces/ns/pods')), ['list', '', 'pods', '', 'ns', '']);
  assert.deepEqual(pick(attrs('GET', '/api/v1/pods', 'watch=1')), ['watch', '', 'pods', '', '', '']);
  assert.deepEqual(pick(attrs('GET', '/api/v1/watch/namespaces/ns/pods')), [
    'watch',
    '',
    'pods',
    '',
    'ns',
    '',
  ]);
  assert.deepEqual(pick(attrs('GET', '/api/v1/namespaces/ns/pods', 'fieldSelector=metadata.name%3Dp')), [
    'list',
    '',
    'pods',
    '',
    'ns',
    'p',
  ]);
  assert.deepEqual(pick(attrs('DELETE', '/apis/apps/v1/namespaces/ns/deployments')), [
    'deletecollection',
    'apps',
    'deployments',
    '',
    'ns',
    '',
  ]);
  assert.deepEqual(pick(attrs('PATCH', '/apis/apps/v1/namespaces/ns/deployments/web/scale')), [
    'patch',
    'apps',
    'deployments',
    'scale',
    'ns',
    'web',
  ]);
  assert.deepEqual(pick(attrs('GET', '/api/v1/namespaces/ns/pods/p/exec', '', true)), [
    'create',
    '',
    'pods',
    'exec',
    'ns',
    'p',
  ]);
  // a namespace's own path is in that namespace; its status stays a subresource
  assert.deepEqual(pick(attrs('DELETE', '/api/v1/namespaces/ns')), [
    'delete',
    '',
    'namespaces',
    '',
    'ns',
    'ns',
  ]);
  assert.deepEqual(pick(attrs('PUT', '/api/v1/namespaces/ns/status')), [
    'update',
    '',
    'namespaces',
    'status',
    'ns',
    'ns',
  ]);
  const path = attrs('GET', '/apis');
  assert.deepEqual([path.resourceRequest, path.verb, path.path], [false, 'get', '/apis']);
  assert.equal(attrs('GET', '/apis/apps').resourceRequest, false);
});

test('RBAC rules: verbs, groups, resources, */subresource, resourceNames, nonResourceURLs', () => {
  const rule = (r: PolicyRule) => r;
  const get = attrs('GET', '/api/v1/namespaces/ns/pods/p');
  assert.ok(ruleAllows(get, rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] })));
  assert.ok(!ruleAllows(get, rule({ verbs: ['list'], apiGroups: [''], resources: ['pods'] })));
  assert.ok(!ruleAllows(get, rule({ verbs: ['get'], apiGroups: ['apps'], resources: ['pods'] })));
  assert.ok(ruleAllows(get, rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] })));
  assert.ok(
    ruleAllows(get, rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['p'] })),
  );
  assert.ok(
    !ruleAllows(get, rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['q'] })),
  );
  const log = attrs('GET', '/api/v1/namespaces/ns/pods/p/log');
  assert.ok(!ruleAllows(log, rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] })));
  assert.ok(ruleAllows(log, rule({ verbs: ['get'], apiGroups: [''], resources: ['pods/log'] })));
  assert.ok(ruleAllows(log, rule({ verbs: ['get'], apiGroups: [''], resources: ['*/log'] })));
  const list = attrs('GET', '/api/v1/namespaces/ns/pods');
  assert.ok(
    !ruleAllows(list, rule({ verbs: ['list'], apiGroups: [''], resources: ['pods'], resourceNames: ['p'] })),
  );
  const health = attrs('GET', '/healthz/etcd');
  assert.ok(ruleAllows(health, rule({ verbs: ['get'], nonResourceURLs: ['/healthz/*'] })));
  assert.ok(!ruleAllows(health, rule({ verbs: ['get'], nonResourceURLs: ['/healthz'] })));
  assert.ok(!ruleAllows(health, rule({ verbs: ['get'], apiGroups: ['*'], resources: ['*'] })));
});

test('403 texts as the API server writes them', () => {
  assert.deepEqual(forbidden(attrs('DELETE', '/api/v1/namespaces/default/pods/x'), ''), {
    code: 403,
    reason: 'Forbidden',
    message:
      'pods "x" is forbidden: User "jane" cannot delete resource "pods" in API group "" in the namespace "default"',
    details: { name: 'x', kind: 'pods' },
  });
  assert.equal(
    forbidden(
      attrs('GET', '/apis/apps/v1/deployments'),
      'RBAC: clusterrole.rbac.authorization.k8s.io "x" not found',
    ).message,
    'deployments.apps is forbidden: User "jane" cannot list resource "deployments" in API group "apps" at the cluster scope: RBAC: clusterrole.rbac.authorization.k8s.io "x" not found',
  );
  assert.equal(
    forbidden(attrs('POST', '/kubedeck-sim/faults'), '').message,
    'forbidden: User "jane" cannot post path "/kubedeck-sim/faults"',
  );
});

test('malformed roles and bindings (strings where lists belong) grant nothing and break nothing', () => {
  const c = createCluster({ scheduler: new ManualScheduler(0), scenario: 'empty' });
  try {
    const rbac = new Rbac(c.storage);
    c.storage.create(CLUSTERROLES, { metadata: { name: 'bad' }, rules: 'x*' } as unknown as KObject);
    c.storage.create(CLUSTERROLES, {
      metadata: { name: 'bad2' },
      rules: [{ verbs: 'get,delete', apiGroups: '*', resources: 'a*' }, null],
    } as unknown as KObject);
    for (const [name, role, subjects] of [
      ['b1', 'bad', 'jane'],
      ['b2', 'bad2', [{ kind: 'User', name: 'jane' }, null, 'x']],
      ['b3', 'bad2', [{ kind: 'User' }]],
    ] as const)
      c.storage.create(CLUSTERROLEBINDINGS, {
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects,
      } as unknown as KObject);
    c.storage.create(CLUSTERROLEBINDINGS, {
      metadata: { name: 'b4' },
      roleRef: 'x',
      subjects: [],
    } as unknown as KObject);
    const d = rbac.authorize(attrs('DELETE', '/api/v1/namespaces/default/pods/x'));
    assert.equal(d.allowed, false);
    assert.equal(rbac.authorize(attrs('GET', '/api/v1/namespaces/default/pods/x')).allowed, false);
    const rules = rbac.rulesFor(u, 'default').rules;
    assert.ok(rules.length > 0 && rules.every((r) => r !== null && typeof r === 'object'));
  } finally {
    c.stop();
  }
});
