// The ephemeral-container stages (src/sim/stages/pod-ephemeral.ts) as golden input → output pairs: a
// new ephemeral container in a Running pod is started with the kubelet's Events on its field path; one
// without stdin ends as its command says; one with stdin is left to its attached shell; none restarts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podStages } from '../../src/sim/stages/pod.js';
import type { PodEnv } from '../../src/sim/stages/pod.js';
import { KubeletMemory } from '../../src/sim/kubelet/pod-status.js';
import { Ipam } from '../../src/sim/ipam.js';
import { Rng } from '../../src/sim/rng.js';
import type { Pod } from '../../src/util/k8s.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
let now = T0;
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const emitted: string[] = [];
const env: PodEnv = {
  now: () => now,
  timestamp: () => iso(now),
  rng: new Rng(1, 'test'),
  nodes: [{ name: 'node-a', index: 3, hostIP: '172.18.0.9' }],
  ipam: new Ipam(new Rng(1, 'ipam')),
  events: {
    emit: (_o, _t, reason, message, _s, fieldPath) =>
      void emitted.push(`${reason} ${fieldPath ?? ''} ${message}`),
  },
  kubelet: new KubeletMemory(),
};
const stage = (name: string) => {
  const s = podStages.find((x) => x.name === name);
  if (!s) throw new Error(name);
  return s;
};
type PodStage = (typeof podStages)[number];
/** A stage's next() that changes the pod. */
function run(s: PodStage, p: Pod): Pod {
  const out = s.next?.(p, env);
  if (!out || typeof out === 'string') throw new Error(`${s.name} did not change the pod`);
  return out;
}
const ID = /containerd:\/\/[0-9a-f]{64}|sha256:[0-9a-f]{64}/g;

function running(ephemeral: Record<string, unknown>[]): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'shop', uid: 'u1' },
    spec: {
      nodeName: 'node-a',
      containers: [{ name: 'web', image: 'nginx:1.27' }],
      ephemeralContainers: ephemeral,
    } as Pod['spec'],
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'web',
          image: 'nginx:1.27',
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: iso(T0 - 60_000) } },
        },
      ],
    } as Pod['status'],
  };
}
const eph = (p: Pod) =>
  JSON.parse(
    JSON.stringify((p.status as Record<string, unknown>)['ephemeralContainerStatuses']).replace(ID, 'X'),
  ) as unknown;

test('ephemeral-container-start: Events on spec.ephemeralContainers{name}, status running; not before the pod runs', () => {
  const start = stage('ephemeral-container-start');
  const pending = running([{ name: 'dbg', image: 'busybox' }]);
  pending.status = { ...pending.status, phase: 'Pending' };
  assert.equal(start.match(pending, env), false);
  const p = running([{ name: 'dbg', image: 'busybox' }]);
  assert.equal(start.match(p, env), true);
  emitted.length = 0;
  const out = run(start, structuredClone(p));
  assert.deepEqual(eph(out), [
    {
      name: 'dbg',
      image: 'busybox',
      imageID: 'docker.io/library/busybox@X',
      containerID: 'X',
      ready: false,
      restartCount: 0,
      state: { running: { startedAt: iso(T0) } },
      lastState: {},
    },
  ]);
  assert.deepEqual(
    emitted.map((e) => e.split(' ').slice(0, 2).join(' ')),
    [
      'Pulling spec.ephemeralContainers{dbg}',
      'Pulled spec.ephemeralContainers{dbg}',
      'Created spec.ephemeralContainers{dbg}',
      'Started spec.ephemeralContainers{dbg}',
    ],
  );
  assert.equal(start.match(out, env), false, 'its result shows');
});

test('ephemeral-container-exit: sh without stdin ends at once, sleep after its time, stdin ones never', () => {
  const start = stage('ephemeral-container-start');
  const exit = stage('ephemeral-container-exit');
  now = T0;
  let p = running([
    { name: 'quick', image: 'busybox' },
    { name: 'sleepy', image: 'busybox', command: ['sleep', '30'] },
    { name: 'shell', image: 'busybox', command: ['sh'], stdin: true, tty: true },
  ]);
  p = run(start, p);
  assert.equal(exit.match(p, env), true);
  now = T0 + 1000;
  p = run(exit, p);
  const state = (name: string) =>
    (
      (p.status as { ephemeralContainerStatuses?: { name: string; state?: Record<string, unknown> }[] })
        .ephemeralContainerStatuses ?? []
    ).find((s) => s.name === name)?.state;
  assert.deepEqual(Object.keys(state('quick') ?? {}), ['terminated']);
  assert.equal((state('quick')?.['terminated'] as { reason: string }).reason, 'Completed');
  assert.deepEqual(Object.keys(state('sleepy') ?? {}), ['running']);
  now = T0 + 30_000;
  p = run(exit, p);
  assert.deepEqual(Object.keys(state('sleepy') ?? {}), ['terminated']);
  assert.deepEqual(
    Object.keys(state('shell') ?? {}),
    ['running'],
    'an interactive shell ends in its attach session',
  );
  assert.equal(exit.match(p, env), false);
  assert.equal(start.match(p, env), false, 'terminated ephemeral containers are not restarted');
});
