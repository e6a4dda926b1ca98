// The edit path of ViewRows (a few changed records placed into the previous rows, filter results carried over)
// against the full path (`edits: false`) over random change sequences: same records in the same order, same
// totals and match positions, whatever the sort, filter, namespace scope, ties or batch size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SlimBase } from '../../src/resources/types.js';
import { ViewRows } from '../../src/store/table/view-rows.js';
import type { RowsInput } from '../../src/store/table/view-rows.js';
import type { ClientFilter } from '../../src/store/table/filter.js';
import { runFilter, FilterIndex } from '../../src/store/table/fuzzy.js';
import { sortRows } from '../../src/store/table/sort.js';
import type { SortSpec } from '../../src/store/table/sort.js';
import { FakeSource } from '../helpers/fake-source.js';
import { parents, recWith, seededRng as rng } from '../helpers/store-fixtures.js';

const SORTS: SortSpec[] = [
  { column: 'name', desc: false },
  { column: 'name', desc: true },
  { column: 'age', desc: false },
  { column: 'age', desc: true },
  { column: 'status', desc: false },
  { column: 1, desc: true },
  { column: 2, desc: false },
  { column: 2, desc: true },
  { column: 3, desc: false },
  { column: 0, desc: true },
];
const FILTERS: (ClientFilter | undefined)[] = [
  undefined,
  { kind: 'fuzzy', query: 'a' },
  { kind: 'fuzzy', query: 'web' },
  { kind: 'fuzzy', query: 'ns-1/b' },
  { kind: 'fuzzy', query: 'We 2' },
  { kind: 'inverse', query: 'web' },
  { kind: 'inverse', query: 'ns-2' },
];
const WORDS = ['web', 'api', 'Worker', 'db', 'cache', 'auth-web'];


type Mode = { names: number; customKeys: boolean; renames: boolean; duplicates: boolean; shuffles: boolean };

/** A source over an array, so records can also move anywhere or repeat a key (as no Map can). */
class ListSource {
  state = { phase: 'synced' as const, since: 0, attempt: 0 };
  version = 0;
  list: SlimBase[] = [];
  get size(): number {
    return this.list.length;
  }
  items(): IterableIterator<SlimBase> {
    return this.list.values();
  }
  start(): void {}
  stop(): void {}
}

function randomRec(r: (n: number) => number, serial: number, mode: Mode): SlimBase {
  const ns = `ns-${r(4)}`;
  const name = `${WORDS[r(WORDS.length)]}-${r(mode.names)}`;
  const rec = recWith(ns, name, {
    labels: { replicas: String(r(12)) },
    created: r(5) === 0 ? NaN : 1000 * r(50),
    deleting: r(7) === 0,
  });
  return mode.customKeys ? { ...rec, key: `k${serial}` } : rec;
}

function mutate(r: (n: number) => number, src: ListSource, step: number, mode: Mode): void {
  const list = src.list;
  const batch = r(10) === 0 ? 1 + r(400) : 1 + r(4); // sometimes more than the edit limit
  for (let k = 0; k < batch; k++) {
    const op = r(20);
    const i = r(list.length);
    const old = list[i];
    if (op < 10 && old) {
      // replaced in place: new rv, sometimes a new cell, age, status or (custom keys) name
      const change = r(4);
      list[i] = {
        ...old,
        rv: `${step}.${k}`,
        ...(change === 0 ? { labels: { replicas: String(r(12)) } } : {}),
        ...(change === 1 ? { created: 1000 * r(50) } : {}),
        ...(change === 2 ? { deleting: !old.deleting } : {}),
        ...(change === 3 && mode.renames ? { name: `${WORDS[r(WORDS.length)]}-${r(mode.names)}` } : {}),
      };
    } else if (op < 13) {
      list.splice(i, 1);
    } else if (op < 15 && old) {
      list.splice(i, 1); // deleted and re-added: a Map moves the key to the end
      list.push({ ...old, rv: `${step}.${k}` });
    } else if (op < 16 && old && mode.shuffles) {
      list.splice(i, 1);
      list.splice(r(list.length + 1), 0, old);
    } else if (op < 17 && old && mode.duplicates) {
      list.push({ ...old, rv: `dup${step}.${k}` });
    } else {
      list.push(randomRec(r, step * 1000 + k, mode));
    }
  }
  src.version++;
}

function check(seed: number, mode: Mode): number {
  const r = rng(seed);
  const src = new ListSource();
  for (let i = 0; i < 300; i++) src.list.push(randomRec(r, i, mode));
  src.version++;
  const edited = new ViewRows();
  const full = new ViewRows({ edits: false });
  let sort = SORTS[0] as SortSpec;
  let filter = FILTERS[0];
  let allNamespaces = true;
  for (let step = 0; step < 150; step++) {
    if (r(12) === 0) sort = SORTS[r(SORTS.length)] as SortSpec;
    if (r(8) === 0) filter = FILTERS[r(FILTERS.length)];
    if (r(25) === 0) allNamespaces = !allNamespaces;
    if (r(5) !== 0) mutate(r, src, step, mode);
    const input: RowsInput = { source: src, resource: parents, allNamespaces, sort, filter };
    const a = edited.compute(input);
    const b = full.compute(input);
    const at = `seed ${seed} step ${step} sort ${JSON.stringify(sort)} filter ${JSON.stringify(filter)}`;
    assert.equal(a.total, b.total, at);
    assert.equal(a.rows.length, b.rows.length, at);
    a.rows.forEach((row, i) => assert.equal(row, b.rows[i], `${at}: row ${i}`));
    for (let i = 0; i < a.rows.length; i += 7)
      assert.deepEqual(a.matchAt(i), b.matchAt(i), `${at}: match ${i}`);
  }
  return edited.edits;
}

const plain: Mode = { names: 100_000, customKeys: false, renames: false, duplicates: false, shuffles: false };
const cases: [string, Mode, number][] = [
  ['unique namespace/name', plain, 500],
  ['records moved anywhere in the source', { ...plain, shuffles: true }, 300],
  ['renamed records under a constant key', { ...plain, names: 1000, customKeys: true, renames: true }, 300],
  [
    'a few ties in the order (same namespace/name, other keys)',
    { ...plain, names: 40, customKeys: true },
    300,
  ],
  ['many ties and renames', { ...plain, names: 6, customKeys: true, renames: true }, 50],
  ['a key repeated by the source', { ...plain, duplicates: true }, 5],
];
for (const [what, mode, least] of cases) {
  test(`edited rows equal the full path over random changes: ${what}`, () => {
    let edits = 0;
    for (let seed = 1; seed <= 10; seed++) edits += check(seed * 7 + least, mode);
    assert.ok(edits >= least, `the edit path was taken (${edits} times)`);
  });
}

test('one changed record with a filter on: the edited result equals a fresh sort and filter', () => {
  const src = new FakeSource({ resource: parents, namespace: undefined, onChange: () => undefined });
  for (let i = 0; i < 2000; i++)
    src.map.set(`ns-${i % 9}/web-${i}`, recWith(`ns-${i % 9}`, `web-${i}`, { created: i }));
  src.version++;
  const view = new ViewRows();
  const sort: SortSpec = { column: 'age', desc: false };
  const filter: ClientFilter = { kind: 'fuzzy', query: 'web-1' };
  const input = { source: src, resource: parents, allNamespaces: true, sort, filter };
  view.compute(input);
  for (const [i, created] of [
    [5, 99_999],
    [1234, -1],
    [17, 1500],
  ] as const) {
    const key = `ns-${i % 9}/web-${i}`;
    src.map.set(key, { ...(src.map.get(key) as SlimBase), rv: '2', created });
    src.version++;
    const out = view.compute(input);
    const expected = runFilter(
      new FilterIndex(sortRows(src.items(), sort, { resource: parents }), true),
      filter,
    ).rows;
    assert.deepEqual(
      out.rows.map((r) => r.key),
      expected.map((r) => r.key),
    );
    assert.ok(out.rows.includes(src.map.get(key) as SlimBase) || !key.includes('web-1'));
  }
  assert.equal(view.edits, 3);
});
