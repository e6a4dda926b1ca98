import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonsets } from '../../src/resources/daemonsets.js';
import { nodes } from '../../src/resources/nodes.js';
import { replicasets } from '../../src/resources/replicasets.js';
import { statefulsets } from '../../src/resources/statefulsets.js';
import type { ResourceDef, SlimBase } from '../../src/resources/types.js';
import type { ObjectMeta } from '../../src/util/k8s.js';
import type { DaemonSet, Node, ReplicaSet, StatefulSet } from '../../src/util/k8s-more.js';
import { NOW, ago } from '../util/fixtures.js';

const header = (r: ResourceDef<SlimBase>, wide: boolean) => r.columns.filter((c) => Boolean(c.wide) === wide).map((c) => c.name);
const meta = (name: string, extra: Partial<ObjectMeta> = {}): ObjectMeta => ({
  name, namespace: 'shop', uid: `uid-${name}`, resourceVersion: '9', creationTimestamp: ago(2 * 3_600_000 + 5 * 60_000), ...extra,
});
const tpl = { spec: { containers: [{ name: 'app', image: 'shop:2' }] } };

function node(ready: 'True' | 'False' | undefined, unschedulable = false): Node {
  return {
    metadata: { name: 'worker-1', uid: 'n1', resourceVersion: '3', creationTimestamp: ago(10 * 86_400_000), labels: { 'node-role.kubernetes.io/worker': '' } },
    spec: unschedulable ? { unschedulable: true } : {},
    status: {
      ...(ready ? { conditions: [{ type: 'Ready', status: ready }] } : {}),
      addresses: [{ type: 'InternalIP', address: '10.0.0.5' }, { type: 'ExternalIP', address: '34.1.2.3' }],
      nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Ubuntu 24.04', kernelVersion: '6.8.0-45', containerRuntimeVersion: 'containerd://1.7.24' },
    },
  };
}

void test('nodes: columns, row, status tones, drill to its pods in every namespace', () => {
  assert.deepEqual(header(nodes, false), ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
  assert.deepEqual(header(nodes, true), ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']);
  const r = nodes.project(node('True'));
  assert.equal(r.key, 'worker-1');
  assert.equal(r.namespace, undefined);
  assert.deepEqual(nodes.row(r, NOW), ['worker-1', 'Ready', 'worker', '10d', 'v1.32.0', '10.0.0.5', '34.1.2.3', 'Ubuntu 24.04', '6.8.0-45', 'containerd://1.7.24']);
  assert.deepEqual(nodes.status(r), { text: 'Ready', tone: 'ok' });
  const cordoned = nodes.project(node('True', true));
  assert.equal(cordoned.unschedulable, true);
  assert.deepEqual(nodes.status(cordoned), { text: 'Ready,SchedulingDisabled', tone: 'warn' });
  assert.deepEqual(nodes.status(nodes.project(node('False'))), { text: 'NotReady', tone: 'error' });
  assert.deepEqual(nodes.status(nodes.project(node('False', true))), { text: 'NotReady,SchedulingDisabled', tone: 'error' });
  assert.deepEqual(nodes.status(nodes.project(node(undefined))), { text: 'Unknown', tone: 'pending' });
  assert.deepEqual(nodes.drill?.(r), { resource: 'pods', fieldSelector: 'spec.nodeName=worker-1' });
});

void test('nodes: project keeps allocatable CPU (millicores) and memory (bytes) for %CPU and %MEM', () => {
  const n = node('True');
  n.status = { ...n.status, allocatable: { cpu: '3900m', memory: '16302084Ki', pods: '110' } };
  const r = nodes.project(n);
  assert.equal(r.cpuAlloc, 3900);
  assert.equal(r.memAlloc, 16302084 * 1024);
  const bare = nodes.project(node('True'));
  assert.ok(Number.isNaN(bare.cpuAlloc) && Number.isNaN(bare.memAlloc), 'unknown allocatable is NaN (percentages n/a)');
});

function rs(replicas: number, status: NonNullable<ReplicaSet['status']>): ReplicaSet {
  return {
    metadata: meta('web-7c5d9f', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd', controller: true }] }),
    spec: { replicas, selector: { matchLabels: { app: 'web', 'pod-template-hash': '7c5d9f' } }, template: tpl },
    status,
  };
}

void test('replicasets: row, tones, selector kept for the drill-down, owner', () => {
  assert.deepEqual(header(replicasets, false), ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE']);
  assert.deepEqual(header(replicasets, true), ['CONTAINERS', 'IMAGES', 'SELECTOR']);
  const r = replicasets.project(rs(3, { replicas: 3, readyReplicas: 2 }));
  assert.deepEqual(replicasets.row(r, NOW), ['web-7c5d9f', '3', '3', '2', '125m', 'app', 'shop:2', 'app=web,pod-template-hash=7c5d9f']);
  assert.equal(r.owner, 'web');
  assert.deepEqual(replicasets.status(r), { text: 'Progressing', tone: 'pending' });
  assert.deepEqual(replicasets.status(replicasets.project(rs(3, { replicas: 3, readyReplicas: 3 }))), { text: 'Ready', tone: 'ok' });
  assert.deepEqual(replicasets.status(replicasets.project(rs(0, {}))), { text: 'ScaledDown', tone: 'dim' });
  assert.deepEqual(replicasets.drill?.(r), { resource: 'pods', namespace: 'shop', labelSelector: 'app=web,pod-template-hash=7c5d9f' });
  assert.ok(replicasets.can?.some((c) => c.cmd === 'scale'));
});

function sts(replicas: number, status: NonNullable<StatefulSet['status']>): StatefulSet {
  return {
    metadata: meta('db'),
    spec: { replicas, selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['db'] }] }, template: tpl, serviceName: 'db' },
    status,
  };
}

void test('statefulsets: READY cell, tones, rolling update, drill by a set-based selector', () => {
  assert.deepEqual(header(statefulsets, false), ['NAME', 'READY', 'AGE']);
  assert.deepEqual(header(statefulsets, true), ['CONTAINERS', 'IMAGES']);
  const r = statefulsets.project(sts(3, { replicas: 3, readyReplicas: 3, currentRevision: 'db-1', updateRevision: 'db-1' }));
  assert.deepEqual(statefulsets.row(r, NOW), ['db', '3/3', '125m', 'app', 'shop:2']);
  assert.deepEqual(statefulsets.status(r), { text: 'Ready', tone: 'ok' });
  const rolling = statefulsets.project(sts(3, { readyReplicas: 3, currentRevision: 'db-1', updateRevision: 'db-2' }));
  assert.deepEqual(statefulsets.status(rolling), { text: 'RollingUpdate', tone: 'pending' });
  assert.deepEqual(statefulsets.status(statefulsets.project(sts(3, { readyReplicas: 1 }))), { text: 'Progressing', tone: 'pending' });
  assert.deepEqual(statefulsets.status(statefulsets.project(sts(0, {}))), { text: 'ScaledDown', tone: 'dim' });
  assert.deepEqual(statefulsets.drill?.(r), { resource: 'pods', namespace: 'shop', labelSelector: 'app in (db)' });
});

function ds(status: NonNullable<DaemonSet['status']>, deleting = false): DaemonSet {
  return {
    metadata: meta('proxy', deleting ? { deletionTimestamp: ago(1000) } : {}),
    spec: { selector: { matchLabels: { k8s: 'proxy' } }, template: { spec: { ...tpl.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } } },
    status,
  };
}

void test('daemonsets: row, tones, drill', () => {
  assert.deepEqual(header(daemonsets, false), ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE']);
  assert.deepEqual(header(daemonsets, true), ['CONTAINERS', 'IMAGES', 'SELECTOR']);
  const full = { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3 };
  const r = daemonsets.project(ds(full));
  assert.deepEqual(daemonsets.row(r, NOW), ['proxy', '3', '3', '3', '3', '3', 'kubernetes.io/os=linux', '125m', 'app', 'shop:2', 'k8s=proxy']);
  assert.deepEqual(daemonsets.status(r), { text: 'Ready', tone: 'ok' });
  assert.deepEqual(daemonsets.status(daemonsets.project(ds({ ...full, numberReady: 2 }))), { text: 'Progressing', tone: 'pending' });
  assert.deepEqual(daemonsets.status(daemonsets.project(ds({}))), { text: 'NoNodes', tone: 'dim' });
  assert.deepEqual(daemonsets.status(daemonsets.project(ds(full, true))), { text: 'Terminating', tone: 'warn' });
  assert.deepEqual(daemonsets.drill?.(r), { resource: 'pods', namespace: 'shop', labelSelector: 'k8s=proxy' });
  assert.ok(!daemonsets.can?.some((c) => c.cmd === 'scale'));
});
