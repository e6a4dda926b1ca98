// The pod scheduler on a manual clock: placement by requests, nodeSelector and taints; unschedulable pods
// stay Pending with PodScheduled=False and a FailedScheduling event, and are placed once room appears.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import type { Scheduler } from '../../src/sim/scheduler.js';
import { Storage } from '../../src/sim/storage/index.js';
import { Rng } from '../../src/sim/rng.js';
import { EVENTS, NAMESPACES, NODES, PODS } from '../../src/sim/resources.js';
import { EventRecorder } from '../../src/sim/controllers/events.js';
import type { SimEvent } from '../../src/sim/controllers/events.js';
import { PodScheduler, failureMessage } from '../../src/sim/controllers/scheduler.js';
import { nodeObject } from '../../src/sim/scenarios/nodes.js';
import { createCluster } from '../../src/sim/cluster.js';
import type { Pod } from '../../src/util/k8s.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function setup() {
  const scheduler = new ManualScheduler(T0);
  const storage = new Storage({ clock: scheduler });
  storage.create(NAMESPACES, { metadata: { name: 'default' } });
  const rng = new Rng(1);
  const ts = '2026-01-01T00:00:00Z';
  storage.create(
    NODES,
    nodeObject({ name: 'cp', index: 0, hostIP: '172.18.0.2', controlPlane: true }, ts, rng),
  );
  storage.create(
    NODES,
    nodeObject({ name: 'w1', index: 1, hostIP: '172.18.0.3', cpu: '2', labels: { disk: 'ssd' } }, ts, rng),
  );
  storage.create(NODES, nodeObject({ name: 'w2', index: 2, hostIP: '172.18.0.4', cpu: '2' }, ts, rng));
  const events = new EventRecorder(storage, scheduler);
  const sched = new PodScheduler(storage, scheduler, rng.fork('s'), events);
  sched.start();
  return { scheduler, storage, sched };
}

const pod = (name: string, extra: Partial<NonNullable<Pod['spec']>> = {}, cpu = '500m'): Pod => ({
  metadata: { name, namespace: 'default', uid: name },
  spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu } } }], ...extra },
});
const nodeOf = (s: Storage, name: string): string | undefined =>
  (s.get(PODS, 'default', name) as Pod).spec?.nodeName;

test('pods land on workers by least allocation, never on the tainted control plane', () => {
  const { scheduler, storage, sched } = setup();
  for (let i = 0; i < 4; i++) storage.create(PODS, pod(`p${i}`));
  scheduler.advance(1000);
  const placed = [0, 1, 2, 3].map((i) => nodeOf(storage, `p${i}`));
  assert.deepEqual(placed.filter((n) => n === 'w1').length, 2, placed.join());
  assert.deepEqual(placed.filter((n) => n === 'w2').length, 2, placed.join());
  const p0 = storage.get(PODS, 'default', 'p0') as Pod;
  assert.deepEqual(
    p0.status?.conditions?.map((c) => [c.type, c.status]),
    [['PodScheduled', 'True']],
  );
  const ev = (storage.list(EVENTS, 'default').items as SimEvent[]).find(
    (e) => e.involvedObject.name === 'p0',
  );
  assert.equal(ev?.reason, 'Scheduled');
  assert.equal(ev?.message, `Successfully assigned default/p0 to ${placed[0]}`);
  assert.equal(ev?.source.component, 'default-scheduler');
  sched.stop();
  assert.equal(scheduler.pendingCount(), 0);
});

test('nodeSelector, tolerations, and unschedulable pods with FailedScheduling', () => {
  const { scheduler, storage, sched } = setup();
  storage.create(PODS, pod('ssd', { nodeSelector: { disk: 'ssd' } }));
  storage.create(
    PODS,
    pod('cp', {
      nodeSelector: { 'kubernetes.io/hostname': 'cp' },
      tolerations: [
        { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      ],
    }),
  );
  storage.create(PODS, pod('huge', {}, '3'));
  scheduler.advance(1000);
  assert.equal(nodeOf(storage, 'ssd'), 'w1');
  assert.equal(nodeOf(storage, 'cp'), 'cp');
  const huge = storage.get(PODS, 'default', 'huge') as Pod;
  assert.equal(huge.spec?.nodeName, undefined);
  const msg =
    '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
  assert.deepEqual(huge.status?.conditions?.[0], {
    type: 'PodScheduled',
    status: 'False',
    lastProbeTime: null,
    lastTransitionTime: '2026-01-01T12:00:00Z',
    reason: 'Unschedulable',
    message: msg,
  });
  const failed = () =>
    (storage.list(EVENTS, 'default').items as SimEvent[]).filter((e) => e.reason === 'FailedScheduling');
  assert.equal(failed().length, 1);
  assert.equal(failed()[0]?.type, 'Warning');
  const rv = huge.metadata.resourceVersion;
  scheduler.advance(61_000); // periodic retry: same outcome, the event counts up, the pod is not rewritten
  assert.equal(failed()[0]?.count, 2);
  assert.equal((storage.get(PODS, 'default', 'huge') as Pod).metadata.resourceVersion, rv);
  // a bigger node joins: the pod is placed
  storage.create(
    NODES,
    nodeObject({ name: 'big', index: 3, hostIP: '172.18.0.5', cpu: '8' }, '2026-01-01T00:00:00Z', new Rng(2)),
  );
  scheduler.advance(1000);
  assert.equal(nodeOf(storage, 'huge'), 'big');
  sched.stop();
});

test('failure message format', () => {
  assert.equal(
    failureMessage(1, new Map([["node(s) didn't match Pod's node affinity/selector", 1]]), 0),
    "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
  );
});

test('cluster: Node objects with roles, addresses, capacity and heartbeats', () => {
  const scheduler = new ManualScheduler(T0);
  const c = createCluster({ scenario: 'demo', seed: 1, scheduler });
  const nodes = c.storage.list(NODES).items as {
    metadata: { name?: string; labels?: Record<string, string> };
    status: {
      conditions: { type: string; status: string; lastHeartbeatTime: string }[];
      addresses: unknown[];
      allocatable: Record<string, string>;
      nodeInfo: { kubeletVersion: string };
    };
  }[];
  assert.deepEqual(
    nodes.map((n) => n.metadata.name),
    ['kubedeck-control-plane', 'kubedeck-worker', 'kubedeck-worker2'],
  );
  const cp = nodes[0]!;
  assert.equal(cp.metadata.labels?.['node-role.kubernetes.io/control-plane'], '');
  assert.equal(cp.metadata.labels?.['kubernetes.io/hostname'], 'kubedeck-control-plane');
  assert.deepEqual(cp.status.addresses, [
    { type: 'InternalIP', address: '172.18.0.2' },
    { type: 'Hostname', address: 'kubedeck-control-plane' },
  ]);
  assert.equal(cp.status.allocatable['pods'], '110');
  assert.equal(cp.status.nodeInfo.kubeletVersion, 'v1.32.0');
  scheduler.advance(61_000);
  const ready = (
    c.storage.get(NODES, undefined, 'kubedeck-worker') as unknown as typeof cp
  ).status.conditions.find((x) => x.type === 'Ready');
  assert.equal(ready?.status, 'True');
  assert.equal(ready?.lastHeartbeatTime, '2026-01-01T12:01:00Z');
  c.stop();
  scheduler.dispose();
});

test('a large backlog is placed a thousand pods a turn, so the server (same thread) is never held for the whole of it', () => {
  const manual = new ManualScheduler(T0);
  const storage = new Storage({ clock: manual });
  let bound = 0;
  const perTurn: number[] = [];
  // the scheduler's timers, each counted: how many pods one timer callback (one turn of the event loop) binds
  const counting: Scheduler = {
    now: () => manual.now(),
    clearTimer: (t) => manual.clearTimer(t),
    dispose: () => manual.dispose(),
    setTimer: (ms, fn) =>
      manual.setTimer(ms, () => {
        const before = bound;
        fn();
        if (bound > before) perTurn.push(bound - before);
      }),
  };
  storage.create(NAMESPACES, { metadata: { name: 'default' } });
  const rng = new Rng(1);
  storage.create(NODES, nodeObject({ name: 'big', index: 1, hostIP: '172.18.0.3', cpu: '4000', memory: '4000Gi', pods: 5000 }, '2026-01-01T00:00:00Z', rng));
  storage.subscribe(PODS, (ev) => {
    if (ev.type === 'MODIFIED' && (ev.object as Pod).spec?.nodeName && !(ev.prev as Pod | undefined)?.spec?.nodeName) bound++;
  });
  const sched = new PodScheduler(storage, counting, rng.fork('s'), new EventRecorder(storage, counting));
  sched.start();
  for (let i = 0; i < 2500; i++) storage.create(PODS, pod(`p${i}`, {}, '1m'));
  manual.advance(1000);
  assert.equal(bound, 2500, 'every pod is bound');
  assert.deepEqual(perTurn, [1000, 1000, 500]);
  sched.stop();
});
