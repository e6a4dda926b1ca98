// WATCH over HTTPS, following notes/kubernetes-api.md "Watch". Time is a ManualScheduler, so kubelet
// stages, bookmarks and timeouts happen only when a test advances it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSim, ManualScheduler, PODS, NAMESPACES } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { KObject } from '../../src/util/k8s.js';
import { watch, TABLE_ACCEPT } from './helpers.js';
import { waitFor } from '../helpers/wait.js';

let sim: SimHandle;
let nsBase = 0;
const scheduler = new ManualScheduler(Date.UTC(2026, 0, 1, 12, 0, 0));
const pod = (ns: string, name: string, labels: Record<string, string> = {}): KObject => ({
  metadata: { name, namespace: ns, labels },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
});

before(async () => {
  sim = await startSim({ scenario: 'empty', scheduler });
  nsBase = sim.storage.listenerCount(NAMESPACES); // controllers' own subscriptions
  for (const ns of ['w1', 'w2', 'w3', 'w4', 'w5', 'quiet'])
    sim.storage.create(NAMESPACES, { metadata: { name: ns } });
});
after(async () => {
  await sim.close();
});

const rvOf = (e: { object: { metadata?: { resourceVersion?: string } } }): number =>
  Number(e.object.metadata?.resourceVersion);

test('RV unset: synthetic ADDEDs, then live ADDED/MODIFIED/DELETED in RV order; headers come at once', async () => {
  sim.storage.create(PODS, pod('w1', 'a'));
  sim.storage.create(PODS, pod('w1', 'b'));
  const w = await watch(sim, '/api/v1/namespaces/w1/pods?watch=true');
  assert.equal(w.status, 200);
  assert.equal(w.headers['content-type'], 'application/json');
  assert.equal(w.headers['transfer-encoding'], 'chunked');
  const initial = [await w.next(), await w.next()];
  assert.deepEqual(
    initial.map((e) => [e?.type, e?.object.metadata?.name]),
    [
      ['ADDED', 'a'],
      ['ADDED', 'b'],
    ],
  );
  assert.equal(initial[0]?.object['kind'], 'Pod');
  sim.storage.create(PODS, pod('w1', 'c'));
  sim.storage.mutate(PODS, 'w1', 'a', (o) => void (o.metadata.labels = { x: '1' }));
  const deleted = sim.storage.delete(PODS, 'w1', 'b');
  sim.storage.create(PODS, pod('w2', 'elsewhere')); // another namespace: filtered out
  const live = [await w.next(), await w.next(), await w.next()];
  assert.deepEqual(
    live.map((e) => [e?.type, e?.object.metadata?.name]),
    [
      ['ADDED', 'c'],
      ['MODIFIED', 'a'],
      ['DELETED', 'b'],
    ],
  );
  assert.ok(rvOf(live[0]!) < rvOf(live[1]!) && rvOf(live[1]!) < rvOf(live[2]!));
  assert.equal(
    live[2]?.object.metadata?.resourceVersion,
    deleted.metadata.resourceVersion,
    'DELETED carries a new RV',
  );
  w.close();
  // a watch on an empty collection still answers 200 at once (headers flushed before any event)
  const empty = await watch(sim, '/api/v1/namespaces/quiet/pods?watch=1&resourceVersion=0');
  assert.equal(empty.status, 200);
  empty.close();
});

test('RV "N": only later events, in order; also the legacy /watch/ path', async () => {
  sim.storage.create(PODS, pod('w2', 'old'));
  const rv = sim.storage.currentRV();
  sim.storage.create(PODS, pod('w2', 'n1'));
  sim.storage.mutate(PODS, 'w2', 'old', (o) => void (o.metadata.annotations = { a: 'b' }));
  const w = await watch(sim, `/api/v1/namespaces/w2/pods?watch=true&resourceVersion=${rv}`);
  const evs = [await w.next(), await w.next()];
  assert.deepEqual(
    evs.map((e) => [e?.type, e?.object.metadata?.name]),
    [
      ['ADDED', 'n1'],
      ['MODIFIED', 'old'],
    ],
  );
  sim.storage.create(PODS, pod('w2', 'n2'));
  assert.equal((await w.next())?.object.metadata?.name, 'n2');
  w.close();
  const legacy = await watch(sim, `/api/v1/watch/namespaces/w2/pods?resourceVersion=${rv}`);
  assert.equal((await legacy.next())?.object.metadata?.name, 'n1');
  legacy.close();
});

test('an RV older than the kept history gets one ERROR 410 Expired, then the stream ends', async () => {
  const rv = sim.storage.currentRV();
  sim.storage.create(PODS, pod('w3', 'x'));
  sim.storage.compact();
  const w = await watch(sim, `/api/v1/pods?watch=true&resourceVersion=${rv}`);
  const e = await w.next();
  assert.equal(e?.type, 'ERROR');
  assert.equal(e?.object['kind'], 'Status');
  assert.equal(e?.object['code'], 410);
  assert.equal(e?.object['reason'], 'Expired');
  assert.match(String(e?.object['message']), new RegExp(`^too old resource version: ${rv} \\(\\d+\\)$`));
  assert.equal(await w.next(), undefined, 'stream closed');
  // the current RV is fine
  const ok = await watch(sim, `/api/v1/pods?watch=true&resourceVersion=${sim.storage.currentRV()}`);
  sim.storage.create(PODS, pod('w3', 'y'));
  assert.equal((await ok.next())?.type, 'ADDED');
  ok.close();
});

test('objects that stop matching the selector are sent as DELETED, and ADDED when they match again', async () => {
  sim.storage.create(PODS, pod('w4', 'p', { team: 'a' }));
  sim.storage.create(PODS, pod('w4', 'q', { team: 'b' }));
  const w = await watch(sim, '/api/v1/namespaces/w4/pods?watch=true&labelSelector=team%3Da');
  assert.deepEqual([(await w.next())?.object.metadata?.name], ['p']);
  const moved = sim.storage.mutate(PODS, 'w4', 'p', (o) => void (o.metadata.labels = { team: 'b' }));
  const gone = await w.next();
  assert.equal(gone?.type, 'DELETED');
  assert.equal(gone?.object.metadata?.name, 'p');
  assert.equal(
    gone?.object.metadata?.resourceVersion,
    moved?.metadata.resourceVersion,
    'stamped with the new RV',
  );
  assert.deepEqual(
    (gone?.object.metadata as { labels?: unknown }).labels,
    { team: 'a' },
    'the last state that matched',
  );
  sim.storage.mutate(PODS, 'w4', 'q', (o) => void (o.metadata.annotations = { ignored: 'yes' })); // never matched
  sim.storage.mutate(PODS, 'w4', 'q', (o) => void (o.metadata.labels = { team: 'a' }));
  const back = await w.next();
  assert.deepEqual([back?.type, back?.object.metadata?.name], ['ADDED', 'q']);
  w.close();
});

test('Table watch: every event is a one-row Table, only the first with columnDefinitions', async () => {
  sim.storage.create(PODS, pod('w5', 't1'));
  const w = await watch(sim, '/api/v1/namespaces/w5/pods?watch=true', { accept: TABLE_ACCEPT });
  type T = {
    kind: string;
    columnDefinitions?: { name: string }[];
    rows: { cells: string[]; object: { kind: string } }[];
  };
  const first = (await w.next())?.object as unknown as T;
  assert.equal(first.kind, 'Table');
  assert.deepEqual(
    first.columnDefinitions?.slice(0, 5).map((c) => c.name),
    ['Name', 'Ready', 'Status', 'Restarts', 'Age'],
  );
  assert.equal(first.rows.length, 1);
  assert.equal(first.rows[0]?.cells[0], 't1');
  assert.equal(first.rows[0]?.object.kind, 'PartialObjectMetadata');
  sim.storage.create(PODS, pod('w5', 't2'));
  const second = await w.next();
  const t2 = second?.object as unknown as T;
  assert.equal(second?.type, 'ADDED');
  assert.equal(t2.columnDefinitions, undefined);
  assert.deepEqual(
    t2.rows.map((r) => r.cells[0]),
    ['t2'],
  );
  w.close();
});

test('BOOKMARKs only when allowed; initial-events-end bookmark with sendInitialEvents', async () => {
  const withB = await watch(
    sim,
    '/api/v1/namespaces?watch=true&allowWatchBookmarks=true&resourceVersion=' + sim.storage.currentRV(),
  );
  const without = await watch(
    sim,
    '/api/v1/namespaces?watch=true&resourceVersion=' + sim.storage.currentRV(),
  );
  const rvBefore = sim.storage.currentRV();
  scheduler.advance(61_000);
  const b = await withB.next();
  assert.equal(b?.type, 'BOOKMARK');
  // the RV at the bookmark's time: node Lease renewals (every 10 s) also advance the global RV
  const rv = Number(b?.object.metadata?.resourceVersion);
  assert.ok(rv >= rvBefore && rv <= sim.storage.currentRV(), `bookmark RV ${rv}`);
  assert.deepEqual(b?.object, {
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: { resourceVersion: String(rv) },
  });
  sim.storage.create(NAMESPACES, { metadata: { name: 'after-bookmark' } });
  const first = await without.next();
  assert.equal(first?.type, 'ADDED', 'no bookmark without allowWatchBookmarks');
  assert.equal(first?.object.metadata?.name, 'after-bookmark');
  assert.equal((await withB.next())?.type, 'ADDED');
  withB.close();
  without.close();

  const init = await watch(
    sim,
    '/api/v1/namespaces?watch=true&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan',
  );
  const evs = await init.until((e) => e.type === 'BOOKMARK');
  assert.ok(evs.length > 5 && evs.slice(0, -1).every((e) => e.type === 'ADDED'));
  const mark = evs[evs.length - 1]?.object.metadata as { annotations?: Record<string, string> };
  assert.equal(mark.annotations?.['k8s.io/initial-events-end'], 'true');
  init.close();
});

test('timeoutSeconds ends the stream; disconnects and close() leave no listeners behind', async () => {
  // earlier tests' watches are gone once their close reached the server; nothing else watches namespaces
  await waitFor(() => sim.storage.listenerCount(NAMESPACES) === nsBase, { what: 'earlier watches closed' });
  const base = nsBase;
  const w = await watch(
    sim,
    '/api/v1/namespaces?watch=true&timeoutSeconds=5&resourceVersion=' + sim.storage.currentRV(),
  );
  assert.equal(sim.storage.listenerCount(NAMESPACES), base + 1);
  scheduler.advance(4_000);
  sim.storage.create(NAMESPACES, { metadata: { name: 'before-timeout' } });
  assert.equal((await w.next())?.object.metadata?.name, 'before-timeout');
  scheduler.advance(1_000);
  assert.equal(await w.next(), undefined, 'ended after 5 s');
  await waitFor(() => sim.storage.listenerCount(NAMESPACES) === base, { what: 'listener removed after timeout' });

  const d = await watch(sim, '/api/v1/pods?watch=true');
  await waitFor(() => sim.storage.listenerCount(PODS) > 0, { what: 'pod watch subscribed' });
  const podBase = sim.storage.listenerCount(PODS);
  d.close();
  await waitFor(() => sim.storage.listenerCount(PODS) === podBase - 1, { what: 'listener removed after client disconnect' });

  const other = await startSim({ scenario: 'empty', scheduler: new ManualScheduler() });
  const open = await watch(other, '/api/v1/namespaces?watch=true');
  await other.close();
  await open.ended;
  assert.equal(other.storage.listenerCount(NAMESPACES), 0, 'close() ends watches and controllers');
});
