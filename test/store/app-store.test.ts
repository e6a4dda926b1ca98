import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppStore } from '../../src/store/app-store.js';
import { deferredSources } from '../../src/store/sources/deferred-source.js';
import type { SourceFactory } from '../../src/store/sources/source.js';
import { fakeSources } from '../helpers/fake-source.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { waitFor } from '../helpers/wait.js';
import { rec, things } from '../helpers/tiny-resource.js';

/** The fake source's next page of 10 rows (`a/p<n>-<i>`), still loading or the last one. */
function nextPage(f: ReturnType<typeof fakeSources>, n: number, loading: boolean): void {
  const src = f.last();
  for (let i = 0; i < 10; i++) src.map.set(`a/p${n}-${i}`, rec('a', `p${n}-${i}`));
  src.state = { phase: 'connecting', since: 0, attempt: 0, ...(loading ? { loading: true } : {}) };
  src.version++;
  src.req.onChange();
}

test('publishes sorted snapshots (namespace, then name) when the cache changes', () => {
  const f = fakeSources();
  const clock = new FakeClock();
  const store = new AppStore({ sources: f.factory, initial: { resource: things, namespace: undefined }, clock });
  try {
    assert.equal(store.getSnapshot().state.phase, 'connecting');
    assert.ok(f.last().started);
    assert.equal(f.last().req.namespace, undefined);
    f.last().put(rec('b', 'x'), rec('a', 'z'), rec('a', 'y'));
    assert.equal(store.getSnapshot().rows.length, 0, 'not before the publish interval');
    clock.advance(50);
    assert.deepEqual(
      store.getSnapshot().rows.map((r) => r.key),
      ['a/y', 'a/z', 'b/x'],
    );
    assert.equal(store.getSnapshot().state.phase, 'synced');
  } finally {
    store.dispose();
  }
});

test('a burst of changes is coalesced into one snapshot, and nothing is published without change', () => {
  const f = fakeSources();
  const clock = new FakeClock();
  const store = new AppStore({ sources: f.factory, initial: { resource: things, namespace: 'a' }, publishIntervalMs: 50, clock });
  let published = 0;
  store.subscribe(() => published++);
  try {
    f.last().put(rec('a', 'first'));
    clock.advance(50);
    assert.equal(store.getSnapshot().rows.length, 1);
    published = 0;
    for (let i = 0; i < 500; i++) f.last().put(rec('a', `p${i}`));
    clock.advance(49);
    assert.equal(published, 0, 'nothing within the interval');
    clock.advance(1);
    assert.equal(store.getSnapshot().rows.length, 501);
    assert.equal(published, 1, 'one snapshot for one burst');
    clock.advance(10_000);
    assert.equal(published, 1, 'no snapshot without a change (the poll sees none)');
  } finally {
    store.dispose();
  }
});

test('the poll publishes a state change the source did not announce', () => {
  const f = fakeSources();
  const clock = new FakeClock();
  const store = new AppStore({ sources: f.factory, initial: { resource: things, namespace: 'a' }, pollMs: 250, clock });
  try {
    f.last().state = { phase: 'error', since: 0, attempt: 1, message: 'connection refused' };
    clock.advance(249);
    assert.equal(store.getSnapshot().state.phase, 'connecting');
    clock.advance(1 + 50);
    assert.equal(store.getSnapshot().state.phase, 'error');
    assert.equal(store.getSnapshot().state.message, 'connection refused');
  } finally {
    store.dispose();
  }
});

test('switching views stops the old cache and starts one for the new namespace', () => {
  const f = fakeSources();
  const clock = new FakeClock();
  const store = new AppStore({ sources: f.factory, initial: { resource: things, namespace: undefined }, clock });
  try {
    const first = f.last();
    first.put(rec('a', 'x'));
    clock.advance(50);
    assert.equal(store.getSnapshot().rows.length, 1);
    store.setView({ resource: things, namespace: 'shop' });
    assert.ok(first.stopped);
    assert.equal(f.last().req.namespace, 'shop');
    assert.equal(store.getSnapshot().rows.length, 0);
    first.put(rec('a', 'late'));
    clock.advance(1000);
    assert.equal(store.getSnapshot().rows.length, 0, 'events of a stopped cache are ignored');
  } finally {
    store.dispose();
  }
});

test('flash messages clear themselves after flashMs; a newer flash restarts the time', () => {
  const f = fakeSources();
  const clock = new FakeClock();
  const store = new AppStore({ sources: f.factory, initial: { resource: things, namespace: undefined }, flashMs: 4000, clock });
  try {
    store.flash('unknown command "x"', 'error');
    assert.equal(store.getSnapshot().flash?.text, 'unknown command "x"');
    clock.advance(3000);
    store.flash('second');
    clock.advance(3999);
    assert.equal(store.getSnapshot().flash?.text, 'second');
    clock.advance(1);
    assert.equal(store.getSnapshot().flash, undefined);
  } finally {
    store.dispose();
  }
});

test('dispose leaves no timer behind', () => {
  const f = fakeSources();
  const clock = new FakeClock();
  const store = new AppStore({ sources: f.factory, initial: { resource: things, namespace: undefined }, clock });
  store.flash('bye');
  f.last().put(rec('a', 'x'));
  assert.ok(clock.pending().length >= 3, 'poll, flash and publish timers');
  store.dispose();
  assert.deepEqual(clock.pending(), []);
});

test('deferred sources report connecting, then hand over to the real cache', async () => {
  const f = fakeSources();
  let resolve!: (f: SourceFactory) => void;
  const pending = new Promise<SourceFactory>((r) => (resolve = r));
  const store = new AppStore({ sources: deferredSources(pending), initial: { resource: things, namespace: undefined } });
  try {
    assert.equal(store.getSnapshot().state.phase, 'connecting');
    resolve(f.factory);
    await waitFor(() => f.all.length === 1, { what: 'the real source factory' });
    assert.ok(f.last().started);
    f.last().put(rec('a', 'x'));
    await waitFor(() => store.getSnapshot().rows.length === 1, { what: 'the row' });
  } finally {
    store.dispose();
  }
});

test('a deferred factory that fails shows the error as the cache state', async () => {
  const store = new AppStore({
    sources: deferredSources(Promise.reject(new Error('unreachable: connect ECONNREFUSED'))),
    initial: { resource: things, namespace: undefined },
  });
  try {
    await waitFor(() => store.getSnapshot().state.phase === 'error', { what: 'the error state' });
    assert.match(store.getSnapshot().state.message ?? '', /ECONNREFUSED/);
  } finally {
    store.dispose();
  }
});

test('the first page of a first list is shown as soon as it is in, however soon after the view opened', () => {
  const f = fakeSources();
  const clock = new FakeClock();
  const store = new AppStore({ sources: f.factory, initial: { resource: things, namespace: undefined }, publishIntervalMs: 50, clock });
  const t0 = clock.now();
  const shown: [number, number][] = []; // ms since t0, rows
  store.subscribe(() => shown.push([clock.now() - t0, store.getSnapshot().rows.length]));
  const page = (n: number): void => nextPage(f, n, true);
  try {
    clock.advance(300);
    page(0); // 300 ms after the view opened: not held to the loading pace (1 s)
    assert.deepEqual(shown, [[300, 10]]);
    clock.advance(100);
    page(1); // later pages at the loading pace again
    clock.advance(500);
    assert.deepEqual(shown, [[300, 10]]);
    clock.advance(500);
    assert.deepEqual(shown, [[300, 10], [1300, 20]]);
  } finally {
    store.dispose();
  }
});

test('while the first list arrives, its pages are shown at most once a second (the first at once); the complete list at once', () => {
  const f = fakeSources();
  const clock = new FakeClock();
  const store = new AppStore({ sources: f.factory, initial: { resource: things, namespace: undefined }, publishIntervalMs: 50, clock });
  const t0 = clock.now();
  const shown: [number, number, boolean][] = []; // ms since t0, rows, loading
  store.subscribe(() => {
    const s = store.getSnapshot();
    shown.push([clock.now() - t0, s.rows.length, s.state.loading === true]);
  });
  const page = (n: number, loading: boolean): void => nextPage(f, n, loading);
  try {
    clock.advance(1000);
    page(0, true); // the first page: nothing published for long, at once
    clock.advance(0);
    assert.deepEqual(shown, [[1000, 10, true]]);
    for (let k = 1; k <= 17; k++) {
      clock.advance(60);
      page(k, true); // a page every 60 ms, the last at t = 2020
    }
    assert.deepEqual(shown, [[1000, 10, true], [2000, 170, true]], 'pages folded: one snapshot a second');
    clock.advance(20);
    page(18, false); // t = 2040: the last page, 40 ms after the last snapshot
    assert.deepEqual(shown[2], [2040, 190, false], 'the complete list at once');
    assert.equal(shown.length, 3);
    clock.advance(1000);
    assert.equal(shown.length, 3, 'nothing more to show');
  } finally {
    store.dispose();
  }
});

test('a user change is shown at the base interval even while the first list arrives; caughtUp says when a snapshot shows it', () => {
  const f = fakeSources();
  const clock = new FakeClock();
  const store = new AppStore({ sources: f.factory, initial: { resource: things, namespace: undefined }, publishIntervalMs: 50, clock });
  const t0 = clock.now();
  const shown: [number, number, string | undefined][] = []; // ms since t0, rows, filter
  store.subscribe(() => {
    const s = store.getSnapshot();
    shown.push([clock.now() - t0, s.rows.length, s.filter?.text]);
  });
  const page = (n: number): void => nextPage(f, n, true);
  try {
    const before = store.getSnapshot();
    assert.ok(store.caughtUp(before));
    clock.advance(1000);
    page(0); // at once; the next page waits for the loading pace (1 s)
    clock.advance(20);
    page(1);
    assert.equal(shown.length, 1);
    const first = store.getSnapshot();
    assert.ok(store.caughtUp(first), 'pages are not the user\'s changes');
    store.setFilter('p1-'); // 20 ms after the last snapshot: shown 50 ms after it, not with the next page
    assert.ok(!store.caughtUp(first), 'the snapshot on screen does not show the filter yet');
    clock.advance(29);
    assert.equal(shown.length, 1);
    clock.advance(1);
    assert.deepEqual(shown[1], [1050, 10, 'p1-']);
    assert.ok(store.caughtUp(store.getSnapshot()));
    store.setSort('name', true);
    assert.ok(!store.caughtUp(store.getSnapshot()), 'a sort is a change too');
    clock.advance(50);
    assert.ok(store.caughtUp(store.getSnapshot()));
    store.setFilter('p1-'); // the same filter again changes nothing: nothing to wait for
    assert.ok(store.caughtUp(store.getSnapshot()));
    store.dispose();
    assert.ok(store.caughtUp(first), 'a disposed store holds no key back');
  } finally {
    store.dispose();
  }
});
