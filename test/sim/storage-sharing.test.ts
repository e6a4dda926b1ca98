// Structural sharing in the simulator's storage (issue 10, the large scenario at 100k pods): a write keeps
// the parts it did not change as the stored version's objects, the field manager hands out one field set
// per create structure, the kubelet's status writes keep the pod's spec, namespace lists stay exact, and
// kube-scheduler's number of feasible nodes to find. What clients see must not change: the JSON, the
// resourceVersions and the managedFields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Storage } from '../../src/sim/storage/index.js';
import { jsonEqual } from '../../src/sim/storage/reshare.js';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import { feasibleToFind } from '../../src/sim/controllers/scheduler.js';
import { DEPLOYMENTS, EVENTS, PODS, REPLICASETS } from '../../src/sim/resources.js';
import { withManagedFields } from '../../src/sim/ssa/track.js';
import type { KObject, Pod } from '../../src/util/k8s.js';

const POD_GVR = { group: '', version: 'v1', resource: 'pods' };
const clock = { now: () => Date.UTC(2026, 0, 2, 3, 4, 5) };
type Rec = Record<string, unknown>;
interface Entry {
  manager?: string;
  subresource?: string;
  fieldsV1?: unknown;
}
const mf = (o: KObject): Entry[] => (o.metadata.managedFields ?? []) as Entry[];

const pod = (name: string, ns = 'a'): KObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: { app: 'x' } },
    spec: { containers: [{ name: 'app', image: 'nginx', env: [{ name: 'A', value: '1' }] }] },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] },
  }) as KObject;

test('jsonEqual is JSON.stringify equality (key order, undefined members, arrays) without serialising', () => {
  const cases: [unknown, unknown][] = [
    [{ a: 1, b: [1, { c: 'x' }] }, { a: 1, b: [1, { c: 'x' }] }],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }],
    [{ a: 1, u: undefined }, { a: 1 }],
    [{ a: [1, 2] }, { a: [1, 2, 3] }],
    [{ a: null }, { a: {} }],
    [{ a: {} }, { a: [] }],
    [[{ x: 1 }], [{ x: '1' }]],
    ['s', 's'],
    [{ a: { b: { c: true } } }, { a: { b: { c: false } } }],
  ];
  for (const [a, b] of cases) assert.equal(jsonEqual(a, b), JSON.stringify(a) === JSON.stringify(b), JSON.stringify([a, b]));
});

test('a status write keeps every unchanged part of the stored version (spec, labels), and clients see the same JSON', () => {
  const s = new Storage({ clock, admit: withManagedFields(undefined, clock.now) });
  const v1 = s.create(POD_GVR, pod('p'), { manager: { name: 'kube-controller-manager' } });
  const seen: KObject[] = [];
  s.subscribe(POD_GVR, (ev) => void seen.push(ev.object));
  const v2 = s.mutate(
    POD_GVR,
    'a',
    'p',
    (d) => {
      (d as Pod).status = { ...(d as Pod).status, phase: 'Running' };
    },
    { manager: { name: 'kubelet', subresource: 'status' } },
  );
  assert.ok(v2);
  const r1 = v1 as unknown as Rec;
  const r2 = v2 as unknown as Rec;
  assert.equal(r2['spec'], r1['spec'], 'the spec is the stored version’s object');
  assert.equal(v2.metadata.labels, v1.metadata.labels);
  assert.equal((r2['status'] as Rec)['conditions'], (r1['status'] as Rec)['conditions']);
  assert.ok(Object.isFrozen(v2) && Object.isFrozen(r2['status']));
  assert.equal(seen[0], v2, 'the watcher gets the stored object');
  // the JSON is what a deep copy would have given
  const expected = JSON.parse(JSON.stringify(v1)) as Rec & { status: Rec; metadata: Rec };
  expected.status.phase = 'Running';
  const got = JSON.parse(JSON.stringify(v2)) as Rec & { metadata: Rec };
  assert.deepEqual({ ...got, metadata: { ...got.metadata, managedFields: undefined, resourceVersion: undefined } }, {
    ...expected,
    metadata: { ...expected.metadata, managedFields: undefined, resourceVersion: undefined },
  });
  assert.equal(v2.metadata.resourceVersion, String(Number(v1.metadata.resourceVersion) + 1));
  const managers = mf(v2).map((e) => `${e.manager}/${e.subresource ?? ''}`);
  assert.deepEqual(managers, ['kube-controller-manager/', 'kubelet/status']);
  // the kubelet owns the phase it set; a change nobody made is no write
  assert.match(JSON.stringify(mf(v2)[1]?.fieldsV1), /"f:phase"/);
  assert.equal(s.mutate(POD_GVR, 'a', 'p', () => undefined), undefined);
});

test('creates of the same structure share one managedFields field set; a different list gives another', () => {
  const s = new Storage({ clock, admit: withManagedFields(undefined, clock.now) });
  const mgr = { manager: { name: 'kube-controller-manager' } };
  const a = s.create(POD_GVR, pod('a1'), mgr);
  const b = s.create(POD_GVR, pod('b1', 'b'), mgr);
  assert.equal(mf(a)[0]?.fieldsV1, mf(b)[0]?.fieldsV1);
  const other = pod('c1');
  (other as unknown as { spec: { containers: unknown[] } }).spec.containers = [{ name: 'web', image: 'nginx' }];
  const c = s.create(POD_GVR, other, mgr);
  const fc = JSON.stringify(mf(c)[0]?.fieldsV1);
  assert.match(fc, /k:\{\\"name\\":\\"web\\"\}/);
  assert.doesNotMatch(fc, /f:env/);
  assert.match(JSON.stringify(mf(a)[0]?.fieldsV1), /k:\{\\"name\\":\\"app\\"\}.*f:env/);
});

test('namespace lists stay sorted and exact while objects come and go in several namespaces', () => {
  const s = new Storage({ clock });
  const all = new Set<string>();
  const expect = (ns: string): string[] => [...all].filter((k) => k.startsWith(`${ns}/`)).sort();
  const names = (ns: string): string[] =>
    s.list(POD_GVR, ns).items.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`);
  for (let i = 0; i < 60; i++) {
    const ns = `ns-${i % 3}`;
    const name = `p-${(i * 37) % 101}`;
    s.create(POD_GVR, pod(name, ns));
    all.add(`${ns}/${name}`);
    if (i % 7 === 0) assert.deepEqual(names(ns), expect(ns));
    if (i % 11 === 5) {
      const victim = expect(ns)[0] ?? '';
      s.delete(POD_GVR, ns, victim.slice(victim.indexOf('/') + 1));
      all.delete(victim);
    }
  }
  for (const ns of ['ns-0', 'ns-1', 'ns-2', 'ns-3']) assert.deepEqual(names(ns), expect(ns));
  assert.deepEqual(s.list(POD_GVR).items.length, all.size);
});

test('feasibleToFind: every node under 100, else kube-scheduler’s adaptive share, at least 100', () => {
  assert.equal(feasibleToFind(0), 0);
  assert.equal(feasibleToFind(99), 99);
  assert.equal(feasibleToFind(100), 100);
  assert.equal(feasibleToFind(300), 144); // 50 - 300/125 (integer) = 48%
  assert.equal(feasibleToFind(1000), 420); // 42%
  assert.equal(feasibleToFind(5000), 500); // 10%
  assert.equal(feasibleToFind(10_000), 500); // 5% floor
});

test('the kubelet’s status writes keep the pod’s spec; its field sets share the parts that do not name the pod’s IPs', () => {
  const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
  const sched = new ManualScheduler(T0);
  const c = createCluster({ scenario: 'empty', seed: 3, scheduler: sched });
  try {
    const specs: unknown[] = [];
    c.storage.subscribe(PODS, (ev) => {
      const p = ev.object as Pod;
      if (p.spec?.nodeName) specs.push(p.spec);
    });
    for (const name of ['p1', 'p2'])
      c.storage.create(PODS, {
        metadata: { name, namespace: 'default' },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
      });
    for (let i = 0; i < 60 && !bothRunning(c); i++) sched.advance(1000);
    assert.ok(bothRunning(c), 'both pods Running');
    const p1 = c.storage.get(PODS, 'default', 'p1') as Pod;
    const p2 = c.storage.get(PODS, 'default', 'p2') as Pod;
    const mine = specs.filter((sp) => sp === p1.spec);
    assert.ok(mine.length >= 3, `the bound spec object is kept by the kubelet's writes (${mine.length} versions)`);
    const kubelet = (p: Pod): Rec =>
      (mf(p).find((e) => e.manager === 'kubelet')?.fieldsV1 ?? {}) as Rec;
    const st1 = kubelet(p1)['f:status'] as Rec;
    const st2 = kubelet(p2)['f:status'] as Rec;
    assert.ok(st1['f:conditions'] !== undefined && st1['f:podIPs'] !== undefined);
    assert.equal(st1['f:conditions'], st2['f:conditions'], 'one stored f:conditions for both pods');
    assert.equal(st1['f:containerStatuses'], st2['f:containerStatuses']);
    assert.notDeepEqual(st1['f:podIPs'], st2['f:podIPs'], 'each pod owns its own IP');
    assert.ok((c.storage.list(EVENTS, 'default').items.length ?? 0) > 0);
  } finally {
    c.stop();
    sched.dispose();
  }
});

function bothRunning(c: ReturnType<typeof createCluster>): boolean {
  return ['p1', 'p2'].every((n) => (c.storage.get(PODS, 'default', n) as Pod | undefined)?.status?.phase === 'Running');
}

test('a ReplicaSet’s pod template shares its Deployment’s stored parts, and its pods share the ReplicaSet’s', () => {
  const sched = new ManualScheduler(Date.UTC(2026, 0, 1, 12, 0, 0));
  const c = createCluster({ scenario: 'large', size: { pods: 60, nodes: 3 }, seed: 3, scheduler: sched });
  try {
    sched.advance(5_000);
    type Tpl = { metadata?: Rec; spec?: Rec };
    const template = (o: KObject): Tpl => ((o as unknown as { spec?: { template?: Tpl } }).spec?.template ?? {});
    const deployments = c.storage.list(DEPLOYMENTS).items;
    assert.ok(deployments.length >= 3);
    let pods = 0;
    for (const d of deployments) {
      const rs = c.storage
        .list(REPLICASETS, d.metadata.namespace)
        .items.find((r) => r.metadata.ownerReferences?.[0]?.uid === d.metadata.uid);
      assert.ok(rs, `the ReplicaSet of ${d.metadata.name ?? ''}`);
      const dt = template(d);
      const rt = template(rs);
      for (const part of ['containers', 'volumes', 'tolerations'])
        assert.equal(rt.spec?.[part], dt.spec?.[part], `${rs.metadata.name ?? ''}: spec.template.spec.${part} is the Deployment's`);
      for (const p of c.storage.list(PODS, d.metadata.namespace).items as Pod[]) {
        if (p.metadata.ownerReferences?.[0]?.uid !== rs.metadata.uid) continue;
        pods++;
        const spec = p.spec as unknown as Rec;
        for (const part of ['containers', 'volumes', 'tolerations'])
          assert.equal(spec[part], rt.spec?.[part], `${p.metadata.name ?? ''}: spec.${part} is its ReplicaSet template's`);
        assert.equal(p.metadata.labels, rt.metadata?.['labels'], 'labels');
        // the field manager's sets too: the pod's create names the template's container fields
        const kcm = (o: KObject): Rec => (mf(o).find((e) => e.manager === 'kube-controller-manager' && !e.subresource)?.fieldsV1 ?? {}) as Rec;
        const sub = (f: Rec, ...path: string[]): unknown => path.reduce<Rec | undefined>((n, k) => n?.[k] as Rec | undefined, f);
        assert.equal(
          sub(kcm(p), 'f:spec', 'f:containers'),
          sub(kcm(rs), 'f:spec', 'f:template', 'f:spec', 'f:containers'),
          'managedFields: the pod’s f:spec.f:containers is its ReplicaSet’s f:spec.f:template.f:spec.f:containers',
        );
      }
    }
    assert.ok(pods >= 20, `pods checked (${pods})`);
  } finally {
    c.stop();
    sched.dispose();
  }
});
