import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Storage, StorageError } from '../../src/sim/storage/index.js';
import type { StoredEvent } from '../../src/sim/storage/index.js';
import type { KObject } from '../../src/util/k8s.js';

const PODS = { group: '', version: 'v1', resource: 'pods' };
const DEPLOYS = { group: 'apps', version: 'v1', resource: 'deployments' };
const clock = { now: () => Date.UTC(2026, 0, 2, 3, 4, 5) };

const pod = (ns: string, name: string, extra: Partial<KObject> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns },
  ...extra,
});

test('create stamps uid, resourceVersion, generation and creationTimestamp; RVs are global and monotonic', () => {
  const s = new Storage({ clock });
  const a = s.create(PODS, pod('a', 'p1'));
  const d = s.create(DEPLOYS, { metadata: { name: 'd', namespace: 'a' }, spec: { replicas: 1 } });
  const b = s.create(PODS, pod('a', 'p2'));
  assert.equal(a.metadata.resourceVersion, '1');
  assert.equal(d.metadata.resourceVersion, '2');
  assert.equal(b.metadata.resourceVersion, '3');
  assert.equal(s.currentRV(), 3);
  assert.equal(a.metadata.generation, undefined, 'a Pod has no generation (1.32)');
  assert.equal(d.metadata.generation, 1);
  assert.equal(a.metadata.creationTimestamp, '2026-01-02T03:04:05Z');
  assert.match(a.metadata.uid ?? '', /^[0-9a-f-]{36}$/);
  assert.notEqual(a.metadata.uid, b.metadata.uid);
  assert.throws(
    () => s.create(PODS, pod('a', 'p1')),
    (e: unknown) => e instanceof StorageError && e.code === 409 && e.message === 'pods "p1" already exists',
  );
  // stored objects are frozen, and the caller's input is not aliased
  assert.throws(() => {
    (a.metadata as { name: string }).name = 'x';
  });
  const input = pod('a', 'p3');
  s.create(PODS, input);
  assert.equal(input.metadata.resourceVersion, undefined);
});

test('update: conflict on stale RV, generation bumps only on spec change, uid and creationTimestamp kept', () => {
  const s = new Storage({ clock });
  const d0 = s.create(DEPLOYS, { metadata: { name: 'd', namespace: 'n' }, spec: { replicas: 1 } });
  const d1 = s.update(DEPLOYS, { ...d0, status: { replicas: 1 } });
  assert.equal(d1.metadata.generation, 1);
  assert.equal(d1.metadata.uid, d0.metadata.uid);
  assert.equal(d1.metadata.creationTimestamp, d0.metadata.creationTimestamp);
  const d2 = s.update(DEPLOYS, { ...d1, spec: { replicas: 3 } });
  assert.equal(d2.metadata.generation, 2);
  assert.throws(
    () => s.update(DEPLOYS, { ...d1, spec: { replicas: 4 } }),
    (e: unknown) =>
      e instanceof StorageError &&
      e.code === 409 &&
      e.reason === 'Conflict' &&
      e.message.startsWith(
        'Operation cannot be fulfilled on deployments.apps "d": the object has been modified',
      ),
  );
  assert.throws(
    () => s.update(DEPLOYS, { metadata: { name: 'nope', namespace: 'n' } }),
    /deployments.apps "nope" not found/,
  );
  // mutate: read-modify-write, no write when nothing changed
  const rv = s.currentRV();
  assert.equal(
    s.mutate(DEPLOYS, 'n', 'd', () => undefined),
    undefined,
  );
  assert.equal(s.currentRV(), rv);
  const d3 = s.mutate(DEPLOYS, 'n', 'd', (o) => {
    o.metadata.labels = { a: 'b' };
  });
  assert.equal(d3?.metadata.resourceVersion, String(rv + 1));
});

test('list is sorted by namespace and name and filters by namespace; get and delete', () => {
  const s = new Storage({ clock });
  for (const [ns, n] of [
    ['b', 'x'],
    ['a', 'z'],
    ['a', 'y'],
    ['c', 'a'],
  ] as const)
    s.create(PODS, pod(ns, n));
  assert.deepEqual(
    s.list(PODS).items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`),
    ['a/y', 'a/z', 'b/x', 'c/a'],
  );
  assert.deepEqual(
    s.list(PODS, 'a').items.map((o) => o.metadata.name),
    ['y', 'z'],
  );
  assert.equal(s.list(PODS, 'nope').items.length, 0);
  assert.equal(s.get(PODS, 'a', 'y')?.metadata.name, 'y');
  const gone = s.delete(PODS, 'a', 'y');
  assert.equal(gone.metadata.resourceVersion, String(s.currentRV()));
  assert.equal(s.get(PODS, 'a', 'y'), undefined);
  assert.deepEqual(
    s.list(PODS, 'a').items.map((o) => o.metadata.name),
    ['z'],
  );
  assert.throws(
    () => s.delete(PODS, 'a', 'y'),
    (e: unknown) => e instanceof StorageError && e.code === 404,
  );
});

test('history: changesSince returns later changes in order; bounded history and compaction expire old RVs', () => {
  const s = new Storage({ clock, historyLimit: 3 });
  s.create(PODS, pod('a', 'p1')); // 1
  s.create(DEPLOYS, { metadata: { name: 'd', namespace: 'a' } }); // 2 (other resource)
  s.mutate(PODS, 'a', 'p1', (o) => void (o.metadata.labels = { x: '1' })); // 3
  s.delete(PODS, 'a', 'p1'); // 4
  const since1 = s.changesSince(PODS, 1);
  assert.deepEqual(
    since1?.map((e) => [e.type, e.rv]),
    [
      ['MODIFIED', 3],
      ['DELETED', 4],
    ],
  );
  assert.deepEqual(since1?.[1]?.prev?.metadata.labels, { x: '1' });
  assert.deepEqual(
    s.changesSince(PODS, 0)?.map((e) => e.rv),
    [1, 3, 4],
  );
  s.create(PODS, pod('a', 'p2')); // 5: history of pods is now [3,4,5], 1 dropped
  assert.equal(s.changesSince(PODS, 0), undefined, 'RV 0 is older than the kept history');
  assert.deepEqual(
    s.changesSince(PODS, 1)?.map((e) => e.rv),
    [3, 4, 5],
  );
  assert.equal(s.isExpired(PODS, 1), false);
  s.compact();
  assert.equal(s.changesSince(PODS, 4), undefined);
  assert.deepEqual(s.changesSince(PODS, 5), []);
  assert.equal(s.isExpired(DEPLOYS, 2), true, 'compaction is global');
  s.create(PODS, pod('a', 'p3')); // 6
  assert.deepEqual(
    s.changesSince(PODS, 5)?.map((e) => e.rv),
    [6],
  );
});

test('subscribers see events in RV order even when a subscriber writes from its callback; one JSON per change', () => {
  const s = new Storage({ clock });
  const seen: [string, number, string][] = [];
  const jsons: string[] = [];
  const off1 = s.subscribe(PODS, (e) => {
    if (e.type === 'ADDED' && e.object.metadata.name === 'p1') s.create(PODS, pod('a', 'p1-child'));
  });
  const off2 = s.subscribe(PODS, (e: StoredEvent) => {
    seen.push([e.type, e.rv, e.object.metadata.name ?? '']);
    jsons.push(e.json);
    assert.equal(e.json, e.json, 'cached');
  });
  s.create(PODS, pod('a', 'p1'));
  assert.deepEqual(seen, [
    ['ADDED', 1, 'p1'],
    ['ADDED', 2, 'p1-child'],
  ]);
  assert.equal(JSON.parse(jsons[0] ?? '{}').metadata.resourceVersion, '1');
  let memoCalls = 0;
  const ev = s.changesSince(PODS, 0)?.[0];
  ev?.memo('k', () => ++memoCalls);
  ev?.memo('k', () => ++memoCalls);
  assert.equal(memoCalls, 1);
  off1();
  off2();
  assert.equal(s.listenerCount(PODS), 0);
});

test('a throwing subscriber does not break storage', () => {
  const errors: unknown[] = [];
  const s = new Storage({ clock, onListenerError: (e) => errors.push(e) });
  let got = 0;
  s.subscribe(PODS, () => {
    throw new Error('boom');
  });
  s.subscribe(PODS, () => void got++);
  s.create(PODS, pod('a', 'p'));
  assert.equal(got, 1);
  assert.equal(errors.length, 1);
});

test('generateName and admission', () => {
  const s = new Storage({
    clock,
    admit: (_g, o, old) => {
      if (!old) o.metadata.labels = { ...o.metadata.labels, admitted: 'yes' };
      if (o.metadata.name === 'bad') throw new StorageError(422, 'Invalid', 'bad name');
    },
  });
  const o = s.create(PODS, { metadata: { generateName: 'web-', namespace: 'a' } });
  assert.match(o.metadata.name ?? '', /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.equal(o.metadata.labels?.admitted, 'yes');
  assert.throws(() => s.create(PODS, pod('a', 'bad')), /bad name/);
  assert.throws(() => s.create(PODS, { metadata: {} }), /name or generateName is required/);
  const kept = s.create(
    PODS,
    pod('a', 'old', { metadata: { name: 'old', namespace: 'a', creationTimestamp: '2020-01-01T00:00:00Z' } }),
    {
      keepCreationTimestamp: true,
    },
  );
  assert.equal(kept.metadata.creationTimestamp, '2020-01-01T00:00:00Z');
});
