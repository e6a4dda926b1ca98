import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppStore } from '../../src/store/app-store.js';
import { deferredSources } from '../../src/store/sources/deferred-source.js';
import type { SourceFactory } from '../../src/store/sources/source.js';
import { fakeSources, until } from '../helpers/fake-source.js';
import { rec, things } from '../helpers/tiny-resource.js';

test('publishes sorted snapshots (namespace, then name) when the cache changes', async () => {
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: things, namespace: undefined } });
  try {
    assert.equal(store.getSnapshot().state.phase, 'connecting');
    assert.ok(f.last().started);
    assert.equal(f.last().req.namespace, undefined);
    f.last().put(rec('b', 'x'), rec('a', 'z'), rec('a', 'y'));
    await until(() => store.getSnapshot().rows.length === 3, 2000, 'snapshot');
    assert.deepEqual(
      store.getSnapshot().rows.map((r) => r.key),
      ['a/y', 'a/z', 'b/x'],
    );
    assert.equal(store.getSnapshot().state.phase, 'synced');
  } finally {
    store.dispose();
  }
});

test('a burst of changes is coalesced into few snapshots, and nothing is published without change', async () => {
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: things, namespace: 'a' }, publishIntervalMs: 50 });
  let published = 0;
  store.subscribe(() => published++);
  try {
    f.last().put(rec('a', 'first'));
    await until(() => store.getSnapshot().rows.length === 1);
    published = 0;
    for (let i = 0; i < 500; i++) f.last().put(rec('a', `p${i}`));
    await until(() => store.getSnapshot().rows.length === 501);
    assert.ok(published <= 2, `expected at most 2 snapshots for one burst, got ${published}`);
    const before = published;
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(published, before, 'no snapshot without a change');
  } finally {
    store.dispose();
  }
});

test('switching views stops the old cache and starts one for the new namespace', async () => {
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: things, namespace: undefined } });
  try {
    const first = f.last();
    first.put(rec('a', 'x'));
    await until(() => store.getSnapshot().rows.length === 1);
    store.setView({ resource: things, namespace: 'shop' });
    assert.ok(first.stopped);
    assert.equal(f.last().req.namespace, 'shop');
    assert.equal(store.getSnapshot().rows.length, 0);
    first.put(rec('a', 'late'));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(store.getSnapshot().rows.length, 0, 'events of a stopped cache are ignored');
  } finally {
    store.dispose();
  }
});

test('flash messages clear themselves', async () => {
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: things, namespace: undefined }, flashMs: 50 });
  try {
    store.flash('unknown command "x"', 'error');
    assert.equal(store.getSnapshot().flash?.text, 'unknown command "x"');
    await until(() => store.getSnapshot().flash === undefined, 2000, 'flash to clear');
  } finally {
    store.dispose();
  }
});

test('deferred sources report connecting, then hand over to the real cache', async () => {
  const f = fakeSources();
  let resolve!: (f: SourceFactory) => void;
  const pending = new Promise<SourceFactory>((r) => (resolve = r));
  const store = new AppStore({ sources: deferredSources(pending), initial: { resource: things, namespace: undefined } });
  try {
    assert.equal(store.getSnapshot().state.phase, 'connecting');
    resolve(f.factory);
    await until(() => f.all.length === 1);
    assert.ok(f.last().started);
    f.last().put(rec('a', 'x'));
    await until(() => store.getSnapshot().rows.length === 1);
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
    await until(() => store.getSnapshot().state.phase === 'error', 2000, 'error state');
    assert.match(store.getSnapshot().state.message ?? '', /ECONNREFUSED/);
  } finally {
    store.dispose();
  }
});
