import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ViewRows } from '../../src/store/table/view-rows.js';
import { sortRows } from '../../src/store/table/sort.js';
import type { SortSpec } from '../../src/store/table/sort.js';
import { FakeSource } from '../helpers/fake-source.js';
import { parents, recWith } from '../helpers/store-fixtures.js';

test('incremental re-sort after updates, additions and deletions equals a sort from scratch', () => {
  const src = new FakeSource({ resource: parents, namespace: undefined, onChange: () => undefined });
  for (let i = 0; i < 300; i++) src.put(recWith(`ns-${i % 7}`, `pod-${(i * 37) % 301}`, { labels: { replicas: String(i % 13) }, created: i }));
  const view = new ViewRows();
  const sorts: SortSpec[] = [
    { column: 'name', desc: false },
    { column: 'name', desc: true },
    { column: 2, desc: false },
    { column: 'age', desc: true },
    { column: 'name', desc: false },
  ];
  let step = 0;
  for (const sort of sorts) {
    for (let round = 0; round < 4; round++) {
      step++;
      const keys = [...src.map.keys()];
      // Replace some records (new objects, changed cells), delete one, add one.
      for (let j = 0; j < 5; j++) {
        const k = keys[(step * 31 + j * 17) % keys.length] as string;
        const old = src.map.get(k);
        if (old) src.put({ ...old, rv: `${step}`, labels: { replicas: String((step + j) % 11) }, created: 1000 + step });
      }
      src.remove(keys[(step * 13) % keys.length] as string);
      src.put(recWith(`ns-${step % 9}`, `new-${step}`, { created: 2000 + step }));
      const out = view.compute({ source: src, resource: parents, allNamespaces: true, sort, filter: undefined });
      const expected = sortRows(src.items(), sort, { resource: parents });
      assert.deepEqual(
        out.rows.map((r) => r.key),
        expected.map((r) => r.key),
        `sort ${JSON.stringify(sort)} round ${round}`,
      );
      assert.ok(out.rows.every((r) => src.map.get(r.key) === r), 'the current version of every record');
    }
  }
});

test('an update only (no new key) keeps the default order without sorting, with the new record objects', () => {
  const src = new FakeSource({ resource: parents, namespace: 'a', onChange: () => undefined });
  src.put(recWith('a', 'b'), recWith('a', 'a'), recWith('a', 'c'));
  const view = new ViewRows();
  const input = { source: src, resource: parents, allNamespaces: false, sort: { column: 'name', desc: false } as const, filter: undefined };
  view.compute(input);
  const updated = { ...recWith('a', 'b'), rv: '9' };
  src.put(updated);
  const out = view.compute(input);
  assert.deepEqual(out.rows.map((r) => r.name), ['a', 'b', 'c']);
  assert.equal(out.rows[1], updated);
});
