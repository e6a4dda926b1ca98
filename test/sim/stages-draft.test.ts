// The kubelet's write drafts and the pod stages' container-ref caches: a status draft is a copy as deep as
// the stages change it (and no deeper: the rest stays the stored, frozen parts), and all()/running() of
// a stored pod are that pod's, whichever pod was asked about before.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusDraft } from '../../src/sim/kubelet/engine.js';
import { setCondition } from '../../src/sim/kubelet/pod-status.js';
import { all, running } from '../../src/sim/stages/pod-timing.js';
import { deepFreeze } from '../../src/sim/storage/change.js';
import type { ContainerStatus, Pod } from '../../src/util/k8s.js';

const TS = '2026-01-01T12:00:00Z';
const RUNNING = { running: { startedAt: TS } };
const WAITING = { waiting: { reason: 'ContainerCreating' } };

function pod(name: string, states: ContainerStatus['state'][]): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: {
      nodeName: 'node-1',
      containers: states.map((_, i) => ({ name: `c${i}`, image: 'nginx:1.27' })),
    },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: TS },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: TS },
      ],
      containerStatuses: states.map((state, i) => ({
        name: `c${i}`,
        image: 'nginx:1.27',
        imageID: '',
        ready: true,
        restartCount: 0,
        state,
        lastState: {},
      })),
      podIP: '10.244.0.7',
      podIPs: [{ ip: '10.244.0.7' }],
    },
  } as Pod;
}

const names = (refs: readonly { spec: { name: string } }[]): string[] => refs.map((r) => r.spec.name);

test('a status draft: the status, its lists and their container items are copies; the rest (conditions too) is the stored parts', () => {
  const stored = deepFreeze(pod('p', [RUNNING, WAITING]));
  const before = JSON.stringify(stored);
  const d = statusDraft(stored) as Pod;
  const st = d.status as NonNullable<Pod['status']>;
  const conds = st.conditions ?? [];
  const cs = st.containerStatuses ?? [];
  const storedCs = stored.status?.containerStatuses ?? [];
  assert.equal(JSON.stringify(d), before, 'the same object');
  assert.equal(d.spec, stored.spec, 'the spec is the stored one');
  for (const part of [d.metadata, st, conds, cs, cs[0], st.podIPs])
    assert.ok(part && !Object.isFrozen(part), 'changeable');
  assert.notEqual(cs[0], storedCs[0]);
  assert.equal(conds[0], stored.status?.conditions?.[0], 'a condition is the stored one (stages replace conditions)');
  assert.equal(cs[0]?.state, storedCs[0]?.state, 'a container state is the stored (frozen) one');
  assert.equal(st.podIPs?.[0], stored.status?.podIPs?.[0], 'an IP item is the stored one');
  // what the stages do: replace states and conditions, set fields of container statuses, add to lists
  conds[0] = { ...(conds[0] as NonNullable<typeof conds[0]>), status: 'False', reason: 'ContainersNotReady' };
  if (cs[1]) {
    cs[1].state = { running: { startedAt: TS } };
    cs[1].ready = false;
  }
  st.podIPs?.push({ ip: 'fd00::7' });
  assert.equal(JSON.stringify(stored), before, 'the stored pod did not change');
  assert.equal(conds[0]?.status, 'False');
  assert.ok(cs[1]?.state?.running);
  // a stored part changed in place would be a bug: it is frozen, so it throws instead of going unnoticed
  assert.throws(() => {
    (cs[0]?.state?.running as { startedAt?: string }).startedAt = 'later';
  }, TypeError);
  assert.throws(() => Object.assign(d.status?.conditions?.[1] ?? {}, { status: 'False' }), TypeError, 'a condition changed in place throws');
});

test('all() and running() of a stored pod are its own, after asking about another pod and for a changing draft', () => {
  const p1 = deepFreeze(pod('p1', [RUNNING, WAITING]));
  const p2 = deepFreeze(pod('p2', [WAITING, WAITING, RUNNING]));
  assert.deepEqual(names(running(p1)), ['c0']);
  assert.deepEqual(names(all(p1)), ['c0', 'c1']);
  assert.deepEqual(names(running(p2)), ['c2']);
  assert.deepEqual(names(all(p2)), ['c0', 'c1', 'c2']);
  assert.deepEqual(names(running(p1)), ['c0'], 'p1 again, not p2 kept');
  assert.deepEqual(names(all(p1)), ['c0', 'c1']);
  // a draft (not frozen) is read afresh each time: the stages change it between calls
  const d = statusDraft(p1) as Pod;
  assert.deepEqual(names(running(d)), ['c0']);
  const cs = d.status?.containerStatuses?.[1];
  if (cs) cs.state = { running: { startedAt: TS } };
  assert.deepEqual(names(running(d)), ['c0', 'c1']);
  assert.deepEqual(names(running(p1)), ['c0'], 'the stored pod is unchanged');
});

test('setCondition keeps an unchanged condition as the stored object; a change (or another order of members) replaces it', () => {
  const stored = deepFreeze(pod('p', [RUNNING]));
  const d = statusDraft(stored) as Pod;
  const conds = d.status?.conditions ?? [];
  const ready = conds[0];
  setCondition(d, 'Ready', 'True', 'later');
  assert.equal(conds[0], ready, 'the same status: the stored condition, its transition time kept');
  setCondition(d, 'Ready', 'False', 'later', 'ContainersNotReady', 'containers with unready status: [c0]');
  assert.notEqual(conds[0], ready);
  assert.deepEqual({ ...conds.find((c) => c.type === 'Ready') }, {
    type: 'Ready',
    status: 'False',
    lastProbeTime: null,
    lastTransitionTime: 'later',
    reason: 'ContainersNotReady',
    message: 'containers with unready status: [c0]',
  });
  const notReady = conds.find((c) => c.type === 'Ready');
  setCondition(d, 'Ready', 'False', 'even later', 'ContainersNotReady', 'containers with unready status: [c0]');
  assert.equal(conds.find((c) => c.type === 'Ready'), notReady, 'the same again: kept');
  // a condition written elsewhere with its members in another order is written again in the kubelet's
  const odd = deepFreeze({ status: 'True', type: 'PodScheduled', lastTransitionTime: TS, lastProbeTime: null });
  const i = conds.findIndex((c) => c.type === 'PodScheduled');
  conds[i] = odd as (typeof conds)[number];
  setCondition(d, 'PodScheduled', 'True', 'later');
  assert.notEqual(conds.find((c) => c.type === 'PodScheduled'), odd);
  assert.deepEqual(Object.keys(conds.find((c) => c.type === 'PodScheduled') ?? {}), ['type', 'status', 'lastProbeTime', 'lastTransitionTime']);
});
