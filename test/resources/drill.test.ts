import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployments } from '../../src/resources/deployments.js';
import { namespaces } from '../../src/resources/namespaces.js';
import { pods } from '../../src/resources/pods.js';
import { resolveResource } from '../../src/resources/registry.js';
import { services } from '../../src/resources/services.js';
import type { Deployment, Namespace, Service } from '../../src/util/k8s.js';
import { parseLabelSelector } from '../../src/util/selector.js';

void test('namespace → its pods', () => {
  const r = namespaces.project({ metadata: { name: 'shop' }, status: { phase: 'Active' } } satisfies Namespace);
  assert.deepEqual(namespaces.drill?.(r), { resource: 'pods', namespace: 'shop' });
});

void test('deployment → pods by its selector (a string the label parser accepts); scalable', () => {
  const r = deployments.project({
    metadata: { name: 'web', namespace: 'shop' },
    spec: { selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] }, template: { spec: { containers: [] } } },
  } satisfies Deployment);
  const target = deployments.drill?.(r);
  assert.deepEqual(target, { resource: 'pods', namespace: 'shop', labelSelector: 'app=web,tier notin (db)' });
  assert.equal(parseLabelSelector(target?.labelSelector ?? '').ok, true);
  assert.ok(deployments.can?.some((c) => c.cmd === 'scale'));
  const empty = deployments.project({ metadata: { name: 'x', namespace: 'shop' }, spec: { selector: {}, template: { spec: { containers: [] } } } } satisfies Deployment);
  assert.equal(deployments.drill?.(empty), undefined);
});

void test('service → pods behind its selector; none without a selector', () => {
  const r = services.project({ metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { tier: 'fe', app: 'web' } } } satisfies Service);
  assert.deepEqual(services.drill?.(r), { resource: 'pods', namespace: 'shop', labelSelector: 'app=web,tier=fe' });
  const ext = services.project({ metadata: { name: 'db', namespace: 'shop' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } } satisfies Service);
  assert.equal(services.drill?.(ext), undefined);
});

void test('every drill target names a kind the registry resolves', () => {
  assert.equal(resolveResource('pods'), pods);
  assert.deepEqual(pods.drill?.(pods.project({ metadata: { name: 'web-1', namespace: 'shop' } })), {
    resource: 'containers',
    namespace: 'shop',
    fieldSelector: 'metadata.name=web-1',
  });
  assert.ok(!pods.can?.some((c) => c.cmd === 'scale'));
});
