// The field manager's shared sets: InternedBuilder builds, member for member and key for key, what
// Builder builds, and hands out one frozen set per distinct sequence of paths; the managedFields of a
// sequence of random writes are the same whether the shared sets are met for the first time or found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compare } from '../../src/sim/ssa/compare.js';
import { Builder, InternedBuilder, difference, union } from '../../src/sim/ssa/fieldset.js';
import { updateManagedFields } from '../../src/sim/ssa/managed-fields.js';
import type { ManagedFieldsEntry } from '../../src/sim/ssa/managed-fields.js';
import { rootShape } from '../../src/sim/ssa/schema.js';
import { Rng } from '../../src/sim/rng.js';

type Obj = Record<string, unknown>;
const POD = rootShape('v1', 'Pod');

const ELEMENTS = ['f:spec', 'f:status', 'f:a', 'f:b', 'k:{"name":"x"}', 'k:{"name":"y"}', 'v:"z"', 'i:0', 'f:c.d'];

function randomPath(rng: Rng): string[] {
  const n = 1 + rng.int(4);
  const p: string[] = [];
  for (let i = 0; i < n; i++) p.push(ELEMENTS[rng.int(ELEMENTS.length)] ?? 'f:a');
  return p;
}

test('InternedBuilder builds what Builder builds, shares one frozen set per path sequence, and copes with separators in keys', () => {
  const rng = new Rng(7);
  for (let round = 0; round < 300; round++) {
    const paths = Array.from({ length: rng.int(12) }, () => randomPath(rng));
    // a field name may hold any character, the builder's separators too
    if (round % 25 === 0) paths.push(['f:metadata', 'f:labels', 'f:odd\u0000key\u0001x']);
    const plain = new Builder();
    const a = new InternedBuilder();
    const b = new InternedBuilder();
    for (const p of paths) {
      plain.insert(p);
      a.insert(p);
      b.insert(p);
    }
    const want = plain.build();
    const got = a.build();
    assert.equal(JSON.stringify(got), JSON.stringify(want), `round ${round}`);
    assert.deepEqual(Object.keys(got), Object.keys(want));
    const again = b.build();
    assert.equal(JSON.stringify(again), JSON.stringify(want));
    if (paths.length > 0 && round % 25 !== 0) {
      assert.equal(again, got, 'the same paths give the same (shared) set');
      assert.ok(Object.isFrozen(got));
    }
    // set operations on shared (frozen) sets build new sets and leave the shared ones as they were
    const before = JSON.stringify(got);
    union(got, want);
    difference(got, want);
    difference(want, got);
    assert.equal(JSON.stringify(got), before);
  }
});

/** A pod with random status, changed at random by the next write. */
function randomPod(rng: Rng, i: number): Obj {
  const names = ['app', 'sidecar', 'init'].slice(0, 1 + rng.int(3));
  const cond = (type: string): Obj => ({
    type,
    status: rng.int(2) ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: `2026-01-01T00:00:0${rng.int(3)}Z`,
    ...(rng.int(2) ? { reason: 'ContainersNotReady', message: 'containers with unready status' } : {}),
  });
  const types = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `p-${i}`,
      namespace: 'default',
      labels: rng.int(2) ? { app: 'web' } : { app: 'web', [`k${rng.int(3)}`]: 'v' },
    },
    spec: { nodeName: 'n1', containers: names.map((name) => ({ name, image: `img:${rng.int(2)}` })) },
    status: {
      phase: ['Pending', 'Running'][rng.int(2)],
      ...(rng.int(2) ? { podIP: `10.0.0.${rng.int(4)}`, podIPs: [{ ip: `10.0.0.${rng.int(4)}` }] } : {}),
      conditions: types.filter(() => rng.int(3) > 0).map(cond),
      containerStatuses: names.map((name) => ({
        name,
        ready: rng.int(2) === 1,
        restartCount: rng.int(2),
        state: rng.int(2) ? { running: { startedAt: '2026-01-01T00:00:01Z' } } : { waiting: { reason: 'ContainerCreating' } },
      })),
    },
  };
}

function replay(seed: number): ManagedFieldsEntry[][] {
  const rng = new Rng(seed);
  const out: ManagedFieldsEntry[][] = [];
  for (let i = 0; i < 60; i++) {
    let live: Obj | undefined;
    for (let step = 0; step < 6; step++) {
      const next = randomPod(rng, i);
      const manager = ['kubelet', 'kube-controller-manager', 'kubectl-edit'][rng.int(3)] ?? 'kubelet';
      const sub = manager === 'kubelet' ? 'status' : undefined;
      if (live) (next['metadata'] as Obj)['managedFields'] = (live['metadata'] as Obj)['managedFields'];
      const entries = updateManagedFields(live, next, {
        manager,
        hasStatus: true,
        time: `2026-01-01T00:0${step}:00Z`,
        ...(sub ? { subresource: sub } : {}),
      });
      (next['metadata'] as Obj)['managedFields'] = entries;
      out.push(entries);
      live = next;
    }
  }
  return out;
}

test('managedFields of random writes are the same when their sets are built anew and when they are found shared', () => {
  const first = JSON.stringify(replay(11)); // many sets met for the first time
  const second = JSON.stringify(replay(11)); // the same writes: every set found
  assert.equal(second, first);
  // and compare() of two random pods equals the sets a plain Builder makes of the same walk
  const rng = new Rng(3);
  for (let i = 0; i < 100; i++) {
    const a = randomPod(rng, 1);
    const b = randomPod(rng, 1);
    const c1 = compare(a, b, POD);
    const c2 = compare(structuredClone(a), structuredClone(b), POD);
    assert.equal(JSON.stringify(c2), JSON.stringify(c1));
    for (const s of [c1.added, c1.modified, c1.removed]) assert.ok(Object.isFrozen(s));
  }
});
