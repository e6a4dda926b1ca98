// The pod lifecycle as data: golden input → output pairs per stage, the engine on a manual clock,
// crash-loop back-off, and seed determinism of the whole demo cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podStages, goDuration } from '../../src/sim/stages/pod.js';
import type { PodEnv } from '../../src/sim/stages/pod.js';
import { KubeletMemory } from '../../src/sim/kubelet/pod-status.js';
import { serviceStages } from '../../src/sim/stages/service.js';
import { StageEngine } from '../../src/sim/kubelet/engine.js';
import { Ipam } from '../../src/sim/ipam.js';
import { Rng } from '../../src/sim/rng.js';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { Storage } from '../../src/sim/storage/index.js';
import { createCluster } from '../../src/sim/cluster.js';
import { DEPLOYMENTS, PODS, SERVICES } from '../../src/sim/resources.js';
import { podSummary } from '../../src/util/printers.js';
import type { Pod, Service } from '../../src/util/k8s.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const TS = '2026-01-01T12:00:00Z';

function env(): PodEnv {
  return {
    now: () => T0,
    timestamp: () => TS,
    rng: new Rng(1, 'test'),
    nodes: [{ name: 'node-a', index: 3, hostIP: '172.18.0.9' }],
    ipam: new Ipam(new Rng(1, 'ipam')),
    events: {
      emit: (obj, type, reason, message, source, fieldPath) =>
        void emitted.push({ type, reason, message, fieldPath: fieldPath ?? '', host: source.host ?? '' }),
    },
    kubelet: new KubeletMemory(),
  };
}
let emitted: { type: string; reason: string; message: string; fieldPath: string; host: string }[] = [];
const stage = (name: string) => {
  const s = podStages.find((x) => x.name === name);
  if (!s) throw new Error(name);
  return s;
};
const basePod = (annotations?: Record<string, string>): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-abc', namespace: 'shop', uid: 'u1', ...(annotations ? { annotations } : {}) },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
  status: { phase: 'Pending', qosClass: 'BestEffort' },
});
/** Replace random ids with placeholders so outputs compare as golden data. */
const normalise = (p: unknown): unknown =>
  JSON.parse(
    JSON.stringify(p)
      .replace(/containerd:\/\/[0-9a-f]{64}/g, 'containerd://ID')
      .replace(/sha256:[0-9a-f]{64}/g, 'sha256:DIGEST'),
  );

const scheduled = (annotations?: Record<string, string>): Pod => {
  const p = basePod(annotations);
  p.spec = { ...p.spec, containers: p.spec?.containers ?? [], nodeName: 'node-a' };
  p.status = {
    ...p.status,
    conditions: [
      {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: '2026-01-01T11:59:59Z',
      },
    ],
  };
  return p;
};
const notReady = { reason: 'ContainersNotReady', message: 'containers with unready status: [web]' };

test('golden: pod-container-creating', () => {
  const out = stage('pod-container-creating').next(scheduled(), env());
  assert.deepEqual(out, {
    ...scheduled(),
    status: {
      phase: 'Pending',
      qosClass: 'BestEffort',
      hostIP: '172.18.0.9',
      hostIPs: [{ ip: '172.18.0.9' }],
      startTime: TS,
      containerStatuses: [
        {
          name: 'web',
          image: 'nginx:1.27',
          imageID: '',
          ready: false,
          started: false,
          restartCount: 0,
          state: { waiting: { reason: 'ContainerCreating' } },
          lastState: {},
        },
      ],
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'False', lastProbeTime: null, lastTransitionTime: TS },
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: TS },
        { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: TS, ...notReady },
        {
          type: 'ContainersReady',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: TS,
          ...notReady,
        },
        {
          type: 'PodScheduled',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: '2026-01-01T11:59:59Z',
        },
      ],
    },
  });
  const s = podSummary(out as Pod);
  assert.deepEqual([s.ready, s.status], ['0/1', 'ContainerCreating']);
});

test('golden: container-start pulls, creates and starts, with kubelet events', () => {
  const e = env();
  emitted = [];
  const creating = stage('pod-container-creating').next(scheduled(), e) as Pod;
  const out = stage('container-start').next(structuredClone(creating), {
    ...e,
    timestamp: () => '2026-01-01T12:00:03Z',
  }) as Pod;
  const st = normalise(out.status) as Record<string, unknown>;
  assert.deepEqual(st['containerStatuses'], [
    {
      name: 'web',
      image: 'nginx:1.27',
      imageID: 'docker.io/library/nginx@sha256:DIGEST',
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: '2026-01-01T12:00:03Z' } },
      lastState: {},
      containerID: 'containerd://ID',
    },
  ]);
  assert.equal(st['phase'], 'Running');
  assert.equal(st['podIP'], '10.244.3.2');
  assert.deepEqual(st['podIPs'], [{ ip: '10.244.3.2' }]);
  assert.deepEqual(
    (out.status?.conditions ?? []).map((c) => [c.type, c.status, c.lastTransitionTime]),
    [
      ['PodReadyToStartContainers', 'True', '2026-01-01T12:00:03Z'],
      ['Initialized', 'True', TS],
      ['Ready', 'True', '2026-01-01T12:00:03Z'],
      ['ContainersReady', 'True', '2026-01-01T12:00:03Z'],
      ['PodScheduled', 'True', '2026-01-01T11:59:59Z'],
    ],
  );
  const s = podSummary(out);
  assert.deepEqual([s.ready, s.status, s.restarts], ['1/1', 'Running', 0]);
  assert.deepEqual(
    emitted.map((x) => [
      x.type,
      x.reason,
      x.message.replace(/in [\d.]+s \([\d.]+s/, 'in Ns (Ns').replace(/size: \d+/, 'size: N'),
      x.fieldPath,
      x.host,
    ]),
    [
      ['Normal', 'Pulling', 'Pulling image "nginx:1.27"', 'spec.containers{web}', 'node-a'],
      [
        'Normal',
        'Pulled',
        'Successfully pulled image "nginx:1.27" in Ns (Ns including waiting). Image size: N bytes.',
        'spec.containers{web}',
        'node-a',
      ],
      ['Normal', 'Created', 'Created container: web', 'spec.containers{web}', 'node-a'],
      ['Normal', 'Started', 'Started container web', 'spec.containers{web}', 'node-a'],
    ],
  );
  // the same image on the same node is already present the next time
  emitted = [];
  stage('container-start').next(structuredClone(creating), e);
  assert.deepEqual(
    emitted.map((x) => x.reason),
    ['Pulled', 'Created', 'Started'],
  );
  assert.equal(emitted[0]?.message, 'Container image "nginx:1.27" already present on machine');
});

test('golden: crash loop: exit → Error, first restart at once, then CrashLoopBackOff with back-off', () => {
  const e = env();
  const creating = stage('pod-container-creating').next(
    scheduled({ 'sim.kubedeck.dev/behavior': 'crashloop' }),
    e,
  ) as Pod;
  const started = stage('container-start').next(structuredClone(creating), e) as Pod;
  assert.deepEqual([podSummary(started).ready, podSummary(started).status], ['1/1', 'Running']);
  assert.equal(stage('container-exit').match(started, e), true);
  const later = { ...e, now: () => T0 + 5000, timestamp: () => '2026-01-01T12:00:05Z' };
  const exited = stage('container-exit').next(structuredClone(started), later) as Pod;
  assert.deepEqual(normalise(exited.status?.containerStatuses?.[0]?.state), {
    terminated: {
      exitCode: 1,
      reason: 'Error',
      startedAt: TS,
      finishedAt: '2026-01-01T12:00:05Z',
      containerID: 'containerd://ID',
    },
  });
  assert.deepEqual([podSummary(exited).status, podSummary(exited).ready], ['Error', '0/1']);
  const again = stage('container-exited').next(structuredClone(exited), e) as Pod;
  const cs1 = again.status?.containerStatuses?.[0];
  assert.deepEqual(
    [cs1?.restartCount, !!cs1?.state?.running, cs1?.lastState?.terminated?.exitCode],
    [1, true, 1],
  );
  const exited2 = stage('container-exit').next(structuredClone(again), {
    ...later,
    now: () => T0 + 9000,
  }) as Pod;
  emitted = [];
  const backoff = stage('container-exited').next(structuredClone(exited2), {
    ...later,
    now: () => T0 + 9000,
  }) as Pod;
  const cs = backoff.status?.containerStatuses?.[0];
  assert.equal(cs?.restartCount, 1);
  assert.deepEqual(cs?.state?.waiting, {
    reason: 'CrashLoopBackOff',
    message: 'back-off 10s restarting failed container=web pod=web-abc_shop(u1)',
  });
  assert.deepEqual(
    emitted.map((x) => [x.type, x.reason, x.message]),
    [['Warning', 'BackOff', 'Back-off restarting failed container web in pod web-abc_shop(u1)']],
  );
  assert.deepEqual([podSummary(backoff).status, podSummary(backoff).restarts], ['CrashLoopBackOff', 1]);
  assert.equal(stage('container-restart').match(backoff, e), true);
  assert.deepEqual([10, 160, 300].map(goDuration), ['10s', '2m40s', '5m0s']);
});

test('golden: ErrImagePull → ImagePullBackOff for a does-not-exist tag', () => {
  const e = env();
  emitted = [];
  const p = scheduled();
  p.spec!.containers[0]!.image = 'nginx:does-not-exist';
  const creating = stage('pod-container-creating').next(p, e) as Pod;
  const pulled = stage('container-start').next(structuredClone(creating), e) as Pod;
  const msg =
    'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:does-not-exist": failed to resolve reference "docker.io/library/nginx:does-not-exist": docker.io/library/nginx:does-not-exist: not found';
  assert.deepEqual(pulled.status?.containerStatuses?.[0]?.state, {
    waiting: { reason: 'ErrImagePull', message: msg },
  });
  assert.equal(podSummary(pulled).status, 'ErrImagePull');
  const bo = stage('image-pull-backoff').next(structuredClone(pulled), e) as Pod;
  assert.equal(podSummary(bo).status, 'ImagePullBackOff');
  assert.deepEqual(
    emitted.map((x) => [x.type, x.reason, x.message]),
    [
      ['Normal', 'Pulling', 'Pulling image "nginx:does-not-exist"'],
      ['Warning', 'Failed', `Failed to pull image "nginx:does-not-exist": ${msg}`],
      ['Warning', 'Failed', 'Error: ErrImagePull'],
      ['Normal', 'BackOff', 'Back-off pulling image "nginx:does-not-exist"'],
      ['Warning', 'Failed', 'Error: ImagePullBackOff'],
    ],
  );
  const retry = stage('image-pull-retry');
  assert.equal(retry.match(bo, e), true);
  assert.equal(typeof retry.delayMs === 'function' ? retry.delayMs(bo, e) : 0, 10_000);
});

test('every stage matches only objects that do not yet show its result', () => {
  const e = env();
  let p: Pod = scheduled();
  for (const name of ['pod-container-creating', 'container-start']) {
    assert.equal(stage(name).match(p, e), true, `${name} matches its input`);
    p = stage(name).next(structuredClone(p), e) as Pod;
    assert.equal(stage(name).match(p, e), false, `${name} does not match its output`);
  }
  assert.deepEqual(
    podStages.filter((s) => s.match(p, e)).map((s) => s.name),
    [],
    'a running pod is settled',
  );
  const lb: Service = {
    metadata: { name: 's' },
    spec: { type: 'LoadBalancer' },
    status: { loadBalancer: {} },
  };
  const lbOut = serviceStages[0]?.next(structuredClone(lb), { ...e, ipam: e.ipam }) as Service;
  assert.deepEqual(lbOut.status?.loadBalancer?.ingress, [{ ip: '172.18.255.200', ipMode: 'VIP' }]);
  assert.equal(serviceStages[0]?.match(lbOut, e), false);
});

test('engine on a manual clock: ContainerCreating → Running through storage; delete cancels timers', () => {
  const scheduler = new ManualScheduler(T0);
  const storage = new Storage({ clock: scheduler });
  const e: PodEnv = {
    ...env(),
    now: () => scheduler.now(),
    timestamp: () => new Date(scheduler.now()).toISOString(),
  };
  const engine = new StageEngine<Pod, PodEnv>(
    { storage, scheduler, gvr: PODS, stages: podStages, env: e },
    { keepHistory: true },
  );
  engine.start();
  const seen: string[] = [];
  storage.subscribe(PODS, (ev) => seen.push(podSummary(ev.object as Pod).status));
  storage.create(PODS, scheduled());
  assert.equal(engine.pendingCount(), 1);
  scheduler.advance(10_000);
  assert.deepEqual(seen, ['Pending', 'ContainerCreating', 'Running']);
  assert.deepEqual(
    engine.fired.map((f) => f.stage),
    ['pod-container-creating', 'container-start'],
  );
  assert.equal(engine.pendingCount(), 0);
  storage.create(PODS, { ...scheduled(), metadata: { name: 'gone', namespace: 'shop' } });
  assert.equal(engine.pendingCount(), 1);
  storage.delete(PODS, 'shop', 'gone');
  assert.equal(engine.pendingCount(), 0);
  engine.stop();
  assert.equal(storage.listenerCount(PODS), 1);
});

function snapshot(seed: number, ms: number): string {
  const scheduler = new ManualScheduler(T0);
  const c = createCluster({ scenario: 'demo', seed, scheduler });
  for (let t = 0; t < ms; t += 250) scheduler.advance(250);
  const out = JSON.stringify([PODS, DEPLOYMENTS, SERVICES].map((g) => c.storage.list(g).items));
  c.stop();
  scheduler.dispose();
  return out;
}

test('the demo cluster is deterministic for a seed, and pods settle', () => {
  const a = snapshot(42, 30_000);
  assert.equal(snapshot(42, 30_000), a, 'same seed, same cluster, byte for byte');
  assert.notEqual(snapshot(43, 30_000), a, 'another seed differs');
  const pods = (JSON.parse(a) as Pod[][])[0] ?? [];
  assert.ok(pods.length >= 17);
  const statuses = pods.map((p) => podSummary(p).status);
  assert.equal(statuses.filter((s) => s === 'Running').length >= 16, true, statuses.join(','));
  const crash = pods.find((p) => p.metadata.name?.startsWith('fraud-detector-'));
  assert.ok((crash?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1);
});

test('cluster: unknown scenario is a clear error; deployments report status', () => {
  assert.throws(
    () => createCluster({ scenario: 'nope', scheduler: new ManualScheduler() }),
    /unknown scenario "nope" \(known: demo, empty, large\)/,
  );
  const scheduler = new ManualScheduler(T0);
  const c = createCluster({ scenario: 'demo', seed: 1, scheduler });
  scheduler.advance(10_000);
  const d = c.storage.get(DEPLOYMENTS, 'shop', 'frontend') as {
    status?: Record<string, unknown>;
    metadata: { generation?: number };
  };
  assert.equal(d.status?.['readyReplicas'], 3);
  assert.equal(d.status?.['observedGeneration'], d.metadata.generation);
  const conds = (d.status?.['conditions'] as { type: string; status: string; reason: string }[]).map((x) => [
    x.type,
    x.status,
    x.reason,
  ]);
  assert.deepEqual(conds, [
    ['Available', 'True', 'MinimumReplicasAvailable'],
    ['Progressing', 'True', 'NewReplicaSetAvailable'],
  ]);
  // scaling through storage: the controller converges
  c.storage.mutate(
    DEPLOYMENTS,
    'shop',
    'frontend',
    (o) => void ((o.spec as { replicas: number }).replicas = 1),
  );
  scheduler.advance(100);
  assert.equal(
    c.storage
      .list(PODS, 'shop')
      .items.filter((p) => p.metadata.name?.startsWith('frontend-') && !p.metadata.deletionTimestamp).length,
    1,
  );
  scheduler.advance(5_000);
  assert.equal(
    c.storage.list(PODS, 'shop').items.filter((p) => p.metadata.name?.startsWith('frontend-')).length,
    1,
    'terminated pods are gone',
  );
  c.storage.delete(DEPLOYMENTS, 'shop', 'frontend');
  scheduler.advance(5_000); // the garbage collector deletes the ReplicaSet, then its pods, gracefully
  assert.equal(
    c.storage.list(PODS, 'shop').items.filter((p) => p.metadata.name?.startsWith('frontend-')).length,
    0,
  );
  c.stop();
});
