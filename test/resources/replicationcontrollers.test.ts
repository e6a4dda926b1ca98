// ReplicationControllers: kubectl's cells (printReplicationController), Enter to the pods its label map
// selects, and what it declares it can do — the example of a kind added as one file and one registry line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replicationcontrollers } from '../../src/resources/replicationcontrollers.js';
import { resolveResource } from '../../src/resources/registry.js';
import type { KObject } from '../../src/util/k8s.js';

const rc = {
  apiVersion: 'v1',
  kind: 'ReplicationController',
  metadata: { name: 'legacy', namespace: 'shop', uid: 'u1', resourceVersion: '7', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: {
    replicas: 3,
    selector: { app: 'legacy', tier: 'web' },
    template: { metadata: { labels: { app: 'legacy', tier: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'log', image: 'busybox' }] } },
  },
  status: { replicas: 3, readyReplicas: 2 },
} as unknown as KObject;

void test('cells as kubectl get rc -o wide prints them', () => {
  const r = replicationcontrollers.project(rc);
  const now = Date.parse('2026-01-03T00:00:00Z');
  assert.deepEqual(replicationcontrollers.row(r, now), ['legacy', '3', '3', '2', '2d', 'web,log', 'nginx:1.27,busybox', 'app=legacy,tier=web']);
  assert.deepEqual(replicationcontrollers.status(r), { text: 'Progressing', tone: 'pending' });
});

void test('Enter leads to the pods its selector picks; rc is its short name', () => {
  const r = replicationcontrollers.project(rc);
  assert.deepEqual(replicationcontrollers.drill?.(r), { resource: 'pods', namespace: 'shop', labelSelector: 'app=legacy,tier=web' });
  assert.equal(resolveResource('rc'), replicationcontrollers);
});

void test('it declares scale (prefilled with DESIRED), logs of its pods, describe, YAML, edit and delete', () => {
  const can = replicationcontrollers.can ?? [];
  assert.deepEqual(can.map((c) => c.cmd).sort(), ['delete', 'describe', 'edit', 'logs', 'scale', 'yaml']);
  const scale = can.find((c) => c.effect.type === 'scale');
  assert.equal(scale?.effect.type === 'scale' && scale.effect.replicas(replicationcontrollers.project(rc)), 3);
});
