import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cronJobCells,
  daemonSetCells,
  jobCells,
  nodeCells,
  replicaSetCells,
  statefulSetCells,
} from '../../src/util/printers.js';
import type { Container } from '../../src/util/k8s.js';
import type { CronJob, Job, Node } from '../../src/util/k8s-more.js';
import { NOW, ago } from './fixtures.js';

const tpl = (containers: Container[], nodeSelector?: Record<string, string>) => ({
  spec: { containers, ...(nodeSelector ? { nodeSelector } : {}) },
});
const two: Container[] = [{ name: 'app', image: 'nginx:1.27' }, { name: 'log', image: 'busybox' }];

function node(ready: 'True' | 'False' | 'Unknown' | undefined, extra: Partial<Node> = {}): Node {
  return {
    metadata: { name: 'n1', labels: { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'infra', 'node-role.kubernetes.io/': 'x' } },
    status: {
      ...(ready ? { conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: ready }] } : {}),
      addresses: [{ type: 'Hostname', address: 'n1' }, { type: 'InternalIP', address: '172.18.0.2' }, { type: 'InternalIP', address: '172.18.0.9' }],
      nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Debian GNU/Linux 12', kernelVersion: '6.8.0', containerRuntimeVersion: 'containerd://1.7.24' },
    },
    ...extra,
  };
}

void test('nodeCells: Ready, roles sorted from both label forms, first addresses, wide info', () => {
  assert.deepEqual(nodeCells(node('True')), {
    status: 'Ready',
    roles: 'control-plane,infra,worker',
    version: 'v1.32.0',
    internalIP: '172.18.0.2',
    externalIP: '<none>',
    osImage: 'Debian GNU/Linux 12',
    kernelVersion: '6.8.0',
    containerRuntime: 'containerd://1.7.24',
  });
});

void test('nodeCells: NotReady, Unknown, SchedulingDisabled, no roles, missing info', () => {
  assert.equal(nodeCells(node('False')).status, 'NotReady');
  assert.equal(nodeCells(node('Unknown')).status, 'NotReady');
  assert.equal(nodeCells(node(undefined)).status, 'Unknown');
  assert.equal(nodeCells(node('True', { spec: { unschedulable: true } })).status, 'Ready,SchedulingDisabled');
  assert.equal(nodeCells(node(undefined, { spec: { unschedulable: true } })).status, 'Unknown,SchedulingDisabled');
  const bare: Node = { metadata: { name: 'n2', labels: { 'kubernetes.io/role': '' } } };
  assert.deepEqual(nodeCells(bare), {
    status: 'Unknown', roles: '<none>', version: '', internalIP: '<none>', externalIP: '<none>',
    osImage: '<unknown>', kernelVersion: '<unknown>', containerRuntime: '<unknown>',
  });
});

void test('replicaSetCells: counts, FormatLabelSelector (<none> when empty)', () => {
  assert.deepEqual(
    replicaSetCells({ metadata: { name: 'rs' }, spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': 'abc' } }, template: tpl(two) }, status: { replicas: 2, readyReplicas: 1 } }),
    { desired: 3, current: 2, ready: 1, containers: 'app,log', images: 'nginx:1.27,busybox', selector: 'app=web,pod-template-hash=abc' },
  );
  assert.deepEqual(replicaSetCells({ metadata: { name: 'rs' } }), { desired: 1, current: 0, ready: 0, containers: '', images: '', selector: '<none>' });
  assert.equal(replicaSetCells({ metadata: {}, spec: { selector: { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] } } }).selector, '<error>');
});

void test('statefulSetCells: READY ready/desired, containers', () => {
  assert.deepEqual(statefulSetCells({ metadata: {}, spec: { replicas: 3, template: tpl(two) }, status: { readyReplicas: 2 } }), { ready: '2/3', containers: 'app,log', images: 'nginx:1.27,busybox' });
  assert.deepEqual(statefulSetCells({ metadata: {}, spec: { replicas: 0 } }), { ready: '0/0', containers: '', images: '' });
});

void test('daemonSetCells: the five counts, NODE SELECTOR as labels, wide selector', () => {
  assert.deepEqual(
    daemonSetCells({
      metadata: {},
      spec: { selector: { matchLabels: { k8s: 'proxy' } }, template: tpl([{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.0' }], { 'kubernetes.io/os': 'linux', a: 'b' }) },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 1, numberAvailable: 2 },
    }),
    { desired: 3, current: 3, ready: 2, upToDate: 1, available: 2, nodeSelector: 'a=b,kubernetes.io/os=linux', containers: 'kube-proxy', images: 'registry.k8s.io/kube-proxy:v1.32.0', selector: 'k8s=proxy' },
  );
  const empty = daemonSetCells({ metadata: {} });
  assert.equal(empty.nodeSelector, '<none>');
  assert.equal(empty.selector, '<none>');
});

function job(status: Job['status'], spec: Partial<NonNullable<Job['spec']>> = {}, deleting = false): Job {
  return {
    metadata: { name: 'pi', ...(deleting ? { deletionTimestamp: ago(1000) } : {}) },
    spec: { selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } }, template: tpl([{ name: 'pi', image: 'perl:5.34' }]), ...spec },
    status,
  };
}
const cond = (type: string, status: 'True' | 'False' = 'True') => ({ type, status });

void test('jobCells: Running, completions, duration since start, wide cells', () => {
  assert.deepEqual(jobCells(job({ active: 1, startTime: ago(95_000) }, { completions: 1, parallelism: 1 }), NOW), {
    status: 'Running', completions: '0/1', duration: '95s', containers: 'pi', images: 'perl:5.34', selector: 'batch.kubernetes.io/controller-uid=u1',
  });
});

void test('jobCells: STATUS precedence as in kubectl 1.32', () => {
  const status = (conds: { type: string; status: 'True' | 'False' }[], deleting = false) => jobCells(job({ conditions: conds }, {}, deleting), NOW).status;
  assert.equal(status([cond('Complete'), cond('SuccessCriteriaMet')]), 'Complete');
  assert.equal(status([cond('FailureTarget'), cond('Failed')]), 'Failed');
  assert.equal(status([cond('Complete', 'False'), cond('Failed', 'False')]), 'Running');
  assert.equal(status([cond('Failed')], true), 'Failed');
  assert.equal(status([cond('Suspended')], true), 'Terminating');
  assert.equal(status([cond('Suspended'), cond('FailureTarget')]), 'Suspended');
  assert.equal(status([cond('FailureTarget')]), 'FailureTarget');
  assert.equal(status([cond('SuccessCriteriaMet')]), 'SuccessCriteriaMet');
  assert.equal(status([cond('Suspended', 'False')]), 'Running');
  // hasJobCondition: the first condition of a type decides.
  assert.equal(status([cond('Failed', 'False'), cond('Failed')]), 'Running');
});

void test('jobCells: completions forms and finished duration', () => {
  assert.equal(jobCells(job({ succeeded: 2 }, { completions: 5 }), NOW).completions, '2/5');
  assert.equal(jobCells(job({ succeeded: 3 }, { parallelism: 4 }), NOW).completions, '3/1 of 4');
  assert.equal(jobCells(job({}, {}), NOW).completions, '0/1');
  assert.equal(jobCells(job({}, {}), NOW).duration, '');
  assert.equal(jobCells({ metadata: {}, spec: {} }, NOW).selector, '<none>');
  const done = job({ succeeded: 1, startTime: '2026-01-01T10:00:00Z', completionTime: '2026-01-01T10:07:30Z', conditions: [cond('Complete')] }, { completions: 1 });
  assert.deepEqual([jobCells(done, NOW).status, jobCells(done, NOW).duration], ['Complete', '7m30s']);
});

void test('cronJobCells', () => {
  const cj: CronJob = {
    metadata: { name: 'backup' },
    spec: {
      schedule: '*/5 * * * *',
      suspend: false,
      jobTemplate: { spec: { template: tpl([{ name: 'b', image: 'restic' }]) } },
    },
    status: { active: [{ name: 'backup-1' }, { name: 'backup-2' }], lastScheduleTime: ago(150_000) },
  };
  assert.deepEqual(cronJobCells(cj, NOW), { schedule: '*/5 * * * *', timeZone: '<none>', suspend: 'False', active: 2, lastSchedule: '2m30s', containers: 'b', images: 'restic', selector: '<none>' });
  const never: CronJob = { metadata: { name: 'x' }, spec: { schedule: '@daily', timeZone: 'Europe/Paris', suspend: true } };
  assert.deepEqual(cronJobCells(never, NOW), { schedule: '@daily', timeZone: 'Europe/Paris', suspend: 'True', active: 0, lastSchedule: '<none>', containers: '', images: '', selector: '<none>' });
  assert.equal(cronJobCells({ metadata: {}, spec: { schedule: '@daily' } }, NOW).suspend, '<unset>');
});
