import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppStore } from '../../src/store/app-store.js';
import { fakeSources } from '../helpers/fake-source.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { rec, things } from '../helpers/tiny-resource.js';
import { recWith } from '../helpers/store-fixtures.js';
import { resolveResource } from '../../src/resources/registry.js';

const keys = (s: AppStore) => s.getSnapshot().rows.map((r) => r.key);

const INTERVAL = 20;

/** A store on a fake clock; `tick()` lets one publish interval pass. */
function withStore(fn: (store: AppStore, f: ReturnType<typeof fakeSources>, tick: () => void, clock: FakeClock) => void, namespace?: string) {
  return () => {
    const f = fakeSources();
    const clock = new FakeClock();
    const store = new AppStore({ sources: f.factory, initial: { resource: things, namespace }, publishIntervalMs: INTERVAL, clock });
    try {
      fn(store, f, () => clock.advance(INTERVAL), clock);
    } finally {
      store.dispose();
    }
  };
}

test(
  'fuzzy filter: rows in table order, total unfiltered, match positions, shown in the snapshot',
  withStore((store, f, tick) => {
    f.last().put(rec('shop', 'web-2'), rec('shop', 'api'), rec('dev', 'web-1'), rec('dev', 'worker'), rec('web', 'db'));
    tick();
    assert.equal(store.getSnapshot().total, 5);
    store.setFilter('web');
    tick();
    assert.equal(store.getSnapshot().filter?.text, 'web');
    const s = store.getSnapshot();
    // All-namespace view: "web/db" matches by namespace; table order (namespace, name) is kept.
    assert.deepEqual(keys(store), ['dev/web-1', 'shop/web-2', 'web/db']);
    assert.equal(s.total, 5);
    assert.deepEqual(s.filter, { text: 'web', kind: 'fuzzy' });
    assert.deepEqual(s.matchAt(0), { namespace: [], name: [0, 1, 2] });
    assert.deepEqual(s.matchAt(2), { namespace: [0, 1, 2], name: [] });
    assert.equal(f.all.length, 1, 'a client-side filter never reopens the cache');
    // New rows are filtered as they arrive.
    f.last().put(rec('dev', 'webhook'), rec('dev', 'cron'));
    tick();
    assert.equal(store.getSnapshot().total, 7);
    assert.deepEqual(keys(store), ['dev/web-1', 'dev/webhook', 'shop/web-2', 'web/db']);
  }),
);

test(
  'inverse filter and clearing',
  withStore((store, f, tick) => {
    f.last().put(rec('a', 'web-1'), rec('a', 'api'), rec('a', 'canary-web'));
    tick();
    assert.equal(store.getSnapshot().total, 3);
    store.setFilter('!web');
    tick();
    assert.equal(store.getSnapshot().filter?.kind, 'inverse');
    assert.deepEqual(keys(store), ['a/api']);
    assert.equal(store.getSnapshot().matchAt(0), undefined);
    assert.equal(store.clearFilter(), true);
    tick();
    assert.equal(store.getSnapshot().filter, undefined);
    assert.equal(store.getSnapshot().rows.length, 3);
    assert.equal(store.clearFilter(), false, 'nothing left to clear: Esc may go back');
  }, 'a'),
);

test(
  'label selector reopens the cache server-side; a bad one flashes its error and keeps the old cache and rows',
  withStore((store, f, tick) => {
    const first = f.last();
    first.put(rec('a', 'x'), rec('a', 'y'));
    tick();
    assert.equal(store.getSnapshot().total, 2);
    store.setFilter('-l tier in (b,a), app=web');
    assert.equal(f.all.length, 2);
    assert.ok(first.stopped);
    assert.equal(f.last().req.labelSelector, 'app=web,tier in (a,b)');
    assert.equal(f.last().req.namespace, 'a');
    assert.deepEqual(store.getSnapshot().filter, { text: '-l tier in (b,a), app=web', kind: 'label' });
    f.last().put(recWith('a', 'web-1', { labels: { app: 'web', tier: 'a' } }));
    tick();
    assert.equal(store.getSnapshot().total, 1);
    const good = f.last();

    store.setFilter('-l app in (web');
    const s = store.getSnapshot();
    assert.equal(f.all.length, 2, 'no new cache');
    assert.equal(good.stopped, false);
    assert.equal(s.flash?.level, 'error');
    assert.match(s.flash?.text ?? '', /invalid label selector "app in \(web": found end of input/);
    assert.equal(s.filter?.kind, 'label');
    assert.equal(s.filter?.text, '-l app in (web');
    assert.match(s.filter?.error ?? '', /invalid label selector/);
    assert.deepEqual(keys(store), ['a/web-1'], 'rows unchanged');

    // The same selector again does not reopen; clearing goes back to an unselected cache.
    store.setFilter('-l app=web,tier in (a,b)');
    assert.equal(f.all.length, 2);
    tick();
    assert.equal(store.getSnapshot().filter?.error, undefined);
    assert.equal(store.getSnapshot().filter?.text, '-l app=web,tier in (a,b)');
    assert.equal(store.clearFilter(), true);
    assert.equal(f.all.length, 3);
    assert.equal(f.last().req.labelSelector, undefined);
  }, 'a'),
);

test('field selector reopens the cache with fieldSelector; unsupported pod fields are refused before any request', () => {
  const f = fakeSources();
  const pods = resolveResource('pods');
  assert.ok(pods);
  const store = new AppStore({ sources: f.factory, initial: { resource: pods, namespace: undefined } });
  try {
    store.setFilter('-f spec.nodeName=node-1');
    assert.equal(f.all.length, 2);
    assert.equal(f.last().req.fieldSelector, 'spec.nodeName=node-1');
    assert.equal(f.last().req.labelSelector, undefined);
    assert.deepEqual(store.getSnapshot().filter, { text: '-f spec.nodeName=node-1', kind: 'field' });
    store.setFilter('-f spec.node=node-1');
    assert.equal(f.all.length, 2);
    assert.equal(store.getSnapshot().flash?.text, 'field label not supported: spec.node');
    assert.equal(f.last().stopped, false);
    assert.equal(store.clearFilter(), true);
    assert.equal(f.last().req.fieldSelector, undefined);
  } finally {
    store.dispose();
  }
});

test(
  'typing a filter while events stream in stays coalesced',
  withStore((store, f, tick, clock) => {
    const src = f.last();
    for (let i = 0; i < 200; i++) src.put(rec('a', `pod-${i}`));
    tick();
    assert.equal(store.getSnapshot().total, 200);
    tick(); // idle for an interval
    let published = 0;
    store.subscribe(() => published++);
    const query = 'pod-1';
    for (let k = 1; k <= query.length; k++) {
      store.setFilter(query.slice(0, k));
      for (let i = 0; i < 50; i++) src.put(rec('a', `pod-${200 + k * 50 + i}`));
    }
    assert.equal(published, 1, 'the first keystroke after an idle interval is shown at once');
    assert.equal(store.getSnapshot().filter?.text, 'p');
    tick();
    assert.equal(published, 2, 'the rest of the burst: one more snapshot');
    assert.ok(store.getSnapshot().filter?.text === 'pod-1' && store.getSnapshot().total === 450);
    const names = store.getSnapshot().rows.map((r) => r.name);
    assert.ok(names.includes('pod-1') && names.includes('pod-421') && !names.includes('pod-2'));
    assert.ok(names.every((n) => /^pod-.*1/.test(n)), 'fuzzy: "pod-1" in order');
    clock.advance(1000);
    assert.equal(published, 2, 'nothing published without a change');
    store.setFilter('pod-1');
    clock.advance(1000);
    assert.equal(published, 2, 'the same filter again is no change');
  }, 'a'),
);

test(
  'sort by column in the store, kept while filtering; invalid columns are refused',
  withStore((store, f, tick) => {
    f.last().put(rec('a', 'b'), { ...rec('a', 'c'), deleting: true }, rec('a', 'a'));
    tick();
    assert.equal(store.getSnapshot().total, 3);
    assert.equal(store.setSort(1, true), true);
    tick();
    assert.equal(store.getSnapshot().sort.column, 1);
    assert.deepEqual(keys(store), ['a/c', 'a/a', 'a/b']);
    store.setFilter('!b');
    tick();
    assert.notEqual(store.getSnapshot().filter, undefined);
    assert.deepEqual(keys(store), ['a/c', 'a/a']);
    assert.equal(store.setSort(7), false);
    assert.deepEqual(store.getSnapshot().sort, { column: 1, desc: true });
  }, 'a'),
);
