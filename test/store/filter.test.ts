import { test } from 'node:test';
import assert from 'node:assert/strict';
import { andSelectors, clientFilter, parseFilter } from '../../src/store/filter.js';
import { FilterIndex, runFilter } from '../../src/store/fuzzy.js';
import type { TargetCache } from '../../src/store/fuzzy.js';
import { sortRows } from '../../src/store/sort.js';
import { resolveResource } from '../../src/resources/registry.js';
import { things } from '../helpers/tiny-resource.js';
import { recWith } from '../helpers/store-fixtures.js';

const pods = resolveResource('pods');

test('parseFilter: fuzzy, inverse, label and field selectors', () => {
  assert.deepEqual(parseFilter('  '), { kind: 'none', text: '' });
  assert.deepEqual(parseFilter(' fe web '), { kind: 'fuzzy', text: 'fe web', query: 'fe web' });
  assert.deepEqual(parseFilter('!canary'), { kind: 'inverse', text: '!canary', query: 'canary' });
  assert.deepEqual(parseFilter('-l tier in (b, a),app=web,!canary'), {
    kind: 'label',
    text: '-l tier in (b, a),app=web,!canary',
    selector: 'app=web,!canary,tier in (a,b)',
  });
  assert.deepEqual(parseFilter('-f spec.nodeName=node-1', pods), {
    kind: 'field',
    text: '-f spec.nodeName=node-1',
    selector: 'spec.nodeName=node-1',
  });
  // "-lfoo" is not a flag: a name can't start with "-", so it is just a (matchless) fuzzy query.
  assert.equal(parseFilter('-lfoo').kind, 'fuzzy');
});

test('parseFilter: bad selectors come back with the parser message', () => {
  const bad = parseFilter('-l app in (a');
  assert.ok('error' in bad);
  assert.match(bad.error, /invalid label selector "app in \(a": found end of input/);
  const empty = parseFilter('-l');
  assert.ok('error' in empty && /empty label selector/.test(empty.error));
  const field = parseFilter('-f spec.nodeNam=x', pods);
  assert.ok('error' in field && field.error === 'field label not supported: spec.nodeNam');
  // Other kinds: only the syntax is checked; the server knows which fields it supports.
  assert.equal(parseFilter('-f involvedObject.name=x', things).kind, 'field');
  assert.ok('error' in parseFilter('-f nonsense', things));
});

test('clientFilter and andSelectors', () => {
  assert.equal(clientFilter(parseFilter('-l app=web')), undefined);
  assert.equal(clientFilter(parseFilter('!')), undefined);
  assert.deepEqual(clientFilter(parseFilter('web')), { kind: 'fuzzy', query: 'web' });
  assert.equal(andSelectors(undefined, ''), undefined);
  assert.equal(andSelectors('app=web', 'tier=a'), 'app=web,tier=a');
  assert.equal(andSelectors(undefined, 'tier=a'), 'tier=a');
});

const rows = sortRows([
  recWith('shop', 'frontend-7d9f8'),
  recWith('shop', 'web-1'),
  recWith('kube-system', 'coredns-5d78c9869d-xyz12'),
  recWith('web', 'api'),
  recWith('shop', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaweb'),
  recWith('default', 'mywebserver'),
]);

test('fuzzy keeps table order, not score order, and keeps weak matches (threshold 0)', () => {
  const idx = new FilterIndex(rows, false, new WeakMap() as TargetCache);
  const r = runFilter(idx, { kind: 'fuzzy', query: 'web' });
  // Table order is namespace, then name; the long name scores far below 0.5 but contains "web".
  assert.deepEqual(
    r.rows.map((x) => x.key),
    ['default/mywebserver', 'shop/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaweb', 'shop/web-1'],
  );
  assert.deepEqual(r.matchAt(0), { name: [2, 3, 4], namespace: [] });
  assert.deepEqual(r.matchAt(2), { name: [0, 1, 2], namespace: [] });
  assert.equal(r.matchAt(99), undefined);
  assert.deepEqual(runFilter(idx, { kind: 'fuzzy', query: 'dns' }).rows.map((x) => x.name), ['coredns-5d78c9869d-xyz12']);
});

test('fuzzy over namespace/name in all-namespace views, with positions split per cell', () => {
  const idx = new FilterIndex(rows, true, new WeakMap() as TargetCache);
  const r = runFilter(idx, { kind: 'fuzzy', query: 'shopfront' });
  assert.deepEqual(r.rows.map((x) => x.key), ['shop/frontend-7d9f8']);
  assert.deepEqual(r.matchAt(0), { namespace: [0, 1, 2, 3], name: [0, 1, 2, 3, 4] });
  // The namespace "web" matches "web" too.
  assert.ok(runFilter(idx, { kind: 'fuzzy', query: 'web/api' }).rows.some((x) => x.key === 'web/api'));
  assert.equal(runFilter(new FilterIndex(rows, false, new WeakMap()), { kind: 'fuzzy', query: 'web/api' }).rows.length, 0);
});

test('an extended query narrows from the previous result and gives the same rows as a full scan', () => {
  const idx = new FilterIndex(rows, true, new WeakMap());
  let prev = runFilter(idx, { kind: 'fuzzy', query: 's' });
  for (const q of ['sh', 'sho', 'shop', 'shop ', 'shop w', 'shop we']) {
    const narrowed = runFilter(idx, { kind: 'fuzzy', query: q }, prev);
    const full = runFilter(idx, { kind: 'fuzzy', query: q });
    assert.deepEqual(narrowed.rows, full.rows, q);
    prev = narrowed;
  }
  // Backspace is a full scan again.
  const back = runFilter(idx, { kind: 'fuzzy', query: 'sh' }, prev);
  assert.deepEqual(back.rows, runFilter(idx, { kind: 'fuzzy', query: 'sh' }).rows);
});

test('inverse keeps the rows whose name does not contain the text (case-insensitive substring)', () => {
  const idx = new FilterIndex(rows, false, new WeakMap());
  const r = runFilter(idx, { kind: 'inverse', query: 'WEB' });
  assert.deepEqual(r.rows.map((x) => x.key), ['kube-system/coredns-5d78c9869d-xyz12', 'shop/frontend-7d9f8', 'web/api']);
  assert.equal(r.matchAt(0), undefined);
  // Substring, not fuzzy: "cd" is scattered through "coredns-…" and "frontend-7d9f8" yet both are kept.
  assert.equal(runFilter(idx, { kind: 'inverse', query: 'cd' }).rows.length, rows.length);
});

test('prepared targets are reused across rows changes (cached by record identity)', () => {
  const cache: TargetCache = new WeakMap();
  const a = new FilterIndex(rows, false, cache);
  const before = a.prepared();
  const changed = [...rows.slice(1), recWith('zz', 'new')];
  const b = new FilterIndex(changed, false, cache);
  const after = b.prepared();
  assert.equal(after[0], before[1]);
  assert.notEqual(after[after.length - 1], undefined);
});
