// The demo scenario shows every state a newcomer meets, deterministically for a seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import { DEPLOYMENTS, ENDPOINTS, EVENTS, JOBS, NAMESPACES, NODES, PODS, REPLICASETS } from '../../src/sim/resources.js';
import type { SimEvent } from '../../src/sim/controllers/events.js';
import type { Job } from '../../src/sim/controllers/job.js';
import { podSummary } from '../../src/util/printers.js';
import type { KObject, Pod } from '../../src/util/k8s.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

test('demo: six team namespaces with healthy, failing, pending, terminating and completed workloads', () => {
  const s = new ManualScheduler(T0);
  const c = createCluster({ scenario: 'demo', seed: 7, scheduler: s });
  for (let t = 0; t < 120_000; t += 1000) s.advance(1000);
  const teams = c.storage
    .list(NAMESPACES)
    .items.filter((n) => !/^kube-|^default$/.test(n.metadata.name ?? ''));
  assert.ok(teams.length >= 6, teams.map((n) => n.metadata.name).join());
  assert.equal(c.storage.list(NODES).items.length, 3);
  const pods = c.storage.list(PODS).items as Pod[];
  const status = (p: Pod): string => (p.metadata.deletionTimestamp ? 'Terminating' : podSummary(p).status);
  const seen = new Set(pods.map(status));
  for (const want of [
    'Running',
    'CrashLoopBackOff',
    'ImagePullBackOff',
    'Pending',
    'Completed',
    'Error',
    'Terminating',
  ])
    assert.ok(seen.has(want), `${want} in ${[...seen].join(', ')}`);
  const pending = pods.find((p) => p.metadata.name?.startsWith('ml-trainer-'));
  assert.equal(pending?.status?.conditions?.find((x) => x.type === 'PodScheduled')?.reason, 'Unschedulable');
  const evs = c.storage.list(EVENTS).items as SimEvent[];
  assert.ok(
    evs.some((e) => e.reason === 'FailedScheduling' && e.involvedObject.name === pending?.metadata.name),
  );
  assert.ok(evs.some((e) => e.reason === 'BackOff' && e.type === 'Warning'));
  const etl = pods.find((p) => p.metadata.name?.startsWith('etl-'));
  assert.equal(etl?.status?.containerStatuses?.[0]?.lastState?.terminated?.reason, 'OOMKilled');
  const cp = pods
    .filter(
      (p) => p.spec?.nodeName === 'kubedeck-control-plane' && p.metadata.labels?.['tier'] === 'control-plane',
    )
    .map((p) => p.metadata.name);
  assert.equal(
    pods.filter((p) => p.metadata.labels?.['k8s-app'] === 'kindnet').length,
    3,
    'kindnet on every node',
  );
  assert.deepEqual(cp.sort(), [
    'etcd-kubedeck-control-plane',
    'kube-apiserver-kubedeck-control-plane',
    'kube-controller-manager-kubedeck-control-plane',
    'kube-scheduler-kubedeck-control-plane',
  ]);
  const jobs = new Map(
    (c.storage.list(JOBS).items as Job[]).map((j) => [
      j.metadata.name,
      j.status?.conditions?.map((x) => x.type).pop(),
    ]),
  );
  assert.equal(jobs.get('db-migrate'), 'Complete');
  assert.equal(jobs.get('report-export'), 'Failed');
  assert.equal(jobs.get('thumbnails'), undefined, 'still running');
  const ep = c.storage.get(ENDPOINTS, 'shop', 'frontend') as KObject & {
    subsets?: { addresses?: unknown[] }[];
  };
  assert.equal(ep.subsets?.[0]?.addresses?.length, 3);
  c.stop();
  s.dispose();
});

test('stop() leaves no timers and no storage listeners behind', () => {
  const s = new ManualScheduler(T0);
  const c = createCluster({ scenario: 'demo', seed: 1, scheduler: s });
  s.advance(5_000);
  c.stop();
  assert.equal(s.pendingCount(), 0, 'timers');
  for (const id of c.storage.resources()) {
    const [group, version, resource] = id.split('/').length === 3 ? id.split('/') : ['', ...id.split('/')];
    assert.equal(
      c.storage.listenerCount({ group: group ?? '', version: version ?? '', resource: resource ?? '' }),
      0,
      id,
    );
  }
  s.dispose();
});

test('demo: the control plane\'s static pods are Running and Ready in the first frame, as old as the cluster', () => {
  const s = new ManualScheduler(Date.parse('2026-03-01T12:00:00Z'));
  const c = createCluster({ scenario: 'demo', seed: 3, scheduler: s });
  try {
    const now = s.now();
    const statics = (c.storage.list(PODS).items as Pod[]).filter((p) => p.metadata.labels?.['tier'] === 'control-plane');
    assert.equal(statics.length, 4);
    for (const p of statics) {
      const sum = podSummary(p);
      assert.equal(sum.status, 'Running', p.metadata.name);
      assert.equal(sum.ready, '1/1', p.metadata.name);
      const age = now - Date.parse(p.metadata.creationTimestamp ?? '');
      assert.ok(age > 10 * 86_400_000, `${p.metadata.name} is days old`);
      const started = Date.parse(p.status?.containerStatuses?.[0]?.state?.running?.startedAt ?? '');
      assert.ok(now - started > 10 * 86_400_000 && started >= Date.parse(p.metadata.creationTimestamp ?? ''), 'running since it was created');
      assert.equal(p.status?.podIP, p.status?.hostIP, 'host network');
    }
    // and the kubelet leaves them running
    s.advance(120_000);
    for (const p of c.storage.list(PODS).items as Pod[]) {
      if (p.metadata.labels?.['tier'] === 'control-plane') assert.equal(podSummary(p).status, 'Running');
    }
  } finally {
    c.stop();
  }
});

test('demo: ReplicaSets and pods are as old as their days-old Deployments; what comes later is new', () => {
  const s = new ManualScheduler(Date.parse('2026-03-01T12:00:00Z'));
  const c = createCluster({ scenario: 'demo', seed: 5, scheduler: s });
  try {
    for (let t = 0; t < 5_000; t += 500) s.advance(500);
    const frontend = c.storage.get(DEPLOYMENTS, 'shop', 'frontend');
    const born = frontend?.metadata.creationTimestamp ?? '';
    assert.ok(s.now() - Date.parse(born) > 5 * 86_400_000, `frontend is days old: ${born}`);
    const rs = c.storage.list(REPLICASETS).items.filter((r) => r.metadata.ownerReferences?.[0]?.uid === frontend?.metadata.uid);
    assert.equal(rs.length, 1);
    assert.equal(rs[0]?.metadata.creationTimestamp, born, 'its ReplicaSet');
    const pods = (c.storage.list(PODS).items as Pod[]).filter((p) => p.metadata.ownerReferences?.[0]?.uid === rs[0]?.metadata.uid);
    assert.equal(pods.length, 3);
    for (const p of pods) assert.equal(p.metadata.creationTimestamp, born, `pod ${p.metadata.name}`);
    // after the cluster settled, a replaced pod is born now
    for (let t = 0; t < 20_000; t += 1000) s.advance(1000);
    const victim = pods[0]!;
    c.storage.delete(PODS, 'shop', victim.metadata.name ?? '');
    for (let t = 0; t < 5_000; t += 500) s.advance(500);
    const fresh = (c.storage.list(PODS).items as Pod[]).filter(
      (p) => p.metadata.ownerReferences?.[0]?.uid === rs[0]?.metadata.uid && !pods.some((o) => o.metadata.uid === p.metadata.uid),
    );
    assert.equal(fresh.length, 1, 'the ReplicaSet replaced the pod');
    assert.ok(s.now() - Date.parse(fresh[0]?.metadata.creationTimestamp ?? '') < 10_000, 'the replacement is new');
  } finally {
    c.stop();
  }
});
