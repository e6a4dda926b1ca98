import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SlimBase } from '../../src/resources/types.js';
import { diffItems, editArray, editTyped, planEdit, shiftPositions } from '../../src/store/table/row-edits.js';
import { rowComparator } from '../../src/store/table/sort.js';
import { ViewRows } from '../../src/store/table/view-rows.js';
import { FakeSource } from '../helpers/fake-source.js';
import { parents, recWith } from '../helpers/store-fixtures.js';

const rec = (name: string, key = `ns/${name}`): SlimBase => ({ ...recWith('ns', name), key });
const byName = rowComparator({ column: 'name', desc: false });

test('diffItems: a replaced record, a deleted one, a re-added key and a new key, in one walk', () => {
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => rec(n)) as [SlimBase, SlimBase, SlimBase, SlimBase];
  const b2 = { ...b, rv: '2' };
  const a2 = { ...a, rv: '2' };
  const e = rec('e');
  const items = [a, b, c, d];
  const diff = diffItems(items, [b2, d, a2, e], 10);
  assert.ok(diff);
  assert.deepEqual(items, [b2, d, a2, e], 'the walked array now holds the records in their new order');
  assert.deepEqual(new Set(diff.gone), new Set([a, b, c]));
  assert.deepEqual(new Set(diff.came), new Set([b2, a2, e]));
  assert.equal(diffItems([a, b, c, d], [d, c, b, a], 2), undefined, 'more changes than the limit');
});

test('planEdit: removals by identity, insertions at their lower bound, ties refused', () => {
  const rows = ['a', 'c', 'e', 'g'].map((n) => rec(n));
  const [, c, e] = rows as [SlimBase, SlimBase, SlimBase];
  const plan = planEdit(rows, [c], [rec('f'), rec('b')], byName, false);
  assert.ok(plan);
  const out = editArray(rows, plan.edit, plan.edit.records);
  assert.deepEqual(
    out.map((r) => r.name),
    ['a', 'b', 'e', 'f', 'g'],
  );
  // a typed array aligned with the rows follows the same edit
  const marks = editTyped(Int32Array.of(1, 2, 3, 4), plan.edit, [8, 9], new Int32Array(plan.edit.length));
  assert.deepEqual([...marks], [1, 8, 3, 9, 4]);
  // the new version of a record may tie with the old one, which leaves
  assert.ok(planEdit(rows, [e], [{ ...e, rv: '2' }], byName, false));
  // but not with a row that stays, nor with another new record
  assert.equal(planEdit(rows, [], [rec('e', 'other-key')], byName, false), undefined);
  assert.equal(planEdit(rows, [], [rec('d', 'k1'), rec('d', 'k2')], byName, false), undefined);
  // a record that is not where the order says is not removed blindly
  assert.equal(planEdit(rows, [rec('c')], [], byName, false), undefined);
});

test('planEdit in place: a replacement keeps its row; a renamed one marks the rows unordered', () => {
  const rows = ['a', 'c', 'e'].map((n) => rec(n, n));
  const [, c] = rows as [SlimBase, SlimBase];
  const same = planEdit(rows, [c], [{ ...c, rv: '2' }], byName, true);
  assert.equal(same?.ordered, true);
  const renamed = planEdit(rows, [c], [{ ...c, name: 'z' }], byName, true);
  assert.equal(renamed?.ordered, false);
  const out = renamed ? editArray(rows, renamed.edit, renamed.edit.records) : [];
  assert.deepEqual(
    out.map((r) => r.name),
    ['a', 'z', 'e'],
  );
});

test('after a full pass kept a renamed record in place, later changes are not edited into unsorted rows', () => {
  const src = new FakeSource({ resource: parents, namespace: undefined, onChange: () => undefined });
  for (let i = 0; i < 100; i++)
    src.map.set(`k${i}`, { ...recWith('ns', `n${String(i).padStart(3, '0')}`), key: `k${i}` });
  src.version++;
  const edited = new ViewRows();
  const full = new ViewRows({ edits: false });
  const input = {
    source: src,
    resource: parents,
    allNamespaces: true,
    sort: { column: 'name' as const, desc: false },
    filter: undefined,
  };
  const same = (): void => assert.deepEqual(edited.compute(input).rows, full.compute(input).rows);
  same();
  // too many changes for an edit: the full path keeps every row in place, the renamed one too
  for (let i = 0; i < 100; i++) src.map.set(`k${i}`, { ...(src.map.get(`k${i}`) as SlimBase), rv: '2' });
  src.map.set('k3', { ...(src.map.get('k3') as SlimBase), name: 'zzz' });
  src.version++;
  same();
  // one new key: the full path sorts, so an edit must not place it into the unsorted rows
  src.map.set('k200', { ...recWith('ns', 'n050a'), key: 'k200' });
  src.version++;
  same();
  assert.equal(edited.edits, 0);
});

test('editArray (splices or one merge pass), editTyped and shiftPositions agree with a plain rebuild', () => {
  let seed = 3;
  const r = (n: number): number => {
    seed = (Math.imul(seed, 48271) + 11) >>> 0;
    return (seed >>> 8) % n;
  };
  for (let round = 0; round < 300; round++) {
    const n = r(60);
    const old = Array.from({ length: n }, (_, i) => i);
    const removed = [...new Set(Array.from({ length: r(n > 0 ? 40 : 1) }, () => r(Math.max(n, 1))))]
      .filter((i) => i < n)
      .sort((a, b) => a - b);
    const at = Array.from({ length: r(40) }, () => r(n + 1)).sort((a, b) => a - b);
    const values = at.map((_, k) => 1000 + k);
    const edit = { removed, at, records: [], length: n - removed.length + at.length };
    // the rebuild: before each old position its inserts, then the position unless removed
    const expected: number[] = [];
    for (let i = 0; i <= n; i++) {
      at.forEach((a, k) => a === i && expected.push(1000 + k));
      if (i < n && !removed.includes(i)) expected.push(i);
    }
    assert.deepEqual(editArray(old, edit, values), expected, `round ${round}`);
    assert.deepEqual(
      [...editTyped(Int32Array.from(old), edit, values, new Int32Array(edit.length))],
      expected,
    );
    const kept = Uint32Array.from(old.filter(() => r(2) === 0));
    const { moved, insertedAt } = shiftPositions(kept, edit);
    assert.deepEqual(
      [...moved],
      [...kept].filter((p) => !removed.includes(p)).map((p) => expected.indexOf(p)),
    );
    assert.deepEqual(
      insertedAt,
      values.map((v) => expected.indexOf(v)),
    );
  }
});
