// ChunkedRows (row-list.ts): the rows as a persistent list of chunks. An edit gives exactly what editArray gives
// on the whole array, leaves the list it came from as it was, and copies only the chunks it touches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SlimBase } from '../../src/resources/types.js';
import { editArray } from '../../src/store/table/row-edits.js';
import type { RowEdit } from '../../src/store/table/row-edits.js';
import { arrayRows, ChunkedRows } from '../../src/store/table/row-list.js';
import type { RowList } from '../../src/store/table/row-list.js';
import { recWith, seededRng as rng } from '../helpers/store-fixtures.js';


let serial = 0;
const rec = (): SlimBase => recWith('ns', `r-${serial++}`);

/** A random edit of `n` rows: some removed, some inserted (anywhere, the end included, several at one place). */
function randomEdit(r: (n: number) => number, n: number): RowEdit {
  const many = r(6) === 0;
  const removed = [...new Set(Array.from({ length: n === 0 ? 0 : r(many ? n + 1 : 6) }, () => r(n)))].sort((a, b) => a - b);
  const at = Array.from({ length: r(many ? 400 : 6) }, () => r(n + 1)).sort((a, b) => a - b);
  const records = at.map(() => rec());
  return { removed, at, records, length: n - removed.length + at.length };
}

function same(list: RowList, want: readonly SlimBase[], at: string): void {
  assert.equal(list.length, want.length, `${at}: length`);
  for (let i = 0; i < want.length; i++) assert.equal(list.at(i), want[i], `${at}: row ${i}`);
  assert.equal(list.at(-1), undefined);
  assert.equal(list.at(want.length), undefined);
}

test('edits of a chunked list equal editArray on the whole array, and leave the old list unchanged', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const r = rng(seed);
    let rows = Array.from({ length: r(3) === 0 ? r(5) : 300 + r(2000) }, rec);
    let list = ChunkedRows.from(rows);
    for (let step = 0; step < 30; step++) {
      const edit = randomEdit(r, rows.length);
      const before = [...rows];
      const next = list.edit(edit);
      const want = editArray(rows, edit, edit.records);
      const at = `seed ${seed} step ${step}`;
      same(next, want, at);
      same(list, before, `${at} (old list)`);
      assert.deepEqual([...next], want, at);
      if (want.length > 0) {
        const from = r(want.length);
        const to = from + r(80);
        assert.deepEqual(next.slice(from, to), want.slice(from, to), `${at}: slice ${from}-${to}`);
        const k = r(want.length);
        const key = (want[k] as SlimBase).key;
        assert.equal(next.indexOfKey(key), k);
        assert.equal(next.indexOfKey(key, k), k);
        assert.equal(next.indexOfKey(key, Math.max(0, k - 1)), k);
      }
      assert.equal(next.indexOfKey('no such key'), -1);
      if (step % 7 === 0) assert.deepEqual(next.toArray(), want);
      rows = want;
      list = next;
    }
  }
});

test('an edit of a few rows shares every chunk it does not touch', () => {
  const rows = Array.from({ length: 100_000 }, rec);
  const list = ChunkedRows.from(rows);
  const edit: RowEdit = { removed: [50_000], at: [50_000, 99_999], records: [rec(), rec()], length: 100_001 };
  const next = list.edit(edit);
  const chunks = (l: ChunkedRows): readonly (readonly SlimBase[])[] => (l as unknown as { chunks: readonly (readonly SlimBase[])[] }).chunks;
  const old = new Set(chunks(list));
  const fresh = chunks(next).filter((c) => !old.has(c));
  assert.equal(fresh.length, 2, 'only the two chunks the edit falls in are new');
  assert.ok(fresh.every((c) => c.length <= 129));
  assert.equal(next.builtArray(), undefined, 'no array of every row was built');
  same(next, editArray(rows, edit, edit.records), 'edited');
});

test('arrayRows reads an array as a RowList', () => {
  const rows = Array.from({ length: 10 }, rec);
  const list = arrayRows(rows);
  same(list, rows, 'array');
  assert.equal(list.toArray(), rows);
  assert.deepEqual(list.slice(8, 20), rows.slice(8));
  assert.equal(list.indexOfKey((rows[3] as SlimBase).key, 0), 3);
});
