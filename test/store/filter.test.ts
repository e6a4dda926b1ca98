import { test } from 'node:test';
import assert from 'node:assert/strict';
import { andSelectors, clientFilter, parseFilter } from '../../src/store/table/filter.js';
import fuzzysort from 'fuzzysort';
import { containsIgnoreCase, FilterIndex, fuzzyMatches, queryWords, runFilter } from '../../src/store/table/fuzzy.js';
import { sortRows } from '../../src/store/table/sort.js';
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
  const idx = new FilterIndex(rows, false);
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
  const idx = new FilterIndex(rows, true);
  const r = runFilter(idx, { kind: 'fuzzy', query: 'shopfront' });
  assert.deepEqual(r.rows.map((x) => x.key), ['shop/frontend-7d9f8']);
  assert.deepEqual(r.matchAt(0), { namespace: [0, 1, 2, 3], name: [0, 1, 2, 3, 4] });
  // The namespace "web" matches "web" too.
  assert.ok(runFilter(idx, { kind: 'fuzzy', query: 'web/api' }).rows.some((x) => x.key === 'web/api'));
  assert.equal(runFilter(new FilterIndex(rows, false), { kind: 'fuzzy', query: 'web/api' }).rows.length, 0);
});

test('an extended query narrows from the previous result and gives the same rows as a full scan', () => {
  const idx = new FilterIndex(rows, true);
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
  const idx = new FilterIndex(rows, false);
  const r = runFilter(idx, { kind: 'inverse', query: 'WEB' });
  assert.deepEqual(r.rows.map((x) => x.key), ['kube-system/coredns-5d78c9869d-xyz12', 'shop/frontend-7d9f8', 'web/api']);
  assert.equal(r.matchAt(0), undefined);
  // Substring, not fuzzy: "cd" is scattered through "coredns-…" and "frontend-7d9f8" yet both are kept.
  assert.equal(runFilter(idx, { kind: 'inverse', query: 'cd' }).rows.length, rows.length);
});

test('case-insensitive subsequence and substring over namespace "/" name without building the string', () => {
  assert.ok(fuzzyMatches(queryWords('Shop/FE'), 'Frontend', 'shop'));
  assert.ok(fuzzyMatches(queryWords('p/f'), 'frontend', 'shop'));
  assert.ok(!fuzzyMatches(queryWords('p/f'), 'frontend'));
  assert.ok(fuzzyMatches(queryWords('hf'), 'frontend', 'shop'), 'a word may span the slash');
  assert.ok(containsIgnoreCase('p/fr', 'FRONT', 'shop'));
  assert.ok(containsIgnoreCase('shop', 'x', 'shop') && !containsIgnoreCase('shopx', 'x', 'shop'));
  assert.ok(containsIgnoreCase('', 'x') && !containsIgnoreCase('xy', 'x'));
});

test('names with capitals match case-insensitively in fuzzy and inverse filters', () => {
  const mixed = [recWith('Team', 'Web-API'), recWith('team', 'worker')];
  const idx = new FilterIndex(mixed, true);
  assert.deepEqual(runFilter(idx, { kind: 'fuzzy', query: 'team/wapi' }).rows.map((r) => r.name), ['Web-API']);
  assert.deepEqual(runFilter(idx, { kind: 'fuzzy', query: 'TEAM/W' }).rows.length, 2);
  assert.deepEqual(runFilter(idx, { kind: 'inverse', query: 'Web' }).rows.map((r) => r.name), ['worker']);
  assert.deepEqual(runFilter(idx, { kind: 'fuzzy', query: 'team/wapi' }).matchAt(0), { namespace: [0, 1, 2, 3], name: [0, 4, 5, 6] });
});

test('the match decision equals fuzzysort.go with threshold 0 and no limit', () => {
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const alphabet = 'abcdeAB-.0123/';
  const word = (n: number) => Array.from({ length: n }, () => alphabet[rnd(alphabet.length)]).join('');
  const targets = Array.from({ length: 400 }, () => word(3 + rnd(30)));
  for (let q = 0; q < 300; q++) {
    const query = rnd(4) === 0 ? `${word(1 + rnd(3))} ${word(1 + rnd(3))}` : word(1 + rnd(5));
    const expected = new Set(fuzzysort.go(query, targets, { threshold: 0, limit: 0 }).map((r) => r.target));
    const words = queryWords(query);
    const got = new Set(targets.filter((t) => fuzzyMatches(words, t)));
    assert.deepEqual(got, expected, `query ${JSON.stringify(query)}`);
    // Split at the first "/" into a namespace and a name: same decision.
    const split = new Set(
      targets.filter((t) => {
        const at = t.indexOf('/');
        return at < 0 ? fuzzyMatches(words, t) : fuzzyMatches(words, t.slice(at + 1), t.slice(0, at));
      }),
    );
    assert.deepEqual(split, expected, `query ${JSON.stringify(query)} over namespace/name`);
  }
});
