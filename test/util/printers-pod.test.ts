import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRestarts, podSummary, podWideCells } from '../../src/util/printers.js';
import { NOW, ago, cs, pod, running, terminated, waiting } from './fixtures.js';

const readyCond = (status: 'True' | 'False') => ({ type: 'Ready', status });
const initializedCond = { type: 'Initialized', status: 'True' as const };

void test('no container statuses: the phase, Pending', () => {
  assert.deepEqual(podSummary(pod()), { ready: '0/1', status: 'Pending', restarts: 0 });
  assert.equal(podSummary({ metadata: { name: 'x' } }).status, 'Pending');
});

void test('running and ready', () => {
  const p = pod({
    containers: ['a', 'b'],
    status: { phase: 'Running', containerStatuses: [cs('a', running(), { ready: true }), cs('b', running(), { ready: true })] },
  });
  assert.deepEqual(podSummary(p), { ready: '2/2', status: 'Running', restarts: 0 });
});

void test('ContainerCreating while waiting', () => {
  const p = pod({ status: { phase: 'Pending', containerStatuses: [cs('app', waiting('ContainerCreating'))] } });
  assert.equal(podSummary(p).status, 'ContainerCreating');
});

void test('the first container wins (containers are walked in reverse)', () => {
  const p = pod({
    containers: ['a', 'b'],
    status: { phase: 'Pending', containerStatuses: [cs('a', waiting('ErrImagePull')), cs('b', waiting('ContainerCreating'))] },
  });
  assert.equal(podSummary(p).status, 'ErrImagePull');
});

void test('CrashLoopBackOff with restarts "5 (30s ago)"', () => {
  const p = pod({
    status: {
      phase: 'Running',
      containerStatuses: [
        cs('app', waiting('CrashLoopBackOff'), {
          restartCount: 5,
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(30_000) } },
        }),
      ],
    },
  });
  const sum = podSummary(p);
  assert.deepEqual(sum, { ready: '0/1', status: 'CrashLoopBackOff', restarts: 5, lastRestartAt: NOW - 30_000 });
  assert.equal(formatRestarts(sum.restarts, sum.lastRestartAt, NOW), '5 (30s ago)');
});

void test('the newest lastState.terminated.finishedAt is the last restart', () => {
  const p = pod({
    containers: ['a', 'b'],
    status: {
      phase: 'Running',
      containerStatuses: [
        cs('a', running(), { ready: true, restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: ago(600_000) } } }),
        cs('b', running(), { ready: true, restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: ago(120_000) } } }),
      ],
    },
  });
  const sum = podSummary(p);
  assert.equal(sum.restarts, 3);
  assert.equal(formatRestarts(sum.restarts, sum.lastRestartAt, NOW), '3 (2m ago)');
});

void test('formatRestarts', () => {
  assert.equal(formatRestarts(0, undefined, NOW), '0');
  assert.equal(formatRestarts(0, NOW - 1000, NOW), '0');
  assert.equal(formatRestarts(4, undefined, NOW), '4');
  assert.equal(formatRestarts(4, Number.NaN, NOW), '4');
  assert.equal(formatRestarts(12, NOW - 3 * 3_600_000, NOW), '12 (3h ago)');
});

void test('terminated with a reason, and without one: ExitCode:N / Signal:N', () => {
  const mk = (state: ReturnType<typeof terminated>) =>
    podSummary(pod({ status: { phase: 'Running', containerStatuses: [cs('app', state)] } })).status;
  assert.equal(mk(terminated(137, 'OOMKilled')), 'OOMKilled');
  assert.equal(mk(terminated(1, 'Error')), 'Error');
  assert.equal(mk(terminated(3)), 'ExitCode:3');
  assert.equal(mk(terminated(0)), 'ExitCode:0');
  assert.equal(mk(terminated(137, undefined, 9)), 'Signal:9');
});

void test('Completed with a container still running → Running when Ready, NotReady otherwise', () => {
  const statuses = [cs('a', terminated(0, 'Completed')), cs('b', running(), { ready: true })];
  const base = { containers: ['a', 'b'] };
  const ready = pod({ ...base, status: { phase: 'Running', conditions: [readyCond('True')], containerStatuses: statuses } });
  const notReady = pod({ ...base, status: { phase: 'Running', conditions: [readyCond('False')], containerStatuses: statuses } });
  assert.deepEqual(podSummary(ready), { ready: '1/2', status: 'Running', restarts: 0 });
  assert.deepEqual(podSummary(notReady), { ready: '1/2', status: 'NotReady', restarts: 0 });
});

void test('a succeeded pod shows Completed', () => {
  const p = pod({ status: { phase: 'Succeeded', containerStatuses: [cs('app', terminated(0, 'Completed'))] } });
  assert.deepEqual(podSummary(p), { ready: '0/1', status: 'Completed', restarts: 0 });
});

void test('init containers: Init:i/n while running, the first unfinished one decides', () => {
  const init = [{ name: 'i0' }, { name: 'i1' }];
  const p0 = pod({ init, status: { phase: 'Pending', initContainerStatuses: [cs('i0', running()), cs('i1', waiting('PodInitializing'))], containerStatuses: [cs('app', waiting('PodInitializing'))] } });
  assert.deepEqual(podSummary(p0), { ready: '0/1', status: 'Init:0/2', restarts: 0 });
  const p1 = pod({ init, status: { phase: 'Pending', initContainerStatuses: [cs('i0', terminated(0, 'Completed')), cs('i1', running())], containerStatuses: [cs('app', waiting('PodInitializing'))] } });
  assert.equal(podSummary(p1).status, 'Init:1/2');
});

void test('init containers: waiting reason, terminated reason, ExitCode, Signal', () => {
  const init = [{ name: 'i0' }, { name: 'i1' }];
  const mk = (s0: ReturnType<typeof running>, restartCount = 0) =>
    podSummary(pod({ init, status: { phase: 'Pending', initContainerStatuses: [cs('i0', s0, { restartCount }), cs('i1', waiting('PodInitializing'))], containerStatuses: [cs('app', waiting('PodInitializing'))] } }));
  assert.equal(mk(waiting('CrashLoopBackOff'), 4).status, 'Init:CrashLoopBackOff');
  assert.equal(mk(waiting('CrashLoopBackOff'), 4).restarts, 4);
  assert.equal(mk(terminated(1, 'Error')).status, 'Init:Error');
  assert.equal(mk(terminated(2)).status, 'Init:ExitCode:2');
  assert.equal(mk(terminated(143, undefined, 15)).status, 'Init:Signal:15');
  assert.equal(mk(waiting('PodInitializing')).status, 'Init:0/2');
});

void test('sidecar init containers count in READY total and, when started and ready, in ready', () => {
  const init = [{ name: 'setup' }, { name: 'proxy', sidecar: true }];
  const p = pod({
    init,
    status: {
      phase: 'Running',
      conditions: [initializedCond, readyCond('True')],
      initContainerStatuses: [
        cs('setup', terminated(0, 'Completed'), { restartCount: 1 }),
        cs('proxy', running(), { ready: true, started: true, restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: ago(90_000) } } }),
      ],
      containerStatuses: [cs('app', running(), { ready: true, restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: ago(600_000) } } })],
    },
  });
  const sum = podSummary(p);
  // Once initialized, only sidecar restarts are kept from init containers (setup's 1 is dropped).
  assert.deepEqual(sum, { ready: '2/2', status: 'Running', restarts: 3, lastRestartAt: NOW - 90_000 });
  assert.equal(formatRestarts(sum.restarts, sum.lastRestartAt, NOW), '3 (90s ago)');
});

void test('a sidecar not yet started keeps the pod initializing', () => {
  const p = pod({
    init: [{ name: 'proxy', sidecar: true }],
    status: { phase: 'Pending', initContainerStatuses: [cs('proxy', running(), { started: false })], containerStatuses: [cs('app', waiting('PodInitializing'))] },
  });
  assert.deepEqual(podSummary(p), { ready: '0/2', status: 'Init:0/1', restarts: 0 });
});

void test('deletionTimestamp → Terminating, NodeLost → Unknown, terminal phases kept', () => {
  const runningStatus = { phase: 'Running', containerStatuses: [cs('app', running(), { ready: true })] };
  assert.equal(podSummary(pod({ deleting: true, status: runningStatus })).status, 'Terminating');
  assert.equal(podSummary(pod({ deleting: true, status: { ...runningStatus, reason: 'NodeLost' } })).status, 'Unknown');
  assert.equal(podSummary(pod({ status: { ...runningStatus, reason: 'NodeLost' } })).status, 'NodeLost');
  const done = { phase: 'Succeeded', containerStatuses: [cs('app', terminated(0, 'Completed'))] };
  assert.equal(podSummary(pod({ deleting: true, status: done })).status, 'Completed');
});

void test('Evicted: status.reason wins over the phase', () => {
  const p = pod({ status: { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' } });
  assert.deepEqual(podSummary(p), { ready: '0/1', status: 'Evicted', restarts: 0 });
});

void test('SchedulingGated', () => {
  const p = pod({ status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] } });
  assert.equal(podSummary(p).status, 'SchedulingGated');
});

void test('wide cells: IP, NODE, NOMINATED NODE, READINESS GATES', () => {
  const p = pod({ status: { phase: 'Pending' } });
  assert.deepEqual(podWideCells(p), { ip: '<none>', node: '<none>', nominatedNode: '<none>', readinessGates: '<none>' });
  const q = pod({ status: { phase: 'Running', podIPs: [{ ip: '10.0.0.5' }, { ip: 'fd00::5' }], nominatedNodeName: 'n2', conditions: [{ type: 'example.com/gate', status: 'True' }] } });
  q.spec = { ...q.spec!, nodeName: 'node-1', readinessGates: [{ conditionType: 'example.com/gate' }, { conditionType: 'other' }] };
  assert.deepEqual(podWideCells(q), { ip: '10.0.0.5', node: 'node-1', nominatedNode: 'n2', readinessGates: '1/2' });
});
