import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseLabelSelector,
  matchesLabels,
  fromLabelSelector,
  selectorToString,
  formatLabelSelector,
  parseFieldSelector,
  matchesFields,
  fieldSelectorToString,
  fieldValue,
} from '../../src/util/selector.js';
import type { Selector, FieldSelector } from '../../src/util/selector.js';
import type { Pod } from '../../src/util/k8s.js';

function parse(s: string): Selector {
  const r = parseLabelSelector(s);
  if (!r.ok) throw new Error(r.error);
  return r.selector;
}
function parseErr(s: string): string {
  const r = parseLabelSelector(s);
  if (r.ok) throw new Error(`expected ${JSON.stringify(s)} to fail, got ${selectorToString(r.selector)}`);
  return r.error;
}

const L = { app: 'web', tier: 'front', env: 'prod', n: '7' };

void test('label selector fixtures: parse, canonical string, match', () => {
  // [input, canonical string, matches L]
  const cases: [string, string, boolean][] = [
    ['', '', true],
    ['app=web', 'app=web', true],
    ['app==web', 'app==web', true],
    ['app!=web', 'app!=web', false],
    ['app!=api', 'app!=api', true],
    ['missing!=x', 'missing!=x', true],
    ['app', 'app', true],
    ['!app', '!app', false],
    ['!missing', '!missing', true],
    ['tier in (front, back)', 'tier in (back,front)', true],
    ['tier in (back)', 'tier in (back)', false],
    ['tier notin (back)', 'tier notin (back)', true],
    ['missing notin (x)', 'missing notin (x)', true],
    ['missing in (x)', 'missing in (x)', false],
    ['tier in (front,front)', 'tier in (front)', true],
    ['  app = web ,  env=prod ', 'app=web,env=prod', true],
    ['tier in (a,b),app=web', 'app=web,tier in (a,b)', false],
    ['app=web,env=dev', 'app=web,env=dev', false],
    ['example.com/role=x', 'example.com/role=x', false],
    ['app=', 'app=', false],
    ['n>5', 'n>5', true],
    ['n<5', 'n<5', false],
    ['app>5', 'app>5', false],
    ['app=in', 'app=in', false],
  ];
  for (const [input, canonical, matches] of cases) {
    const sel = parse(input);
    assert.equal(selectorToString(sel), canonical, `string of ${input}`);
    assert.equal(matchesLabels(sel, L), matches, `match of ${input}`);
    // the canonical form re-parses to the same selector
    assert.deepEqual(parse(canonical), sel, `round trip of ${input}`);
  }
});

void test('empty labels and undefined labels', () => {
  assert.equal(matchesLabels(parse('app'), undefined), false);
  assert.equal(matchesLabels(parse('!app'), undefined), true);
  assert.equal(matchesLabels(parse('app=,x notin (y)'), { app: '' }), true);
  assert.equal(matchesLabels(parse(''), undefined), true);
  // own properties only: "constructor" is not a label
  assert.equal(matchesLabels(parse('constructor'), {}), false);
});

void test('label selector syntax errors are clear', () => {
  const cases: [string, RegExp][] = [
    ['app=web,', /found end of input at position 8, expected a label key/],
    [',app', /found ',' at position 0, expected a label key/],
    ['app in web', /found 'web' at position 7, expected '\(' after 'in'/],
    ['app in (a b)', /found 'b' at position 10, expected ',' or '\)'/],
    ['app in ()', /values of 'app in' must not be empty/],
    ['app in (a', /found end of input .* expected ',' or '\)'/],
    ['app web', /found 'web' at position 4, expected an operator/],
    ['app=a=b', /found '=' at position 5, expected ',' between requirements/],
    ['-bad=x', /label key "-bad" must consist of alphanumerics/],
    ['app=has space', /found 'space'/],
    ['app=-x', /label value "-x" must consist/],
    ['Example.com/x=y', /invalid prefix/],
    ['/x=y', /empty prefix/],
    [`${'k'.repeat(64)}=v`, /longer than 63/],
    ['n>x', /expected an integer/],
    ['!', /found end of input at position 1, expected a label key/],
    ['!app=x', /found '=' .* expected ',' between requirements/],
  ];
  for (const [input, re] of cases) {
    const err = parseErr(input);
    assert.match(err, re, `error for ${JSON.stringify(input)}: ${err}`);
    assert.ok(err.startsWith(`invalid label selector "${input}": `), err);
  }
});

void test('LabelSelector objects convert to the same internal form and kubectl string', () => {
  const r = fromLabelSelector({
    matchLabels: { app: 'web' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['b', 'a'] },
      { key: 'canary', operator: 'DoesNotExist' },
      { key: 'env', operator: 'NotIn', values: ['dev'] },
      { key: 'zone', operator: 'Exists' },
    ],
  });
  assert.ok(r.ok);
  // sorted by key, not by printed form
  assert.equal(selectorToString(r.selector), 'app=web,!canary,env notin (dev),tier in (a,b),zone');
  assert.deepEqual(r.selector, parse('app=web,tier in (a,b),!canary,env notin (dev),zone'));
  assert.equal(matchesLabels(r.selector, { app: 'web', tier: 'a', zone: 'z' }), true);
  assert.equal(matchesLabels(r.selector, { app: 'web', tier: 'a', zone: 'z', canary: '1' }), false);

  assert.equal(formatLabelSelector({ matchLabels: { app: 'web', tier: 'front' } }), 'app=web,tier=front');
  assert.equal(formatLabelSelector({}), '<none>');
  assert.equal(formatLabelSelector(undefined), '<none>');

  const bad = fromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] });
  assert.deepEqual(bad, { ok: false, error: "invalid label selector: values for 'a In' must not be empty" });
  const badOp = fromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Foo' as 'In' }] });
  assert.equal(badOp.ok, false);
  assert.match(badOp.ok ? '' : badOp.error, /"Foo" is not a valid label selector operator/);
  const badExists = fromLabelSelector({
    matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }],
  });
  assert.equal(badExists.ok, false);
});

const pod: Pod = {
  metadata: { name: 'web-1', namespace: 'shop' },
  spec: { nodeName: 'node-a', containers: [] },
  status: { phase: 'Running' },
};

function fsel(s: string): FieldSelector {
  const r = parseFieldSelector(s);
  if (!r.ok) throw new Error(r.error);
  return r.selector;
}

void test('field selector fixtures', () => {
  const cases: [string, boolean][] = [
    ['', true],
    ['metadata.name=web-1', true],
    ['metadata.name==web-1', true],
    ['metadata.name!=web-1', false],
    ['metadata.namespace=shop,status.phase=Running', true],
    ['metadata.namespace=shop,status.phase!=Running', false],
    ['spec.nodeName=node-a', true],
    ['spec.nodeName=', false],
    ['status.podIP=', true],
    ['status.phase = Running', true],
  ];
  for (const [input, m] of cases) assert.equal(matchesFields(fsel(input), pod), m, input);
  assert.equal(fieldValue(pod, 'spec.nodeName'), 'node-a');
  assert.equal(fieldValue(pod, 'spec.nothing.deeper'), '');
  assert.equal(
    fieldSelectorToString(fsel('metadata.name=a\\,b,status.phase!=x')),
    'metadata.name=a\\,b,status.phase!=x',
  );
  assert.equal(fsel('metadata.name=a\\,b').requirements[0]?.value, 'a,b');
});

void test('field selector errors', () => {
  const e1 = parseFieldSelector('spec.foo=x');
  assert.deepEqual(e1, { ok: false, error: 'field label not supported: spec.foo' });
  const e2 = parseFieldSelector('metadata.name');
  assert.deepEqual(e2, {
    ok: false,
    error: "invalid field selector: 'metadata.name'; can't understand 'metadata.name'",
  });
  const e3 = parseFieldSelector('spec.nodeName=x', ['metadata.name', 'metadata.namespace']);
  assert.equal(e3.ok, false);
});
