// Issue 10 on the simulator's side: a realistic corpus (pods of 4 KB and more), the large scenario's
// 1,000 nodes, Events kept bounded, the scheduler's node usage kept from pod events, and the storage
// changes that make 100,000 pods affordable (keys merged into the sorted order, equal parts of pods
// shared, a bounded JSON cache) keeping what storage promised before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import { EVENTS, NAMESPACES, NODES, PODS } from '../../src/sim/resources.js';
import { EventRecorder } from '../../src/sim/controllers/events.js';
import { largeScenario } from '../../src/sim/scenarios/large.js';
import { objectJson, Storage } from '../../src/sim/storage/index.js';
import type { KObject, Pod } from '../../src/util/k8s.js';

const T0 = Date.UTC(2026, 0, 1, 12);

test('large: pods shaped like real ones, a mean of at least 4 KB of JSON with managedFields', () => {
  const s = new ManualScheduler(T0);
  const c = createCluster({ scenario: 'large', size: { pods: 300, nodes: 4 }, scheduler: s });
  const pods = (): Pod[] => c.storage.list(PODS).items as Pod[];
  for (let i = 0; i < 60 && pods().filter((p) => p.status?.phase === 'Running').length < 300; i++) s.advance(5_000);
  const all = pods();
  assert.equal(all.filter((p) => p.status?.phase === 'Running').length, 300);
  const mean = all.reduce((n, p) => n + Buffer.byteLength(objectJson(p)), 0) / all.length;
  assert.ok(mean >= 4096, `mean pod JSON ${mean.toFixed(0)} B`);
  const svc = all.find((p) => p.metadata.name?.startsWith('svc-'));
  assert.ok(svc, 'a Deployment pod');
  const c0 = svc.spec?.containers[0];
  assert.ok((c0?.env?.length ?? 0) >= 3 && c0?.readinessProbe && (c0.volumeMounts?.length ?? 0) >= 2);
  assert.ok((svc.spec?.tolerations?.length ?? 0) >= 2);
  const managers = (svc.metadata.managedFields as { manager: string }[] | undefined)?.map((m) => m.manager);
  assert.deepEqual(managers, ['kube-controller-manager', 'kubelet']);
  assert.equal(svc.status?.conditions?.length, 5);
  c.stop();
  s.dispose();
});

test('large: up to 1,000 nodes, each with its own pod CIDR', () => {
  const sc = largeScenario({ pods: 100_000, nodes: 1000 });
  assert.equal(sc.nodes.length, 1000);
  const s = new ManualScheduler(T0);
  const c = createCluster({ scenario: 'large', size: { pods: 0, nodes: 1000 }, scheduler: s, events: false });
  const nodes = c.storage.list(NODES).items as (KObject & { spec?: { podCIDR?: string } })[];
  assert.equal(nodes.length, 1000);
  const cidrs = new Set(nodes.map((n) => n.spec?.podCIDR));
  assert.equal(cidrs.size, 1000);
  for (const cidr of cidrs) assert.match(cidr ?? '', /^10\.24[4-7]\.\d{1,3}\.0\/24$/);
  assert.ok(cidrs.has('10.244.0.0/24') && cidrs.has('10.244.255.0/24') && cidrs.has('10.247.231.0/24'));
  c.stop();
  s.dispose();
});

test('Events are bounded: beyond maxEvents the least recently recorded one is deleted; repeats count as recent', () => {
  const s = new ManualScheduler(T0);
  const storage = new Storage({ clock: s });
  storage.create(NAMESPACES, { metadata: { name: 'default' } });
  const rec = new EventRecorder(storage, s, undefined, true, 3);
  const obj = (name: string): KObject => ({ kind: 'Pod', apiVersion: 'v1', metadata: { name, namespace: 'default', uid: name } });
  const src = { component: 'kubelet' };
  rec.emit(obj('a'), 'Normal', 'Pulled', 'x', src);
  rec.emit(obj('b'), 'Normal', 'Pulled', 'x', src);
  rec.emit(obj('c'), 'Normal', 'Pulled', 'x', src);
  rec.emit(obj('a'), 'Normal', 'Pulled', 'x', src); // a repeat: count 2, now the most recent
  rec.emit(obj('d'), 'Normal', 'Pulled', 'x', src);
  const names = (): string[] =>
    (storage.list(EVENTS).items as (KObject & { involvedObject: { name: string }; count: number })[]).map(
      (e) => `${e.involvedObject.name}×${e.count}`,
    ).sort();
  assert.deepEqual(names(), ['a×2', 'c×1', 'd×1']);
  rec.emit(obj('e'), 'Normal', 'Pulled', 'x', src);
  assert.deepEqual(names(), ['a×2', 'd×1', 'e×1']);
  rec.emit(obj('b'), 'Normal', 'Pulled', 'x', src); // b's old Event is gone: a new one
  assert.deepEqual(names(), ['b×1', 'd×1', 'e×1']);
  s.dispose();
});

test('the default cluster keeps at most 10,000 Events', () => {
  const s = new ManualScheduler(T0);
  const c = createCluster({ scenario: 'large', size: { pods: 2500, nodes: 25 }, scheduler: s });
  for (let i = 0; i < 60 && c.storage.count(EVENTS) < 10_000; i++) s.advance(5_000);
  assert.equal(c.storage.count(EVENTS), 10_000, 'full, not over');
  c.stop();
  s.dispose();
});

test('the scheduler counts pods bound by anyone and freed by deletion, without re-listing pods', () => {
  const s = new ManualScheduler(T0);
  const c = createCluster({ scenario: 'empty', scheduler: s, events: false });
  const pod = (name: string, nodeName?: string): Pod => ({
    metadata: { name, namespace: 'default' },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '3' } } }],
    },
  });
  // the worker has 4 CPUs: a pod bound directly takes 3 of them, so the next one cannot fit
  c.storage.create(PODS, pod('direct', 'kubedeck-worker') as KObject);
  c.storage.create(PODS, pod('waiting') as KObject);
  s.advance(1000);
  const waiting = (): Pod => c.storage.get(PODS, 'default', 'waiting') as Pod;
  assert.equal(waiting().spec?.nodeName, undefined);
  assert.match(
    waiting().status?.conditions?.find((x) => x.type === 'PodScheduled')?.message ?? '',
    /Insufficient cpu/,
  );
  c.storage.delete(PODS, 'default', 'direct');
  s.advance(1000);
  assert.equal(waiting().spec?.nodeName, 'kubedeck-worker');
  c.stop();
  s.dispose();
});

test('storage: new keys merge into the sorted order; equal parts of pods are one frozen object; lists stay right', () => {
  const s = new ManualScheduler(T0);
  const st = new Storage({ clock: s });
  const spec = { containers: [{ name: 'c', image: 'nginx', env: [{ name: 'A', value: '1' }] }] };
  const mk = (ns: string, name: string): KObject =>
    ({ metadata: { name, namespace: ns, labels: { app: 'x' } }, spec: structuredClone(spec) }) as KObject;
  st.create(PODS, mk('b', 'p2'));
  assert.deepEqual(st.sortedKeys(PODS), ['b/p2']);
  const before = st.sortedKeys(PODS);
  for (const [ns, n] of [['a', 'p9'], ['c', 'p0'], ['b', 'p1'], ['b', 'p3']] as const) st.create(PODS, mk(ns, n));
  assert.deepEqual(before, ['b/p2'], 'a snapshot is never changed');
  assert.deepEqual(st.sortedKeys(PODS), ['a/p9', 'b/p1', 'b/p2', 'b/p3', 'c/p0']);
  assert.deepEqual(st.list(PODS, 'b').items.map((o) => o.metadata.name), ['p1', 'p2', 'p3']);
  st.delete(PODS, 'b', 'p2');
  st.create(PODS, mk('b', 'p0'));
  assert.deepEqual(st.sortedKeys(PODS), ['a/p9', 'b/p0', 'b/p1', 'b/p3', 'c/p0']);

  const p1 = st.get(PODS, 'b', 'p1') as Pod;
  const p3 = st.get(PODS, 'b', 'p3') as Pod;
  assert.equal(p1.spec?.containers, p3.spec?.containers, 'one containers array for both');
  assert.equal(p1.metadata.labels, p3.metadata.labels);
  assert.ok(Object.isFrozen(p1.spec?.containers[0]));
  // a write to one pod's shared part changes that pod only
  st.mutate(PODS, 'b', 'p1', (d) => {
    const c = (d as Pod).spec?.containers[0];
    if (c) c.image = 'nginx:2';
  });
  assert.equal((st.get(PODS, 'b', 'p1') as Pod).spec?.containers[0]?.image, 'nginx:2');
  assert.equal((st.get(PODS, 'b', 'p3') as Pod).spec?.containers[0]?.image, 'nginx');
  // a status write keeps the previous version's spec parts
  const old = st.get(PODS, 'b', 'p3') as Pod;
  st.mutate(PODS, 'b', 'p3', (d) => void ((d as Pod).status = { phase: 'Running' }));
  assert.equal((st.get(PODS, 'b', 'p3') as Pod).spec?.containers, old.spec?.containers);
  assert.equal(objectJson(st.get(PODS, 'b', 'p3') as KObject), JSON.stringify(st.get(PODS, 'b', 'p3')));
  s.dispose();
});
