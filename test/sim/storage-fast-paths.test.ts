// The simulator's cheaper write paths (sim4, issue 10): a read-modify-write whose draft keeps the stored
// spec (Storage.mutate's `shallow`), a create of an object nobody else holds (`owned`), and the pod
// scheduler, ReplicaSet and Deployment writes that use them; an Event's name without BigInt. What clients see must not change: the JSON
// (key order included), resourceVersions and managedFields are those of the full copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cloneObject, Storage } from '../../src/sim/storage/index.js';
import { shallowDraft } from '../../src/sim/storage/copy.js';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import {
  CONTROLLERREVISIONS,
  DAEMONSETS,
  DEPLOYMENTS,
  EVENTS,
  JOBS,
  PODS,
  REPLICASETS,
  STATEFULSETS,
} from '../../src/sim/resources.js';
import { withManagedFields, asManager } from '../../src/sim/ssa/track.js';
import { nanosHex } from '../../src/sim/controllers/events.js';
import { Rng } from '../../src/sim/rng.js';
import type { KObject } from '../../src/util/k8s.js';

const clock = { now: () => Date.UTC(2026, 0, 2, 3, 4, 5) };
type Rec = Record<string, unknown>;

const pod = (name: string): KObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'a', labels: { app: 'x' } },
    spec: {
      containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80 }] }],
      tolerations: [{ operator: 'Exists' }],
    },
    status: { phase: 'Pending' },
  }) as KObject;

const storage = (): Storage => {
  let uid = 0;
  return new Storage({ clock, admit: withManagedFields(undefined, () => clock.now()), newUid: () => `uid-${uid++}` });
};

test('shallowDraft: the same JSON and key order as cloneObject; only the named members are shallow', () => {
  const s = storage();
  const stored = asManager(s, { name: 'kcm' }).create(PODS, pod('p'));
  const full = cloneObject(stored);
  const draft = shallowDraft(stored, ['spec', 'metadata', 'nope']);
  assert.equal(JSON.stringify(draft), JSON.stringify(full));
  assert.deepEqual(Object.keys(draft), Object.keys(full));
  assert.deepEqual(Object.keys(draft.metadata), Object.keys(full.metadata));
  const spec = (draft as unknown as Rec)['spec'] as Rec;
  assert.notEqual(spec, (stored as unknown as Rec)['spec'], 'the spec itself is a copy');
  assert.equal(spec['containers'], ((stored as unknown as Rec)['spec'] as Rec)['containers'], 'its members are the stored ones');
  assert.notEqual(draft.metadata.labels, stored.metadata.labels, 'metadata is always copied');
});

test('mutate with a shallow spec stores what a full copy stores, sharing the stored spec parts', () => {
  const write = (shallow: boolean): { stored: KObject; before: KObject } => {
    const s = storage();
    const m = asManager(s, { name: 'default-scheduler', binds: true });
    const before = m.create(PODS, pod('p'));
    const stored = m.mutate(
      PODS,
      'a',
      'p',
      (d) => {
        ((d as unknown as Rec)['spec'] as Rec)['nodeName'] = 'n1';
        ((d as unknown as Rec)['status'] as Rec)['conditions'] = [{ type: 'PodScheduled', status: 'True' }];
      },
      shallow ? { shallow: ['spec'] } : {},
    );
    assert.ok(stored);
    return { stored, before };
  };
  const full = write(false);
  const fast = write(true);
  assert.equal(JSON.stringify(fast.stored), JSON.stringify(full.stored));
  const spec = (o: KObject): Rec => (o as unknown as Rec)['spec'] as Rec;
  assert.equal(spec(fast.stored)['containers'], spec(fast.before)['containers']);
  assert.equal(spec(fast.stored)['tolerations'], spec(fast.before)['tolerations']);
  assert.ok(Object.isFrozen(spec(fast.stored)));
  // a no-op is still found without a write
  const s = storage();
  s.create(PODS, pod('q'));
  assert.equal(s.mutate(PODS, 'a', 'q', () => undefined, { shallow: ['spec'] }), undefined);
  assert.equal(s.currentRV(), 1);
});

test('create with owned stores the input object itself, as a copy would be stored', () => {
  const a = storage();
  const b = storage();
  const input = pod('p');
  const copied = b.create(PODS, pod('p'));
  const owned = a.create(PODS, input, { owned: true });
  assert.equal(owned, input);
  assert.equal(JSON.stringify(owned), JSON.stringify(copied));
});

test('the large scenario through the scheduler and the workload controllers: every object as full copies write them', () => {
  // every stored object's JSON of a seeded large cluster run to all Running is compared between this
  // code and the same code with Storage.mutate's `shallow` ignored (a full copy, as before)
  const run = (ignoreShallow: boolean): Map<string, string> => {
    const scheduler = new ManualScheduler(Date.UTC(2026, 0, 2));
    const original = Storage.prototype.mutate;
    if (ignoreShallow)
      Storage.prototype.mutate = function (this: Storage, gvr, ns, name, fn, opts = {}) {
        const { shallow: _ignored, ...rest } = opts;
        void _ignored;
        return original.call(this, gvr, ns, name, fn, rest);
      };
    try {
      const c = createCluster({ scenario: 'large', size: { pods: 120, nodes: 4 }, scheduler, seed: 7 });
      for (let i = 0; i < 120; i++) scheduler.advance(1000);
      const out = new Map<string, string>();
      for (const gvr of [PODS, REPLICASETS, DEPLOYMENTS, STATEFULSETS, DAEMONSETS, JOBS, CONTROLLERREVISIONS, EVENTS])
        for (const o of c.storage.list(gvr).items)
          out.set(`${gvr.resource}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`, JSON.stringify(o));
      c.stop();
      return out;
    } finally {
      Storage.prototype.mutate = original;
    }
  };
  const fast = run(false);
  const full = run(true);
  assert.ok(fast.size > 120, `objects compared: ${fast.size}`);
  assert.deepEqual([...fast.keys()].sort(), [...full.keys()].sort());
  for (const [k, j] of fast) assert.equal(j, full.get(k), k);
  const running = [...fast.values()].filter((j) => j.includes('"phase":"Running"')).length;
  assert.ok(running >= 120, `Running pods: ${running}`);
});

test("an Event's name suffix (hex nanoseconds) without BigInt is the BigInt one", () => {
  const cases: [number, number][] = [
    [0, 0],
    [0, 5],
    [1, 0],
    [2 ** 24 - 1, 999_999],
    [2 ** 24, 0],
    [Date.UTC(2026, 0, 2), 0],
    [Date.UTC(2026, 0, 2), 999_999],
  ];
  const rng = new Rng(5);
  for (let i = 0; i < 20_000; i++) cases.push([Math.floor(rng.next() * 4e12), rng.int(1_000_000)]);
  for (const [ms, extra] of cases)
    assert.equal(nanosHex(ms, extra), (BigInt(ms) * 1_000_000n + BigInt(extra)).toString(16), `${ms} ${extra}`);
});

test('Rng.uuid draws the same UUIDs as before its hex table (the seeded streams are unchanged)', () => {
  const hex8 = (n: number): string => n.toString(16).padStart(8, '0');
  const before = (r: Rng): string => {
    const h = [hex8(r.nextU32()), hex8(r.nextU32()), hex8(r.nextU32()), hex8(r.nextU32())].join('');
    const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
    return [h.slice(0, 8), h.slice(8, 12), `4${h.slice(13, 16)}`, variant + h.slice(17, 20), h.slice(20, 32)].join('-');
  };
  for (let seed = 0; seed < 50; seed++) {
    const a = new Rng(seed, 'uid');
    const b = new Rng(seed, 'uid');
    for (let i = 0; i < 500; i++) assert.equal(a.uuid(), before(b));
  }
  assert.match(new Rng(1).uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
