// Who an event goes to: the storage keeps one listener array per resource (remade when listeners come
// or go) and one table per Gvr object; a dispatch that subscribes or unsubscribes goes on with the
// listeners it started with, and a listener of every resource added later is called for every resource.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Storage } from '../../src/sim/storage/index.js';
import type { Gvr } from '../../src/sim/storage/index.js';
import type { KObject } from '../../src/util/k8s.js';

const clock = { now: () => Date.UTC(2026, 0, 2, 3, 4, 5) };
const PODS: Gvr = { group: '', version: 'v1', resource: 'pods' };
const CMS: Gvr = { group: '', version: 'v1', resource: 'configmaps' };
const obj = (name: string): KObject => ({ metadata: { name, namespace: 'default' } }) as KObject;

test('listeners (un)subscribed during a dispatch take effect from the next event; later subscribeAll reaches every resource', () => {
  const s = new Storage({ clock });
  const seen: string[] = [];
  const note = (who: string) => (ev: { object: KObject }): void => void seen.push(`${who}:${ev.object.metadata.name ?? ''}`);
  let offB: (() => void) | undefined;
  let added = false;
  s.subscribe(PODS, (ev) => {
    note('a')(ev);
    offB?.(); // b still gets this event (the dispatch started with it), not the next
    offB = undefined;
    if (!added) {
      added = true;
      s.subscribe(PODS, note('c')); // c gets the next event, not this one
    }
  });
  offB = s.subscribe(PODS, note('b'));
  s.create(PODS, obj('p1'));
  assert.deepEqual(seen, ['a:p1', 'b:p1']);
  seen.length = 0;
  s.create(PODS, obj('p2'));
  assert.deepEqual(seen, ['a:p2', 'c:p2']);
  seen.length = 0;
  s.create(CMS, obj('c1')); // the configmaps table exists (and dispatched) before subscribeAll
  const offAll = s.subscribeAll(note('all'));
  s.create(PODS, obj('p3'));
  s.create(CMS, obj('c2'));
  assert.deepEqual(seen, ['a:p3', 'c:p3', 'all:p3', 'all:c2']);
  seen.length = 0;
  offAll();
  s.create(CMS, obj('c3'));
  s.create(PODS, obj('p4'));
  assert.deepEqual(seen, ['a:p4', 'c:p4']);
});

test('an equal Gvr object that is not the same object reads and writes the same table', () => {
  const s = new Storage({ clock });
  s.create(PODS, obj('p1'));
  const other: Gvr = { group: '', version: 'v1', resource: 'pods' };
  assert.equal(s.get(other, 'default', 'p1')?.metadata.name, 'p1');
  s.create(other, obj('p2'));
  assert.deepEqual(
    s.list(PODS).items.map((o) => o.metadata.name),
    ['p1', 'p2'],
  );
  const events: string[] = [];
  s.subscribe(other, (ev) => void events.push(ev.object.metadata.name ?? ''));
  s.create(PODS, obj('p3'));
  assert.deepEqual(events, ['p3']);
});

// A change's JSON and memos are shared by the watchers of its dispatch and dropped after it: kept (in the
// shared JSON cache, or on the change in the watch history) they were promoted garbage under churn.
test('a change\'s JSON and memos are made once per dispatch, shared by its listeners, and not kept after it', async () => {
  const { jsonCacheBytes } = await import('../../src/sim/storage/change.js');
  const s = new Storage({ clock });
  s.create(CMS, { metadata: { name: 'c', namespace: 'default' }, data: { k: 'x'.repeat(5000) } } as KObject);
  const seen: { json: string; memo: number }[] = [];
  let made = 0;
  const watcher = () => (ev: { json: string; memo<T>(k: string, f: () => T): T }): void =>
    void seen.push({ json: ev.json, memo: ev.memo('row', () => ++made) });
  s.subscribe(CMS, watcher());
  s.subscribe(CMS, watcher());
  const before = jsonCacheBytes();
  for (let i = 0; i < 20; i++) s.mutate(CMS, 'default', 'c', (d) => void ((d as unknown as { data: Record<string, string> }).data['n'] = String(i)));
  assert.equal(seen.length, 40);
  assert.equal(made, 20, 'one memo per dispatch, for both listeners');
  for (let i = 0; i < 40; i += 2) {
    assert.equal(seen[i]?.json, seen[i + 1]?.json);
    assert.equal(JSON.parse(seen[i]?.json ?? '{}').data.n, String(i / 2));
  }
  assert.equal(jsonCacheBytes(), before, 'changes are not put in the shared JSON cache');
  // a late reader (a watch resumed from the history) makes them again
  const late = s.changesSince(CMS, 0)?.at(-1);
  assert.ok(late);
  assert.equal(late.memo('row', () => ++made), 21);
  assert.equal(JSON.parse(late.json).data.n, '19');
});
