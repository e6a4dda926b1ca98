import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podTone, pods } from '../../src/resources/pods.js';
import type { Pod } from '../../src/util/k8s.js';
import { NOW, ago, cs, pod, running, terminated, waiting } from '../util/fixtures.js';

const header = (wide: boolean) => pods.columns.filter((c) => Boolean(c.wide) === wide).map((c) => c.name);

void test('columns are kubectl’s, wide ones flagged', () => {
  assert.deepEqual(header(false), ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
  assert.deepEqual(header(true), ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
});

function webPod(): Pod {
  const p = pod({
    containers: ['app', 'log'],
    init: [{ name: 'proxy', sidecar: true }],
    status: {
      phase: 'Running',
      podIP: '10.244.1.7',
      podIPs: [{ ip: '10.244.1.7' }],
      conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'False' }],
      initContainerStatuses: [cs('proxy', running(), { ready: true, started: true })],
      containerStatuses: [
        cs('app', running(), { ready: true, restartCount: 2, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: ago(4 * 60_000) } } }),
        cs('log', waiting('CrashLoopBackOff'), { restartCount: 3, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(30_000) } } }),
      ],
    },
  });
  p.metadata.labels = { app: 'web' };
  p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7c5d', uid: 'rs', controller: true }];
  p.spec = { ...p.spec!, nodeName: 'kind-worker' };
  return p;
}

void test('project keeps what columns and drill-downs need', () => {
  const r = pods.project(webPod());
  assert.equal(r.key, 'default/web-0');
  assert.equal(r.namespace, 'default');
  assert.equal(r.uid, 'uid-1');
  assert.equal(r.rv, '7');
  assert.deepEqual(r.labels, { app: 'web' });
  assert.equal(r.created, NOW - 5 * 60_000);
  assert.equal(r.deleting, false);
  assert.equal(r.status, 'CrashLoopBackOff');
  assert.equal(r.phase, 'Running');
  assert.equal(r.ready, '2/3');
  assert.equal(r.restarts, 5);
  assert.equal(r.lastRestartAt, NOW - 30_000);
  assert.equal(r.node, 'kind-worker');
  assert.equal(r.ip, '10.244.1.7');
  assert.deepEqual(r.containers, ['app', 'log']);
  assert.deepEqual(r.initContainers, ['proxy']);
  assert.deepEqual(r.owner, { kind: 'ReplicaSet', name: 'web-7c5d' });
  assert.equal('spec' in r || 'metadata' in r, false);
});

void test('project sums container requests (limits when a request is absent; sidecars count) for %CPU/R and %MEM/R', () => {
  const none = pods.project(webPod());
  assert.equal(none.cpuReq, 0);
  assert.equal(none.memReq, 0);
  const p = webPod();
  const [app, log] = p.spec!.containers;
  app!.resources = { requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } };
  log!.resources = { limits: { cpu: '100m', memory: '64Mi' } };
  p.spec!.initContainers = [
    { name: 'proxy', restartPolicy: 'Always', resources: { requests: { cpu: '50m', memory: '32Mi' } } },
    { name: 'migrate', resources: { requests: { cpu: '2', memory: '1Gi' } } },
  ];
  const r = pods.project(p);
  assert.equal(r.cpuReq, 250 + 100 + 50);
  assert.equal(r.memReq, (128 + 64 + 32) * 2 ** 20);
  // the row is unchanged: metrics columns are an overlay, never part of the pure row
  assert.deepEqual(pods.row(r, NOW).length, pods.columns.length);
});

void test('requests: each quantity parsed once and shared across pods gives the same sums; odd values count as none', () => {
  const withRequests = (cpu: unknown, memory: unknown): ReturnType<typeof webPod> => {
    const p = webPod();
    p.spec!.containers[0]!.resources = { requests: { cpu, memory } as Record<string, string> };
    return p;
  };
  for (let i = 0; i < 3; i++) {
    const r = pods.project(withRequests('1500m', '1.5Gi'));
    assert.deepEqual([r.cpuReq, r.memReq], [1500, 1.5 * 2 ** 30], `pod ${i}`);
  }
  assert.deepEqual([pods.project(withRequests('2', '1k')).cpuReq, pods.project(withRequests('2', '1k')).memReq], [2000, 1000]);
  const odd = pods.project(withRequests(2, 'lots'));
  assert.deepEqual([odd.cpuReq, odd.memReq], [2000, 0], 'a number is a quantity too; an unparsable string is none');
});

void test('row: kubectl cells, restarts with "(30s ago)", wide cells', () => {
  const r = pods.project(webPod());
  assert.deepEqual(pods.row(r, NOW), ['web-0', '2/3', 'CrashLoopBackOff', '5 (30s ago)', '5m', '10.244.1.7', 'kind-worker', '<none>', '<none>']);
  assert.deepEqual(pods.status(r), { text: 'CrashLoopBackOff', tone: 'error' });
});

void test('row of a fresh pending pod', () => {
  const r = pods.project(pod());
  assert.deepEqual(pods.row(r, NOW), ['web-0', '0/1', 'Pending', '0', '5m', '<none>', '<none>', '<none>', '<none>']);
  assert.deepEqual(pods.status(r), { text: 'Pending', tone: 'pending' });
  assert.equal(r.owner, undefined);
});

void test('row: Terminating, and AGE <unknown> without a creationTimestamp', () => {
  const p = pod({ deleting: true, status: { phase: 'Running', containerStatuses: [cs('app', running(), { ready: true })] } });
  delete p.metadata.creationTimestamp;
  const r = pods.project(p);
  assert.equal(r.deleting, true);
  assert.deepEqual(pods.row(r, NOW).slice(0, 5), ['web-0', '1/1', 'Terminating', '0', '<unknown>']);
  assert.deepEqual(pods.status(r), { text: 'Terminating', tone: 'warn' });
});

void test('cells from the cluster are sanitized', () => {
  const p = pod({ status: { phase: 'Pending', containerStatuses: [cs('app', waiting('Evil\x1b]0;pwn\x07'))] } });
  p.metadata.name = 'x\x1b[2Jy';
  const r = pods.project(p);
  const row = pods.row(r, NOW);
  assert.equal(row[0], 'x^[[2Jy');
  assert.equal(row[2], 'Evil^[]0;pwn^G');
  assert.equal(pods.status(r).text, 'Evil^[]0;pwn^G');
  assert.equal(r.name, 'x\x1b[2Jy', 'the raw name is kept for API calls');
});

void test('status tone for every kubectl pod status', () => {
  const st = (p: Pod) => pods.status(pods.project(p));
  const one = (state: ReturnType<typeof running>, extra = {}) =>
    pod({ status: { phase: 'Running', containerStatuses: [cs('app', state, extra)] } });
  assert.deepEqual(st(one(running(), { ready: true })), { text: 'Running', tone: 'ok' });
  assert.deepEqual(st(one(running())), { text: 'Running', tone: 'pending' });
  assert.deepEqual(st(one(waiting('ContainerCreating'))), { text: 'ContainerCreating', tone: 'pending' });
  for (const reason of ['ErrImagePull', 'ImagePullBackOff', 'CrashLoopBackOff', 'CreateContainerConfigError']) {
    assert.deepEqual(st(one(waiting(reason))), { text: reason, tone: 'error' });
  }
  assert.deepEqual(st(one(terminated(137, 'OOMKilled'))), { text: 'OOMKilled', tone: 'error' });
  assert.deepEqual(st(one(terminated(1, 'Error'))), { text: 'Error', tone: 'error' });
  assert.deepEqual(st(one(terminated(2))), { text: 'ExitCode:2', tone: 'error' });
  assert.deepEqual(st(one(terminated(0, undefined, 9))), { text: 'Signal:9', tone: 'error' });
  const done = pod({ status: { phase: 'Succeeded', containerStatuses: [cs('app', terminated(0, 'Completed'))] } });
  assert.deepEqual(st(done), { text: 'Completed', tone: 'dim' });
  assert.deepEqual(st(pod({ status: { phase: 'Failed', reason: 'Evicted' } })), { text: 'Evicted', tone: 'error' });
  const lost = pod({ deleting: true, status: { phase: 'Running', reason: 'NodeLost' } });
  assert.deepEqual(st(lost), { text: 'Unknown', tone: 'error' });
  const init = pod({ init: [{ name: 'i' }], status: { phase: 'Pending', initContainerStatuses: [cs('i', running())] } });
  assert.deepEqual(st(init), { text: 'Init:0/1', tone: 'pending' });
  const initFail = pod({ init: [{ name: 'i' }], status: { phase: 'Pending', initContainerStatuses: [cs('i', terminated(1, 'Error'))] } });
  assert.deepEqual(st(initFail), { text: 'Init:Error', tone: 'error' });
});

void test('podTone fallbacks', () => {
  assert.equal(podTone('NotReady', 'Running', 1, 2), 'warn');
  assert.equal(podTone('Init:CrashLoopBackOff', 'Pending', 0, 1), 'error');
  assert.equal(podTone('Init:PodInitializing', 'Pending', 0, 1), 'pending');
  assert.equal(podTone('SchedulingGated', 'Pending', 0, 1), 'pending');
  assert.equal(podTone('Shutdown', 'Failed', 0, 1), 'error');
  assert.equal(podTone('Succeeded', 'Succeeded', 0, 1), 'dim');
  assert.equal(podTone('SomethingNew', 'Running', 0, 1), 'warn');
  assert.equal(podTone('SomethingNew', 'Pending', 0, 1), 'pending');
});
