import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveResource, resources } from '../../src/resources/registry.js';

void test('the registry lists pods, deployments, services, namespaces', () => {
  assert.deepEqual(resources.map((r) => r.plural), ['pods', 'deployments', 'services', 'namespaces']);
  for (const r of resources) {
    assert.ok(r.columns[0]?.name === 'NAME', `${r.kind} starts with NAME`);
    assert.ok(!r.columns.some((c) => c.name === 'NAMESPACE'), `${r.kind} has no NAMESPACE column`);
  }
});

void test('resolveResource by plural, singular, kind, alias, case-insensitively', () => {
  const cases: [string, string][] = [
    ['pods', 'Pod'], ['pod', 'Pod'], ['po', 'Pod'], ['Pod', 'Pod'], ['PODS', 'Pod'], ['pods.v1.', 'Pod'],
    ['deployments', 'Deployment'], ['deploy', 'Deployment'], ['dp', 'Deployment'], ['deployments.apps', 'Deployment'], ['Deployment', 'Deployment'],
    ['svc', 'Service'], ['service', 'Service'],
    ['ns', 'Namespace'], ['namespaces', 'Namespace'], [' ns ', 'Namespace'],
  ];
  for (const [name, kind] of cases) assert.equal(resolveResource(name)?.kind, kind, name);
  for (const name of ['', 'nope', 'deployments.core', 'p']) assert.equal(resolveResource(name), undefined, name);
});

void test('GVR and scope', () => {
  const d = resolveResource('deploy')!;
  assert.deepEqual([d.group, d.version, d.namespaced], ['apps', 'v1', true]);
  const n = resolveResource('ns')!;
  assert.deepEqual([n.group, n.version, n.namespaced], ['', 'v1', false]);
});

void test('every row has one cell per column', () => {
  const obj = { metadata: { name: 'x', namespace: 'd', uid: 'u', resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z' } };
  for (const r of resources) {
    const rec = r.project(obj);
    assert.equal(r.row(rec, Date.parse('2026-01-01T00:01:00Z')).length, r.columns.length, r.kind);
    assert.ok(['ok', 'pending', 'warn', 'error', 'dim'].includes(r.status(rec).tone));
  }
});
