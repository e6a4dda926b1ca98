import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppStore } from '../../src/store/app-store.js';
import { MAX_DEPTH } from '../../src/store/table/nav.js';
import { fakeSources } from '../helpers/fake-source.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { rec, things } from '../helpers/tiny-resource.js';
import { globals, parents } from '../helpers/store-fixtures.js';

function setup(namespace: string | undefined = 'shop') {
  const f = fakeSources();
  const clock = new FakeClock();
  const store = new AppStore({ sources: f.factory, initial: { resource: parents, namespace }, clock });
  /** One publish interval passes. */
  const tick = () => clock.advance(50);
  return { f, store, tick };
}

test('drill pushes the target view with its selector and title; back restores view, filter, sort and selection', () => {
  const { f, store, tick } = setup();
  try {
    const root = f.last();
    root.put(rec('shop', 'frontend'), rec('shop', 'backend'), rec('shop', 'cart'));
    tick();
    assert.equal(store.getSnapshot().total, 3);
    store.setFilter('end');
    store.setSort('age', true);
    tick();
    assert.ok(store.getSnapshot().sort.column === 'age' && store.getSnapshot().rows.length === 2);
    const target = store.getSnapshot().rows.find((r) => r.name === 'frontend');
    assert.ok(target);

    assert.equal(store.drill(target), true);
    let s = store.getSnapshot();
    assert.ok(root.stopped);
    assert.equal(f.last().req.resource.plural, 'pods');
    assert.equal(f.last().req.namespace, 'shop');
    assert.equal(f.last().req.labelSelector, 'app=frontend');
    assert.equal(s.view.title, 'parent shop/frontend');
    assert.equal(s.view.labelSelector, 'app=frontend');
    assert.deepEqual(s.crumbs, ['parents(shop)', 'parent shop/frontend']);
    assert.equal(s.filter, undefined, 'a new view starts unfiltered');
    assert.deepEqual(s.sort, { column: 'name', desc: false });

    // A filter in the drilled view ANDs with the view's selector.
    store.setFilter('-l tier=web');
    assert.equal(f.last().req.labelSelector, 'app=frontend,tier=web');

    assert.equal(store.back(), true);
    s = store.getSnapshot();
    assert.equal(s.view.resource, parents);
    assert.equal(s.view.selectedKey, 'shop/frontend');
    assert.deepEqual(s.filter, { text: 'end', kind: 'fuzzy' });
    assert.deepEqual(s.sort, { column: 'age', desc: true });
    assert.deepEqual(s.crumbs, ['parents(shop)']);
    assert.equal(f.last().req.resource, parents);
    assert.equal(f.last().req.labelSelector, undefined);
    f.last().put(rec('shop', 'frontend'), rec('shop', 'backend'), rec('shop', 'cart'));
    tick();
    assert.equal(store.getSnapshot().total, 3);
    assert.deepEqual(
      store.getSnapshot().rows.map((r) => r.name),
      ['backend', 'frontend'],
    );
    assert.equal(store.back(), false, 'at the root');
  } finally {
    store.dispose();
  }
});

test('drill is refused for kinds or rows without a drill-down', () => {
  const { f, store } = setup();
  try {
    assert.equal(store.drill(rec('shop', 'orphan')), false);
    store.setView({ resource: things, namespace: 'shop' });
    assert.equal(store.drill(rec('shop', 'x')), false);
    assert.equal(f.all.length, 2);
    assert.deepEqual(store.getSnapshot().crumbs, ['things(shop)']);
  } finally {
    store.dispose();
  }
});

test('the stack depth is bounded; a : command (setView) starts a new root', () => {
  const { f, store } = setup();
  try {
    for (let i = 0; i < MAX_DEPTH + 5; i++) store.push({ resource: parents, namespace: `n${i}` }, `shop/p${i}`);
    assert.equal(store.drill(rec('shop', 'last')), true);
    assert.equal(store.getSnapshot().crumbs.length, MAX_DEPTH);
    assert.equal(store.getSnapshot().crumbs.at(-1), 'parent shop/last');
    assert.equal(store.getSnapshot().crumbs[0], 'parents(n6)', 'the oldest entries are forgotten');
    assert.equal(f.all.filter((s) => !s.stopped).length, 1, 'only the top view has a live cache');
    store.setView({ resource: things, namespace: undefined });
    assert.deepEqual(store.getSnapshot().crumbs, ['things(all)']);
    assert.equal(store.back(), false);
  } finally {
    store.dispose();
  }
});

test('push with a leaving key, and setNamespace / favourites on the current view', () => {
  const { f, store } = setup('shop');
  try {
    store.push({ resource: things, namespace: 'dev', title: 'custom' }, 'shop/x');
    assert.deepEqual(store.getSnapshot().crumbs, ['parents(shop)', 'custom']);
    assert.deepEqual(store.getSnapshot().recentNamespaces, ['dev', 'shop']);
    store.setFilter('abc');
    store.setNamespace('prod');
    let s = store.getSnapshot();
    assert.equal(f.last().req.namespace, 'prod');
    assert.equal(s.view.title, undefined, 'the drill-down context is dropped');
    assert.equal(s.filter?.text, 'abc', 'the filter stays');
    assert.deepEqual(s.crumbs, ['parents(shop)', 'things(prod)']);
    assert.deepEqual(s.recentNamespaces, ['prod', 'dev', 'shop']);
    // 0 = all namespaces; 3 = the third favourite; a known namespace keeps its digit.
    assert.equal(store.selectFavourite(0), true);
    assert.equal(f.last().req.namespace, undefined);
    assert.equal(store.selectFavourite(3), true);
    s = store.getSnapshot();
    assert.equal(s.view.namespace, 'shop');
    assert.deepEqual(s.recentNamespaces, ['prod', 'dev', 'shop']);
    assert.equal(store.selectFavourite(4), false);
    const opened = f.all.length;
    store.setNamespace('shop');
    assert.equal(f.all.length, opened, 'same namespace: nothing reopened');
    assert.equal(store.back(), true);
    assert.equal(store.getSnapshot().view.selectedKey, 'shop/x');
  } finally {
    store.dispose();
  }
});

test('cluster-scoped views keep their cache when the namespace changes', () => {
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: globals, namespace: undefined } });
  try {
    store.setNamespace('dev');
    assert.equal(f.all.length, 1);
    assert.equal(store.getSnapshot().view.namespace, 'dev');
    assert.deepEqual(store.getSnapshot().recentNamespaces, []);
  } finally {
    store.dispose();
  }
});
