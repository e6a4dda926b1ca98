// ResourceQuota scopes (spec.scopes and spec.scopeSelector): a scoped quota counts and limits only the pods
// that match every scope, as the quota evaluator and admission plugin do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import { CONFIGMAPS, PODS, RESOURCEQUOTAS } from '../../src/sim/resources.js';
import type { KObject } from '../../src/util/k8s.js';

const pod = (name: string, spec: Record<string, unknown> = {}, requests?: Record<string, string>): KObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { ...spec, containers: [{ name: 'c', image: 'nginx:1.27', ...(requests ? { resources: { requests, limits: requests } } : {}) }] },
  }) as KObject;

function refusal(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

test('a BestEffort quota counts and limits only best-effort pods; other kinds are not counted by a scoped quota', () => {
  const s = new ManualScheduler(Date.parse('2026-03-01T12:00:00Z'));
  const c = createCluster({ scenario: 'empty', seed: 1, scheduler: s });
  try {
    c.storage.create(RESOURCEQUOTAS, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'be', namespace: 'default' }, spec: { hard: { pods: '1' }, scopes: ['BestEffort'] } } as KObject);
    c.storage.create(PODS, pod('be-1'));
    assert.match(refusal(() => c.storage.create(PODS, pod('be-2'))) ?? 'allowed', /exceeded quota: be, requested: pods=1, used: pods=1, limited: pods=1/);
    assert.equal(refusal(() => c.storage.create(PODS, pod('burstable', {}, { cpu: '100m', memory: '64Mi' }))), undefined, 'a pod with requests is not BestEffort');
    assert.equal(refusal(() => c.storage.create(CONFIGMAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } } as KObject)), undefined);
    for (let t = 0; t < 3_000; t += 500) s.advance(500);
    const q = c.storage.get(RESOURCEQUOTAS, 'default', 'be') as KObject & { status?: { used?: Record<string, string> } };
    assert.deepEqual(q.status?.used, { pods: '1' });
  } finally {
    c.stop();
  }
});

test('Terminating / NotTerminating and a PriorityClass scopeSelector', () => {
  const s = new ManualScheduler(Date.parse('2026-03-01T12:00:00Z'));
  const c = createCluster({ scenario: 'empty', seed: 1, scheduler: s });
  try {
    c.storage.create(RESOURCEQUOTAS, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'batch', namespace: 'default' }, spec: { hard: { pods: '1' }, scopes: ['Terminating'] } } as KObject);
    c.storage.create(RESOURCEQUOTAS, {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'critical', namespace: 'default' },
      spec: { hard: { pods: '1' }, scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['system-cluster-critical'] }] } },
    } as KObject);
    c.storage.create(PODS, pod('job-1', { activeDeadlineSeconds: 60 }));
    assert.match(refusal(() => c.storage.create(PODS, pod('job-2', { activeDeadlineSeconds: 60 }))) ?? 'allowed', /exceeded quota: batch/);
    assert.equal(refusal(() => c.storage.create(PODS, pod('server-1'))), undefined, 'NotTerminating pods are not counted');
    assert.equal(refusal(() => c.storage.create(PODS, pod('server-2'))), undefined);
    c.storage.create(PODS, pod('crit-1', { priorityClassName: 'system-cluster-critical' }));
    assert.match(refusal(() => c.storage.create(PODS, pod('crit-2', { priorityClassName: 'system-cluster-critical' }))) ?? 'allowed', /exceeded quota: critical/);
  } finally {
    c.stop();
  }
});
