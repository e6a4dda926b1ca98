import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployments } from '../../src/resources/deployments.js';
import type { Deployment, DeploymentStatus } from '../../src/util/k8s.js';
import { NOW, ago } from '../util/fixtures.js';

function deploy(replicas: number, status: DeploymentStatus, extra: Partial<Deployment['metadata']> = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', uid: 'd1', resourceVersion: '42', creationTimestamp: ago(3 * 86_400_000 + 4 * 3_600_000), labels: { app: 'web' }, ...extra },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }] },
      template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'sidecar', image: 'envoy:v1' }] } },
    },
    status,
  };
}

void test('columns are kubectl’s', () => {
  assert.deepEqual(deployments.columns.map((c) => c.name), ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
  assert.deepEqual(deployments.columns.filter((c) => c.wide).map((c) => c.name), ['CONTAINERS', 'IMAGES', 'SELECTOR']);
});

void test('row and status of a healthy deployment', () => {
  const r = deployments.project(deploy(3, { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }));
  assert.equal(r.key, 'shop/web');
  assert.deepEqual(r.selector, { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }] });
  assert.deepEqual(deployments.row(r, NOW), ['web', '3/3', '3', '3', '3d4h', 'nginx,sidecar', 'nginx:1.27,envoy:v1', 'app=web,tier in (be,fe)']);
  assert.deepEqual(deployments.status(r), { text: 'Available', tone: 'ok' });
});

void test('rolling out: ready < desired → pending', () => {
  const r = deployments.project(deploy(3, { replicas: 4, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2, conditions: [{ type: 'Available', status: 'True' }] }));
  assert.deepEqual(deployments.row(r, NOW).slice(0, 4), ['web', '2/3', '1', '2']);
  assert.deepEqual(deployments.status(r), { text: 'Progressing', tone: 'pending' });
});

void test('below minimum availability → warn; deadline exceeded → error', () => {
  const unavailable = deploy(3, { readyReplicas: 0, conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' }] });
  assert.deepEqual(deployments.status(deployments.project(unavailable)), { text: 'Unavailable', tone: 'warn' });
  const stalled = deploy(3, {
    readyReplicas: 1,
    conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
  });
  assert.deepEqual(deployments.status(deployments.project(stalled)), { text: 'ProgressDeadlineExceeded', tone: 'error' });
});

void test('scaled to zero → dim; deleting → warn; a fresh object without status', () => {
  const zero = deployments.project(deploy(0, {}));
  assert.deepEqual(deployments.row(zero, NOW).slice(1, 4), ['0/0', '0', '0']);
  assert.deepEqual(deployments.status(zero), { text: 'ScaledDown', tone: 'dim' });
  const gone = deployments.project(deploy(3, { readyReplicas: 3, updatedReplicas: 3, availableReplicas: 3 }, { deletionTimestamp: ago(1000) }));
  assert.deepEqual(deployments.status(gone), { text: 'Terminating', tone: 'warn' });
  const fresh = deploy(2, {});
  delete fresh.status;
  assert.deepEqual(deployments.row(deployments.project(fresh), NOW).slice(1, 4), ['0/2', '0', '0']);
});
