// The kubelet's stage engine end to end on a manual clock, in an empty cluster: what `kubectl get pods -w`
// would show for init containers, jobs that run to an end, crash loops with the real back-off, image pull
// failures, OOM kills, probes, and graceful termination.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import type { Cluster } from '../../src/sim/cluster.js';
import { EVENTS, PODS } from '../../src/sim/resources.js';
import type { SimEvent } from '../../src/sim/controllers/events.js';
import { deletePodGracefully } from '../../src/sim/controllers/util.js';
import { podSummary } from '../../src/util/printers.js';
import type { Container, Pod, PodSpec } from '../../src/util/k8s.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

interface Run {
  c: Cluster;
  s: ManualScheduler;
  /** Distinct STATUS values in order, with RESTARTS. */
  trail: string[];
  /** ms after T0 at which each trail entry appeared. */
  at: number[];
  pod: () => Pod | undefined;
  events: () => SimEvent[];
  done: () => void;
}

function run(
  spec: Partial<PodSpec> & { containers: Container[] },
  annotations?: Record<string, string>,
): Run {
  const s = new ManualScheduler(T0);
  const c = createCluster({ scenario: 'empty', seed: 3, scheduler: s });
  const trail: string[] = [];
  const at: number[] = [];
  c.storage.subscribe(PODS, (ev) => {
    if (ev.type === 'DELETED') return void trail.push('<deleted>');
    const p = ev.object as Pod;
    const sum = podSummary(p);
    const cell = `${p.metadata.deletionTimestamp ? 'Terminating' : sum.status} ${sum.ready} ${sum.restarts}`;
    if (trail[trail.length - 1] !== cell) {
      trail.push(cell);
      at.push(s.now() - T0);
    }
  });
  c.storage.create(PODS, {
    metadata: { name: 'p', namespace: 'default', ...(annotations ? { annotations } : {}) },
    spec,
  });
  return {
    c,
    s,
    trail,
    at,
    pod: () => c.storage.get(PODS, 'default', 'p') as Pod | undefined,
    events: () =>
      (c.storage.list(EVENTS, 'default').items as SimEvent[]).filter((e) => e.involvedObject.name === 'p'),
    done: () => {
      c.stop();
      s.dispose();
    },
  };
}

const ctr = (extra: Partial<Container> = {}): Container => ({ name: 'app', image: 'nginx:1.27', ...extra });
/** When the pod entered a trail state starting with `prefix`. */
const times = (r: Run, prefix: string): number[] =>
  r.trail.flatMap((t, i) => (t.startsWith(prefix) ? [r.at[i] ?? 0] : []));
const count = (r: Run, reason: string): number =>
  r
    .events()
    .filter((e) => e.reason === reason)
    .reduce((n, e) => n + e.count, 0);

test('init containers run one by one: Init:0/2 → Init:1/2 → PodInitializing → Running', () => {
  const r = run({
    initContainers: [
      { name: 'migrate', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3'] },
      { name: 'warm', image: 'busybox:1.36', command: ['sh', '-c', 'echo warm'] },
    ],
    containers: [ctr()],
  });
  r.s.advance(30_000);
  assert.deepEqual(r.trail, [
    'Pending 0/1 0',
    'Init:0/2 0/1 0',
    'Init:1/2 0/1 0',
    'PodInitializing 0/1 0',
    'Running 1/1 0',
  ]);
  assert.deepEqual(
    r.pod()?.status?.initContainerStatuses?.map((c) => c.state?.terminated?.reason),
    ['Completed', 'Completed'],
  );
  assert.deepEqual(r.pod()?.status?.conditions?.find((c) => c.type === 'Initialized')?.status, 'True');
  r.done();
});

test('restartPolicy Never: a command that ends gives Completed (Succeeded), exit 3 gives Error (Failed)', () => {
  const ok = run({
    restartPolicy: 'Never',
    containers: [ctr({ image: 'busybox', command: ['sh', '-c', 'echo hi; sleep 5'] })],
  });
  ok.s.advance(30_000);
  assert.deepEqual(ok.trail.slice(-2), ['Running 1/1 0', 'Completed 0/1 0']);
  assert.equal(ok.pod()?.status?.phase, 'Succeeded');
  assert.deepEqual(
    ok
      .pod()
      ?.status?.conditions?.filter((c) => c.type === 'Ready')
      .map((c) => c.reason),
    ['PodCompleted'],
  );
  ok.done();
  const bad = run({
    restartPolicy: 'Never',
    containers: [ctr({ image: 'busybox', command: ['sh', '-c', 'exit 3'] })],
  });
  bad.s.advance(30_000);
  assert.equal(bad.trail[bad.trail.length - 1], 'Error 0/1 0');
  assert.equal(bad.pod()?.status?.phase, 'Failed');
  assert.equal(bad.pod()?.status?.containerStatuses?.[0]?.state?.terminated?.exitCode, 3);
  bad.done();
});

test('crash loop: immediate first restart, then back-off 10 s, 20 s, 40 s … capped at 300 s', () => {
  const r = run({ containers: [ctr()] }, { 'sim.kubedeck.dev/behavior': 'crashloop' });
  r.s.advance(30 * 60_000);
  const exits = r.pod()?.status?.containerStatuses?.[0]?.restartCount ?? 0;
  assert.ok(exits >= 9, `restarts ${exits}`);
  // from each exit (Error) to the next start (Running)
  const errors = times(r, 'Error');
  const runs = times(r, 'Running').slice(1);
  const waits = runs.map((t, i) => Math.round((t - (errors[i] ?? 0)) / 1000));
  assert.ok(waits[0]! <= 2, `first restart is immediate: ${waits.join()}`);
  for (const [i, want] of [10, 20, 40, 80, 160, 300, 300].entries())
    assert.ok(
      Math.abs((waits[i + 1] ?? 0) - want) <= 3,
      `wait ${i + 1}: ${waits[i + 1]} ≈ ${want} (${waits.join()})`,
    );
  assert.ok(r.trail.includes('CrashLoopBackOff 0/1 1'), r.trail.join(' | '));
  assert.ok(
    r.events().some((e) => e.reason === 'BackOff' && e.count > 1),
    'BackOff event counts up',
  );
  r.done();
});

test('back-off resets after 10 minutes of running', () => {
  const r = run({ containers: [ctr({ env: [{ name: 'SIM_EXIT_AFTER', value: '700' }] })] });
  r.s.advance(40 * 60_000);
  assert.ok((r.pod()?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2);
  assert.ok(!r.trail.some((t) => t.startsWith('CrashLoopBackOff')), r.trail.join(' | '));
  r.done();
});

test('ErrImagePull → ImagePullBackOff, retried with back-off; fixing the image recovers', () => {
  const r = run({ containers: [ctr({ image: 'nginx:does-not-exist' })] });
  r.s.advance(60_000);
  assert.deepEqual(r.trail.slice(0, 4), [
    'Pending 0/1 0',
    'ContainerCreating 0/1 0',
    'ErrImagePull 0/1 0',
    'ImagePullBackOff 0/1 0',
  ]);
  const pulls = count(r, 'Pulling'); // at ~1 s, then after 10 s, 20 s back-off
  assert.ok(pulls >= 3 && pulls <= 4, `pulls ${pulls}`);
  r.c.storage.mutate(
    PODS,
    'default',
    'p',
    (d) => void ((d as Pod).spec!.containers[0]!.image = 'nginx:1.27'),
  );
  r.s.advance(320_000);
  assert.equal(r.trail[r.trail.length - 1], 'Running 1/1 0');
  r.done();
});

test('OOMKilled, then CrashLoopBackOff', () => {
  const r = run(
    { containers: [ctr({ resources: { limits: { memory: '64Mi' } } })] },
    { 'sim.kubedeck.dev/behavior': 'oom' },
  );
  r.s.advance(60_000);
  assert.ok(r.trail.includes('OOMKilled 0/1 0'), r.trail.join(' | '));
  assert.ok(r.trail.some((t) => t.startsWith('CrashLoopBackOff')));
  assert.equal(r.pod()?.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode, 137);
  r.done();
});

test('readiness: a never-ready container stays Running 0/1 with Unhealthy events; slow-ready becomes 1/1', () => {
  const probe = { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 5 };
  const r = run(
    { containers: [ctr({ readinessProbe: probe })] },
    { 'sim.kubedeck.dev/behavior': 'not-ready' },
  );
  r.s.advance(60_000);
  assert.equal(r.trail[r.trail.length - 1], 'Running 0/1 0');
  const unhealthy = r.events().find((e) => e.reason === 'Unhealthy');
  assert.equal(unhealthy?.message, 'Readiness probe failed: HTTP probe failed with statuscode: 503');
  assert.ok((unhealthy?.count ?? 0) >= 8, `count ${unhealthy?.count}`);
  r.done();
  const slow = run({
    containers: [ctr({ readinessProbe: probe, env: [{ name: 'SIM_READY_AFTER', value: '20' }] })],
  });
  slow.s.advance(15_000);
  assert.equal(slow.trail[slow.trail.length - 1], 'Running 0/1 0');
  slow.s.advance(15_000);
  assert.equal(slow.trail[slow.trail.length - 1], 'Running 1/1 0');
  slow.done();
});

test('liveness failure restarts the container with Killing and Unhealthy events', () => {
  const probe = { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 10, failureThreshold: 3 };
  const r = run(
    { containers: [ctr({ livenessProbe: probe })] },
    { 'sim.kubedeck.dev/behavior': 'liveness-fail' },
  );
  r.s.advance(60_000);
  assert.ok((r.pod()?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1);
  const msgs = r.events().map((e) => e.message);
  assert.ok(msgs.includes('Container app failed liveness probe, will be restarted'), msgs.join('\n'));
  assert.ok(msgs.includes('Liveness probe failed: HTTP probe failed with statuscode: 500'));
  r.done();
});

test('graceful termination: Killing, containers stop, object removed; slow shutdown waits for the grace period', () => {
  const r = run({ containers: [ctr()] });
  r.s.advance(10_000);
  deletePodGracefully(r.c.storage, r.pod()!, r.s.now());
  r.s.advance(500);
  assert.ok(r.pod(), 'still there while stopping');
  r.s.advance(5_000);
  assert.equal(r.pod(), undefined);
  assert.equal(r.trail[r.trail.length - 1], '<deleted>');
  assert.ok(r.trail.includes('Terminating 1/1 0'), r.trail.join(' | '));
  assert.ok(r.events().some((e) => e.reason === 'Killing' && e.message === 'Stopping container app'));
  r.done();
  const slow = run(
    { terminationGracePeriodSeconds: 20, containers: [ctr()] },
    { 'sim.kubedeck.dev/behavior': 'slow-shutdown' },
  );
  slow.s.advance(10_000);
  deletePodGracefully(slow.c.storage, slow.pod()!, slow.s.now());
  slow.s.advance(15_000);
  assert.ok(slow.pod()?.metadata.deletionTimestamp, 'Terminating for the grace period');
  slow.s.advance(10_000);
  assert.equal(slow.pod(), undefined);
  slow.done();
});
