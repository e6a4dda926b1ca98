// Memory of the simulator at 100k pods (issue 10): what many pods have in common is one object, a list of
// a cluster larger than the JSON cache does not churn the cache, owner indexes hold only their kind's
// objects, and the kubelet's image IDs name the image. What clients see must not change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonCacheBytes, listJson, objectJson } from '../../src/sim/storage/change.js';
import { Storage } from '../../src/sim/storage/index.js';
import { ManualScheduler } from '../../src/sim/scheduler.js';
import { createCluster } from '../../src/sim/cluster.js';
import { OwnerIndex } from '../../src/sim/controllers/owner-index.js';
import { EVENTS, PODS } from '../../src/sim/resources.js';
import { updateManagedFields } from '../../src/sim/ssa/managed-fields.js';
import type { KObject, Pod } from '../../src/util/k8s.js';

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);
const clock = { now: () => T0 };

test('a list caches an object’s JSON only when it was listed recently; a scan larger than the cache caches nothing', () => {
  const freezeDeep = <T>(o: T): T => {
    if (o && typeof o === 'object') for (const v of Object.values(o)) freezeDeep(v);
    return Object.freeze(o);
  };
  // a small set listed twice: the second list caches it (a third is served from the cache)
  const small = Array.from({ length: 50 }, (_, i) => freezeDeep({ metadata: { name: `s${i}` }, data: { x: 'y'.repeat(1000) } }) as KObject);
  const before = jsonCacheBytes();
  for (const o of small) assert.equal(listJson(o), JSON.stringify(o));
  assert.equal(jsonCacheBytes(), before, 'first list: nothing cached');
  for (const o of small) listJson(o);
  assert.ok(jsonCacheBytes() >= before + 50 * 1000, 'second list: cached');
  // 150 objects of 1 MB (more than twice the 64 MB cache) listed twice in key order: nothing cached
  const chunk = 'z'.repeat(1 << 20);
  const big = Array.from({ length: 150 }, (_, i) => freezeDeep({ metadata: { name: `b${i}` }, data: { x: chunk } }) as KObject);
  const mid = jsonCacheBytes();
  for (let pass = 0; pass < 2; pass++) for (const o of big) assert.equal(listJson(o).length, JSON.stringify(o).length);
  assert.ok(jsonCacheBytes() <= mid, `a scan larger than the cache caches nothing (${jsonCacheBytes() - mid} B more)`);
  // a change's JSON (shared by its watchers) is cached at once, and a list then reuses it
  const changed = freezeDeep({ metadata: { name: 'c' }, data: { x: 'c'.repeat(5000) } }) as KObject;
  const j = objectJson(changed);
  assert.ok(jsonCacheBytes() >= 5000);
  assert.equal(listJson(changed), j);
});

test('pods that reach the same state in the same second share their conditions, container states and hostIPs', () => {
  const s = new ManualScheduler(T0);
  const c = createCluster({ scenario: 'large', size: { pods: 60, nodes: 3 }, scheduler: s, seed: 3 });
  for (let i = 0; i < 120; i++) s.advance(500);
  const pods = c.storage.list(PODS).items as Pod[];
  const running = pods.filter((p) => p.status?.phase === 'Running' && p.spec?.nodeName);
  assert.ok(running.length >= 40, `${running.length} running`);
  // equal parts are one object: count distinct objects against distinct JSON
  const distinct = (parts: unknown[]): { objects: number; json: number } => ({
    objects: new Set(parts).size,
    json: new Set(parts.map((x) => JSON.stringify(x))).size,
  });
  const conds = distinct(running.flatMap((p) => p.status?.conditions ?? []));
  assert.equal(conds.objects, conds.json, 'one object per distinct condition');
  const states = distinct(running.flatMap((p) => (p.status?.containerStatuses ?? []).map((cs) => cs.state)));
  assert.equal(states.objects, states.json, 'one object per distinct container state');
  const hostIPs = distinct(running.map((p) => (p.status as { hostIPs?: unknown } | undefined)?.hostIPs));
  assert.equal(hostIPs.objects, hostIPs.json, 'one hostIPs list per node');
  // an image has one imageID (its digest), a container its own containerID
  const byImage = new Map<string, Set<string>>();
  const containerIDs = new Set<string>();
  for (const p of running)
    for (const cs of p.status?.containerStatuses ?? []) {
      const ids = byImage.get(cs.image ?? '') ?? new Set<string>();
      byImage.set(cs.image ?? '', ids.add(cs.imageID ?? ''));
      if (cs.containerID) containerIDs.add(cs.containerID);
    }
  for (const [image, ids] of byImage) {
    assert.equal(ids.size, 1, `${image}: one imageID`);
    assert.match([...ids][0] ?? '', /@sha256:[0-9a-f]{64}$/);
  }
  assert.equal(containerIDs.size, running.reduce((n, p) => n + (p.status?.containerStatuses ?? []).length, 0));
  for (const id of containerIDs) assert.match(id, /^containerd:\/\/[0-9a-f]{64}$/);
  c.stop();
  s.dispose();
});

test('an owner index of one kind holds only objects controlled by that kind, keyed so that versions replace each other', () => {
  const st = new Storage({ clock });
  const owner = (kind: string, uid: string) => [{ apiVersion: 'apps/v1', kind, name: 'o', uid, controller: true }];
  const idx = new OwnerIndex<Pod>(st, PODS, undefined, 'ReplicaSet');
  idx.start();
  st.create(PODS, { metadata: { name: 'a', namespace: 'n', ownerReferences: owner('ReplicaSet', 'u1') } } as KObject);
  // a controllerRef of another kind is not the ReplicaSet's, whatever its uid
  st.create(PODS, { metadata: { name: 'b', namespace: 'n', ownerReferences: owner('Job', 'u1') } } as KObject);
  st.create(PODS, { metadata: { name: 'c', namespace: 'n', ownerReferences: owner('ReplicaSet', 'u1') } } as KObject);
  assert.deepEqual(idx.owned('u1').map((p) => p.metadata.name), ['a', 'c']);
  // a new version of `a` replaces the old one and moves to the end (remove + add)
  st.mutate(PODS, 'n', 'a', (d) => void ((d as Pod).status = { phase: 'Running' }));
  assert.deepEqual(idx.owned('u1').map((p) => `${p.metadata.name ?? ''}:${p.status?.phase ?? ''}`), ['c:', 'a:Running']);
  st.delete(PODS, 'n', 'c');
  assert.deepEqual(idx.owned('u1').map((p) => p.metadata.name), ['a']);
  // an unfiltered index (the old behaviour) holds both kinds under the uid
  const all = new OwnerIndex<Pod>(st, PODS);
  all.start();
  assert.deepEqual(all.owned('u1').map((p) => p.metadata.name).sort(), ['a', 'b']);
  idx.stop();
  all.stop();
});

test('Events keep the managedFields the field manager gives them, though the recorder reuses one entry per shape', () => {
  const s = new ManualScheduler(T0);
  const c = createCluster({ scenario: 'large', size: { pods: 40, nodes: 3 }, scheduler: s, seed: 5 });
  for (let i = 0; i < 80; i++) s.advance(500);
  const events = c.storage.list(EVENTS).items;
  assert.ok(events.length > 100, `${events.length} Events`);
  const shapes = new Set<string>();
  for (const e of events) {
    const mf = e.metadata.managedFields as { manager: string; time: string }[] | undefined;
    assert.equal(mf?.length, 1, `${e.metadata.name ?? ''}: one entry`);
    const entry = mf?.[0];
    const bare = JSON.parse(JSON.stringify({ ...e, metadata: { ...e.metadata, managedFields: undefined } })) as Record<string, unknown>;
    const want = updateManagedFields(undefined, bare, { manager: entry?.manager ?? '', hasStatus: false, time: entry?.time ?? '' });
    assert.equal(JSON.stringify(mf), JSON.stringify(want), `${e.metadata.name ?? ''}: as the field manager computes it`);
    shapes.add(JSON.stringify(Object.keys((e as unknown as { involvedObject: object }).involvedObject)));
  }
  assert.ok(shapes.size >= 2, 'Events of several shapes (with and without fieldPath)');
  c.stop();
  s.dispose();
});
