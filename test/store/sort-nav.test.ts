import { test } from 'node:test';
import assert from 'node:assert/strict';
import { naturalCompare, sortRows, validSortColumn } from '../../src/store/table/sort.js';
import { addRecentNamespace, crumbLabel, MAX_RECENT_NAMESPACES, NavStack } from '../../src/store/table/nav.js';
import type { NavEntry } from '../../src/store/table/nav.js';
import { defaultSort } from '../../src/store/table/sort.js';
import { things } from '../helpers/tiny-resource.js';
import { globals, parents, recWith } from '../helpers/store-fixtures.js';

test('naturalCompare orders digit runs as numbers', () => {
  const xs = ['pod-10', 'pod-2', 'pod-1', 'pod-02x', '10/10', '9/10', 'a', ''];
  assert.deepEqual(xs.sort(naturalCompare), ['', '9/10', '10/10', 'a', 'pod-1', 'pod-2', 'pod-02x', 'pod-10']);
  assert.equal(naturalCompare('x', 'x'), 0);
});

const rs = [
  recWith('b', 'one', { labels: { replicas: '10' }, created: 3000 }),
  recWith('a', 'two', { labels: { replicas: '9' }, created: 1000, deleting: true }),
  recWith('a', 'three', { labels: { replicas: '10' }, created: NaN }),
  recWith('c', 'four', { labels: { replicas: '100' }, created: 2000 }),
];
const keys = (xs: { key: string }[]) => xs.map((x) => x.key);

test('sort: default namespace+name, age youngest first, status, and by column index (numeric-aware)', () => {
  assert.deepEqual(keys(sortRows(rs)), ['a/three', 'a/two', 'b/one', 'c/four']);
  assert.deepEqual(keys(sortRows(rs, { column: 'name', desc: true })), ['c/four', 'b/one', 'a/two', 'a/three']);
  assert.deepEqual(keys(sortRows(rs, { column: 'age', desc: false })), ['b/one', 'c/four', 'a/two', 'a/three']);
  assert.deepEqual(keys(sortRows(rs, { column: 'age', desc: true })), ['a/two', 'c/four', 'b/one', 'a/three']);
  assert.deepEqual(keys(sortRows(rs, { column: 'status', desc: false }, { resource: parents })), ['a/three', 'b/one', 'c/four', 'a/two']);
  // REPLICAS (index 2): 9 < 10 < 100, ties by namespace/name.
  assert.deepEqual(keys(sortRows(rs, { column: 2, desc: false }, { resource: parents })), ['a/two', 'a/three', 'b/one', 'c/four']);
  assert.deepEqual(keys(sortRows(rs, { column: 2, desc: true }, { resource: parents })), ['c/four', 'a/three', 'b/one', 'a/two']);
  // The AGE column sorts by creation time, not by its text.
  assert.deepEqual(sortRows(rs, { column: 3, desc: false }, { resource: parents }), sortRows(rs, { column: 'age', desc: false }));
  assert.ok(validSortColumn(3, parents) && !validSortColumn(4, parents) && !validSortColumn(1.5, parents));
});

test('sort keys are cached per record', () => {
  let calls = 0;
  const counting = { ...parents, row: (r: (typeof rs)[number], now: number) => (calls++, parents.row(r, now)) };
  const cache = new WeakMap();
  sortRows(rs, { column: 2, desc: false }, { resource: counting, cache });
  assert.equal(calls, 4);
  sortRows([...rs, recWith('d', 'five')], { column: 2, desc: false }, { resource: counting, cache });
  assert.equal(calls, 5, 'only the new record is rendered');
});

const entry = (ns: string, filter = ''): NavEntry => ({ view: { resource: things, namespace: ns }, filter, sort: defaultSort });

test('nav stack: push records the selection left behind, pop restores, depth is bounded', () => {
  const nav = new NavStack(entry('root'), 5);
  nav.push(entry('one'), 'root/x');
  assert.equal(nav.all()[0]?.view.selectedKey, 'root/x');
  assert.equal(nav.pop()?.view.namespace, 'root');
  assert.equal(nav.pop(), undefined, 'the root stays');
  for (let i = 0; i < 10; i++) nav.push(entry(`n${i}`));
  assert.equal(nav.depth, 5);
  assert.deepEqual(nav.crumbs(), ['things(n5)', 'things(n6)', 'things(n7)', 'things(n8)', 'things(n9)']);
  nav.reset(entry('fresh'));
  assert.equal(nav.depth, 1);
});

test('crumb labels', () => {
  assert.equal(crumbLabel({ resource: things, namespace: undefined }), 'things(all)');
  assert.equal(crumbLabel({ resource: globals, namespace: 'x' }), 'globals');
  assert.equal(crumbLabel({ resource: things, namespace: 'a', title: 'parent a/web' }), 'parent a/web');
});

test('favourite namespaces: new ones first, known ones keep their digit, at most nine', () => {
  let l: readonly string[] = [];
  l = addRecentNamespace(l, 'a');
  l = addRecentNamespace(l, 'b');
  l = addRecentNamespace(l, undefined);
  assert.deepEqual(l, ['b', 'a']);
  assert.equal(addRecentNamespace(l, 'a'), l, 'unchanged: same array');
  for (let i = 0; i < 20; i++) l = addRecentNamespace(l, `n${i}`);
  assert.equal(l.length, MAX_RECENT_NAMESPACES);
  assert.equal(l[0], 'n19');
});
