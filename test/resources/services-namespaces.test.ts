import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namespaces } from '../../src/resources/namespaces.js';
import { services } from '../../src/resources/services.js';
import type { Namespace, Service } from '../../src/util/k8s.js';
import { NOW, ago } from '../util/fixtures.js';

function svc(spec: Service['spec'], status?: Service['status']): Service {
  return { metadata: { name: 'web', namespace: 'shop', uid: 's1', resourceVersion: '9', creationTimestamp: ago(90_000) }, spec, ...(status ? { status } : {}) };
}

void test('service columns are kubectl’s', () => {
  assert.deepEqual(services.columns.map((c) => c.name), ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR']);
  assert.deepEqual(services.columns.filter((c) => c.wide).map((c) => c.name), ['SELECTOR']);
});

void test('service rows', () => {
  const cip = services.project(svc({ type: 'ClusterIP', clusterIP: '10.96.4.2', clusterIPs: ['10.96.4.2'], selector: { app: 'web', tier: 'fe' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }] }));
  assert.deepEqual(services.row(cip, NOW), ['web', 'ClusterIP', '10.96.4.2', '<none>', '80/TCP', '90s', 'app=web,tier=fe']);
  assert.deepEqual(services.status(cip), { text: 'ClusterIP', tone: 'ok' });
  assert.deepEqual(cip.selector, { app: 'web', tier: 'fe' });

  const lb = services.project(svc({ type: 'LoadBalancer', clusterIPs: ['10.96.4.3'], ports: [{ port: 80, nodePort: 31080, protocol: 'TCP' }, { port: 443, nodePort: 31443, protocol: 'TCP' }] }));
  assert.deepEqual(services.row(lb, NOW), ['web', 'LoadBalancer', '10.96.4.3', '<pending>', '80:31080/TCP,443:31443/TCP', '90s', '<none>']);
  assert.deepEqual(services.status(lb), { text: 'Pending', tone: 'pending' });
  assert.equal(lb.selector, undefined);

  const ready = services.project(svc({ type: 'LoadBalancer', clusterIPs: ['10.96.4.3'], ports: [{ port: 80, nodePort: 31080, protocol: 'TCP' }] }, { loadBalancer: { ingress: [{ ip: '203.0.113.9' }] } }));
  assert.equal(services.row(ready, NOW)[3], '203.0.113.9');
  assert.deepEqual(services.status(ready), { text: 'LoadBalancer', tone: 'ok' });
});

const ns = (name: string, phase?: 'Active' | 'Terminating'): Namespace => ({
  metadata: { name, uid: `u-${name}`, resourceVersion: '3', creationTimestamp: ago(400 * 86_400_000) },
  ...(phase ? { status: { phase } } : {}),
});

void test('namespaces', () => {
  assert.deepEqual(namespaces.columns.map((c) => c.name), ['NAME', 'STATUS', 'AGE']);
  const a = namespaces.project(ns('kube-system', 'Active'));
  assert.equal(a.key, 'kube-system');
  assert.equal(a.namespace, undefined);
  assert.deepEqual(namespaces.row(a, NOW), ['kube-system', 'Active', '400d']);
  assert.deepEqual(namespaces.status(a), { text: 'Active', tone: 'ok' });
  const t = namespaces.project(ns('old', 'Terminating'));
  assert.deepEqual(namespaces.status(t), { text: 'Terminating', tone: 'warn' });
});
