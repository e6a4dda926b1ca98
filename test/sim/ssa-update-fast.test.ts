// The field manager's Update skips work for the entry that owns every field a write changed (sim4: the
// kubelet's status writes). These tests check it against the full computation, written out here as it
// was before, on random sequences of writes by several managers: the entries must be the same JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compare } from '../../src/sim/ssa/compare.js';
import { fieldShape, isZeroStruct, zeroObject } from '../../src/sim/ssa/schema.js';
import type { Shape } from '../../src/sim/ssa/schema.js';
import { deepEqual } from '../../src/sim/ssa/compare.js';
import { Builder, difference, EMPTY, fieldPE, filterTop, isEmpty, itemPE, union } from '../../src/sim/ssa/fieldset.js';
import type { Fields } from '../../src/sim/ssa/fieldset.js';
import { updateManagedFields } from '../../src/sim/ssa/managed-fields.js';
import type { FieldWrite, ManagedFieldsEntry } from '../../src/sim/ssa/managed-fields.js';
import {
  capUpdaters,
  decode,
  encode,
  idOf,
  metaOf,
  resetFields,
  shapeOf,
  SKIP_META,
  SKIP_ROOT,
  STATUS,
} from '../../src/sim/ssa/entries.js';
import { Rng } from '../../src/sim/rng.js';

type Obj = Record<string, unknown>;

/** updateManagedFields of an update (live set), as computed before the fast path. */
function reference(live: Obj, next: Obj, w: FieldWrite): ManagedFieldsEntry[] {
  const apiVersion = typeof next['apiVersion'] === 'string' ? next['apiVersion'] : '';
  const sent = metaOf(next)['managedFields'];
  const useSent = Array.isArray(sent) && sent.length > 0 && w.subresource === undefined;
  const managed = decode(useSent ? sent : metaOf(live)['managedFields']);
  const d = compare(live, next, shapeOf(next), SKIP_ROOT, SKIP_META);
  const changed = union(d.modified, d.added);
  for (const [id, x] of managed) {
    const set = difference(difference(x.set, changed), d.removed);
    if (isEmpty(set)) managed.delete(id);
    else if (set !== x.set) managed.set(id, { set, entry: x.entry });
  }
  const own = (set: Fields, subresource: string | undefined): void => {
    if (isEmpty(set)) return;
    const entry = {
      manager: w.manager,
      operation: 'Update' as const,
      apiVersion,
      time: w.time,
      ...(subresource ? { subresource } : {}),
    };
    const id = idOf(entry);
    managed.set(id, { set: union(managed.get(id)?.set ?? EMPTY, set), entry });
  };
  if (w.splitStatus && w.hasStatus) {
    own(filterTop(changed, STATUS, false), undefined);
    own(filterTop(changed, STATUS, true), 'status');
  } else own(resetFields(changed, w), w.subresource);
  capUpdaters(managed);
  return encode(managed);
}

const COND_TYPES = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];
const STATES = ['waiting', 'running', 'terminated'];

/** A random pod: a few containers, labels, and a status with conditions, container states and IPs. */
function randomPod(rng: Rng, base?: Obj): Obj {
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)] as T;
  const maybe = (p: number): boolean => rng.next() < p;
  const containers = ['app', 'sidecar', 'init'].slice(0, 1 + rng.int(3));
  const labels: Obj = { app: 'web' };
  if (maybe(0.5)) labels[pick(['tier', 'env', 'x'])] = pick(['a', 'b']);
  const conditions = COND_TYPES.filter(() => maybe(0.7)).map((type) => ({
    type,
    status: pick(['True', 'False']),
    lastProbeTime: null,
    lastTransitionTime: pick(['2026-01-01T00:00:00Z', '2026-01-01T00:00:05Z']),
    ...(maybe(0.3) ? { reason: pick(['ContainersNotReady', 'PodCompleted']) } : {}),
  }));
  const ip = `10.244.${rng.int(3)}.${rng.int(4)}`;
  const status: Obj = {
    phase: pick(['Pending', 'Running', 'Succeeded']),
    ...(conditions.length ? { conditions } : {}),
    ...(maybe(0.7) ? { hostIP: '172.20.0.3', hostIPs: [{ ip: '172.20.0.3' }] } : {}),
    ...(maybe(0.6) ? { podIP: ip, podIPs: [{ ip }] } : {}),
    ...(maybe(0.7) ? { startTime: '2026-01-01T00:00:00Z' } : {}),
    containerStatuses: containers
      .filter(() => maybe(0.8))
      .map((name) => {
        const state = pick(STATES);
        return {
          name,
          image: 'nginx',
          imageID: maybe(0.5) ? 'docker.io/nginx@sha256:1' : '',
          ready: maybe(0.5),
          started: maybe(0.5),
          restartCount: rng.int(2),
          state: { [state]: state === 'waiting' ? { reason: pick(['ContainerCreating', 'CrashLoopBackOff']) } : { startedAt: '2026-01-01T00:00:01Z' } },
          ...(maybe(0.4) ? { lastState: maybe(0.5) ? {} : { terminated: { exitCode: 1 } } } : {}),
          ...(maybe(0.5) ? { containerID: `containerd://${rng.int(3)}` } : {}),
        };
      }),
    qosClass: 'BestEffort',
  };
  const meta = (base?.['metadata'] as Obj | undefined) ?? { name: 'p', namespace: 'default' };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...meta, labels },
    spec: {
      ...(maybe(0.3) ? { nodeName: pick(['n1', 'n2']) } : {}),
      containers: containers.map((name) => ({ name, image: pick(['nginx', 'redis']) })),
    },
    status,
  };
}

const writers: FieldWrite[] = [
  { manager: 'kubelet', subresource: 'status', hasStatus: true, time: '' },
  { manager: 'kube-controller-manager', hasStatus: true, time: '' },
  { manager: 'kubectl-edit', hasStatus: true, time: '' },
  { manager: 'kubectl-label', hasStatus: true, time: '' },
  { manager: 'k3s', hasStatus: true, time: '', splitStatus: true },
  { manager: 'kubectl', subresource: 'status', hasStatus: false, time: '' },
];

test('Update: the entry that owns every change is the same as the full computation, on random write sequences', () => {
  const rng = new Rng(424242);
  let fast = 0;
  for (let seq = 0; seq < 300; seq++) {
    let live = randomPod(rng);
    live = { ...live, metadata: { ...(live['metadata'] as Obj), managedFields: updateManagedFields(undefined, live, { ...writers[1], time: 't00' } as FieldWrite) } };
    for (let step = 1; step <= 12; step++) {
      const w = { ...(writers[rng.int(writers.length)] as FieldWrite), time: `t${String(step).padStart(2, '0')}` };
      const next = randomPod(rng, live);
      // a status write changes the status only; others mostly the rest
      if (w.subresource === 'status') next['spec'] = live['spec'];
      else if (rng.next() < 0.5) next['status'] = live['status'];
      (next['metadata'] as Obj)['managedFields'] = (live['metadata'] as Obj)['managedFields'];
      const want = reference(live, next, w);
      const got = updateManagedFields(live, next, w);
      assert.equal(JSON.stringify(got), JSON.stringify(want), `sequence ${seq}, step ${step}, ${w.manager}`);
      if (w.subresource === 'status' && w.hasStatus) fast++;
      live = { ...next, metadata: { ...(next['metadata'] as Obj), managedFields: got } };
    }
  }
  assert.ok(fast > 300, `status writes checked: ${fast}`);
});

/**
 * A pod as a controller or a user creates it, from few choices, so that many share a structure while
 * their values differ: list items keyed by value (owner uids, ports, IPs), empty and non-empty objects,
 * null, atomic maps and lists.
 */
function createdPod(shapeRng: Rng, valueRng: Rng): Obj {
  // the structure from one generator (a few dozen seeds), the values from another
  const maybe = (p: number): boolean => shapeRng.next() < p;
  const pick = <T>(xs: readonly T[]): T => xs[shapeRng.int(xs.length)] as T;
  const value = <T>(xs: readonly T[]): T => xs[valueRng.int(xs.length)] as T;
  const port = (): Obj => ({ containerPort: value([80, 8080]), ...(maybe(0.5) ? { protocol: value(['TCP', 'UDP']) } : {}) });
  const container = (name: string): Obj => ({
    name,
    image: value(['nginx', 'redis']),
    ...(maybe(0.5) ? { ports: [port(), ...(maybe(0.3) ? [port()] : [])] } : {}),
    ...(maybe(0.4) ? { env: [{ name: value(['A', 'B']), value: value(['1', '']) }] } : {}),
    ...(maybe(0.4) ? { securityContext: maybe(0.5) ? {} : { runAsUser: 1000 } } : {}),
    ...(maybe(0.3) ? { resources: maybe(0.5) ? {} : { limits: { cpu: value(['1', '2']) } } } : {}),
    ...(maybe(0.2) ? { args: maybe(0.5) ? [] : [value(['-v', '-q'])] } : {}),
  });
  const spec: Obj = { containers: ['app', 'sidecar'].slice(0, 1 + shapeRng.int(2)).map(container) };
  if (maybe(0.4)) spec['nodeSelector'] = pick([{}, { disk: 'ssd' }, { zone: value(['a', 'b']) }, null]);
  if (maybe(0.4)) spec['tolerations'] = pick([[], [{ key: value(['a', 'b']), operator: 'Exists' }]]);
  if (maybe(0.3)) spec['affinity'] = pick([{}, { nodeAffinity: {} }, null]);
  if (maybe(0.3)) spec['volumes'] = [{ name: value(['data', 'cfg']), emptyDir: maybe(0.5) ? {} : { medium: 'Memory' } }];
  if (maybe(0.2)) spec['hostAliases'] = [{ ip: value(['10.0.0.1', '10.0.0.2']), hostnames: ['h'] }];
  const metadata: Obj = { generateName: 'web-', namespace: 'default', labels: { app: 'web', ...(maybe(0.3) ? { [pick(['tier', 'env'])]: 'x' } : {}) } };
  if (maybe(0.6))
    metadata['ownerReferences'] = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: value(['u1', 'u2', 'u3']), controller: true }];
  if (maybe(0.3)) metadata['annotations'] = pick([{}, { note: value(['x', 'y']) }]);
  const pod: Obj = { apiVersion: 'v1', kind: 'Pod', metadata, spec };
  if (maybe(0.2)) pod['status'] = { phase: 'Pending', ...(maybe(0.5) ? { podIPs: [{ ip: value(['10.1.0.1', '10.1.0.2']) }] } : {}) };
  return pod;
}

test('Create: the entry, looked up by the object structure, is compare with the zero object, on random pods', () => {
  const rng = new Rng(777);
  const valueRng = new Rng(778);
  const w: FieldWrite = { manager: 'kube-controller-manager', hasStatus: true, time: 't' };
  const seen = new Set<string>();
  for (let i = 0; i < 3000; i++) {
    const pod = createdPod(new Rng(rng.int(40)), valueRng);
    const shape = shapeOf(pod);
    const c = compare(zeroObject(shape), pod, shape, SKIP_ROOT, SKIP_META);
    const want = filterTop(union(c.modified, c.added), STATUS, false);
    const got = updateManagedFields(undefined, pod, w);
    assert.equal(JSON.stringify(got[0]?.fieldsV1), JSON.stringify(want), `pod ${i}: ${JSON.stringify(pod)}`);
    seen.add(JSON.stringify(want));
  }
  // an atomic struct the zero object has as {} (an Event's involvedObject): set only when not empty
  for (let i = 0; i < 40; i++) {
    const involvedObject = i % 2 ? {} : { kind: 'Pod', name: `p${i}` };
    const ev: Obj = { apiVersion: 'v1', kind: 'Event', metadata: { name: `e${i}`, namespace: 'default' }, involvedObject, reason: 'X' };
    const shape = shapeOf(ev);
    const c = compare(zeroObject(shape), ev, shape, SKIP_ROOT, SKIP_META);
    const got = updateManagedFields(undefined, ev, { manager: 'kubelet', hasStatus: false, time: 't' });
    assert.equal(JSON.stringify(got[0]?.fieldsV1), JSON.stringify(union(c.modified, c.added)), `event ${i}`);
    assert.equal('f:involvedObject' in (got[0]?.fieldsV1 as Obj), i % 2 === 0);
  }
  // many pods per field set (the lookup was used), more field sets than structures (values that name
  // items told apart)
  assert.ok(seen.size > 40 && seen.size < 1000, `field sets: ${seen.size}`);
});

/** compare() as it was written first: every changed member inserted by its path into mutable trees. */
function referenceCompare(lhs: unknown, rhs: unknown, shape: Shape): { added: Fields; modified: Fields; removed: Fields } {
  const out = { added: new Builder(), modified: new Builder(), removed: new Builder() };
  const path: string[] = [];
  const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
  const containerOf = (v: unknown, sh: Shape): 'map' | 'list' | undefined =>
    sh.t === 'atomic' ? undefined : Array.isArray(v) ? (sh.t === 'list' ? 'list' : undefined) : isObj(v) && (sh.t === 'obj' || sh.t === 'mapof') ? 'map' : undefined;
  const ZERO = {};
  const walk = (l: unknown, r: unknown, sh: Shape): void => {
    if (l === r && l !== undefined) return;
    const lc = l === null && r !== undefined ? containerOf(r, sh) : containerOf(l, sh);
    const rc = r === null && l !== undefined ? containerOf(l, sh) : containerOf(r, sh);
    const lM = l === undefined;
    const rM = r === undefined;
    if ((lM || lc !== undefined) && (rM || rc !== undefined) && (lM || rM || lc === rc)) {
      if ((lc ?? rc) === 'map') {
        const lo = isObj(l) ? l : {};
        const ro = isObj(r) ? r : {};
        const skip = path.length === 0 ? SKIP_ROOT : path.length === 1 && path[0] === 'f:metadata' ? SKIP_META : undefined;
        const field = (lv: unknown, rv: unknown, k: string): void => {
          path.push(fieldPE(k));
          walk(lv, rv, fieldShape(sh, k));
          path.pop();
        };
        for (const k of Object.keys(lo)) {
          if (lo[k] === ro[k] || skip?.has(k)) continue;
          field(lo[k], ro[k] === undefined && r !== undefined && isZeroStruct(sh, k) ? ZERO : ro[k], k);
        }
        for (const k of Object.keys(ro)) if (!(k in lo) && !skip?.has(k)) field(l !== undefined && isZeroStruct(sh, k) ? ZERO : undefined, ro[k], k);
      } else {
        const ls = sh as Shape & { t: 'list' };
        const index = (list: unknown): Map<string, unknown> => {
          const m = new Map<string, unknown>();
          if (Array.isArray(list)) list.forEach((item, i) => { const pe = itemPE(item, ls, i); if (pe !== undefined && !m.has(pe)) m.set(pe, item); });
          return m;
        };
        const li = index(l);
        const ri = index(r);
        for (const [pe, item] of li) { path.push(pe); walk(item, ri.get(pe), ls.elem); path.pop(); }
        for (const [pe, item] of ri) if (!li.has(pe)) { path.push(pe); walk(undefined, item, ls.elem); path.pop(); }
      }
      if (path.length === 0) return;
      if (lM) out.added.insert(path);
      else if (rM) out.removed.insert(path);
      return;
    }
    if (path.length === 0) return;
    if (lM) out.added.insert(path);
    else if (rM) out.removed.insert(path);
    else if (!deepEqual(l, r)) out.modified.insert(path);
  };
  walk(lhs, rhs, shape);
  return { added: out.added.build(), modified: out.modified.build(), removed: out.removed.build() };
}

test('compare: the sets built bottom-up are those of inserting every member by its path, on random pairs', () => {
  const rng = new Rng(99);
  const valueRng = new Rng(100);
  let nonEmpty = 0;
  for (let i = 0; i < 2000; i++) {
    // pairs of every kind: two random pods, a created one against a random one, one against the zero object
    const a = i % 3 === 0 ? createdPod(new Rng(rng.int(40)), valueRng) : randomPod(rng);
    const b = i % 3 === 1 ? createdPod(new Rng(rng.int(40)), valueRng) : randomPod(rng, a);
    const pairs: [unknown, unknown][] = [[a, b], [b, a], [zeroObject(shapeOf(b)), b], [a, { ...a, status: null, spec: undefined }]];
    for (const [l, r] of pairs) {
      const shape = shapeOf(r as Obj);
      const want = referenceCompare(l, r, shape);
      const got = compare(l, r, shape, SKIP_ROOT, SKIP_META);
      for (const k of ['added', 'modified', 'removed'] as const) {
        assert.equal(JSON.stringify(got[k]), JSON.stringify(want[k]), `pair ${i}, ${k}`);
        if (!isEmpty(want[k])) nonEmpty++;
      }
    }
  }
  assert.ok(nonEmpty > 10_000, `non-empty sets compared: ${nonEmpty}`);
});
