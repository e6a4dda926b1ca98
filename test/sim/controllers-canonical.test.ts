// canonicalEqual(a, b) answers canonical(a) === canonical(b) without building the texts (the ReplicaSet
// and Deployment controllers compare the status they computed with the stored one on every reconcile).
// Checked against the texts on random values made of what canonical treats specially: null, empty
// objects and arrays (left out as members), undefined, non-finite numbers, -0, nested and reordered keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonical, canonicalEqual } from '../../src/sim/controllers/deployment-util.js';
import { Rng } from '../../src/sim/rng.js';

const SCALARS: unknown[] = [null, undefined, 0, -0, 1, 2.5, NaN, Infinity, '', 'a', '1', 'null', true, false];
const KEYS = ['a', 'b', 'c', 'replicas', 'ready'];

function value(rng: Rng, depth: number): unknown {
  const r = rng.int(10);
  if (depth <= 0 || r < 5) return SCALARS[rng.int(SCALARS.length)];
  if (r < 7) return Array.from({ length: rng.int(3) }, () => value(rng, depth - 1));
  const o: Record<string, unknown> = {};
  for (const k of KEYS) if (rng.int(2) === 0) o[k] = value(rng, depth - 1);
  return o;
}

/** The same members in another key order (canonical sorts keys), deep. */
function reordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reordered);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  return Object.fromEntries(Object.keys(o).reverse().map((k) => [k, reordered(o[k])]));
}

test('canonicalEqual agrees with comparing canonical texts on random values', () => {
  const rng = new Rng(7);
  let equal = 0;
  for (let i = 0; i < 20_000; i++) {
    const a = value(rng, 3);
    const b = rng.int(3) === 0 ? reordered(a) : value(rng, 3);
    const want = canonical(a) === canonical(b);
    if (want) equal++;
    assert.equal(canonicalEqual(a, b), want, `${canonical(a)} vs ${canonical(b)}`);
    assert.equal(canonicalEqual(b, a), want);
  }
  assert.ok(equal > 5_000, `enough equal pairs (${equal})`);
});

test('canonicalEqual: members canonical leaves out, and values it tells apart', () => {
  assert.equal(canonicalEqual({ a: 1, b: null, c: {}, d: [], e: { f: [] } }, { a: 1 }), true);
  assert.equal(canonicalEqual({ a: [null] }, { a: [] }), false);
  assert.equal(canonicalEqual({ a: [{}] }, { a: [{ x: null }] }), true);
  assert.equal(canonicalEqual([undefined], []), true); // both "[]"
  assert.equal(canonicalEqual(null, {}), false);
  assert.equal(canonicalEqual(undefined, {}), false);
  assert.equal(canonicalEqual({ n: 1 }, { n: '1' }), false);
  assert.equal(canonicalEqual({ n: NaN }, {}), true); // JSON.stringify writes null
  assert.equal(canonicalEqual({ replicas: 3, readyReplicas: 2 }, { readyReplicas: 2, replicas: 3 }), true);
  assert.equal(canonicalEqual({ replicas: 3, readyReplicas: 2 }, { readyReplicas: 3, replicas: 3 }), false);
});
