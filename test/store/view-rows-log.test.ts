// ViewRows over a source that logs which keys changed (as the reflector does, `changesSince`): a small change
// to a big cache is applied from the log, without walking the cache, and the result is always the full
// path's (`edits: false`), whatever the sort, filter, scope, batch size, or the log giving up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SlimBase } from '../../src/resources/types.js';
import { ChangeLog } from '../../src/kube/reflector-changes.js';
import { ViewRows } from '../../src/store/table/view-rows.js';
import type { RowsInput } from '../../src/store/table/view-rows.js';
import type { ClientFilter } from '../../src/store/table/filter.js';
import { FilterIndex, runFilter } from '../../src/store/table/fuzzy.js';
import { sortRows } from '../../src/store/table/sort.js';
import type { SortSpec } from '../../src/store/table/sort.js';
import type { Source } from '../../src/store/sources/source.js';
import { credentialAwareSource, CredentialWait } from '../../src/store/sources/credential-wait.js';
import { deferredSources } from '../../src/store/sources/deferred-source.js';
import { parents, recWith, seededRng as rng } from '../helpers/store-fixtures.js';

/** A Map-backed source with a change log, counting how often its items are walked. */
class LoggedSource implements Source {
  state = { phase: 'synced' as const, since: 0, attempt: 0 };
  version = 0;
  walks = 0;
  readonly map = new Map<string, SlimBase>();
  readonly log: ChangeLog;
  constructor(capacity = 64) {
    this.log = new ChangeLog(0, capacity);
  }
  get size(): number {
    return this.map.size;
  }
  items(): IterableIterator<SlimBase> {
    this.walks++;
    return this.map.values();
  }
  get(key: string): SlimBase | undefined {
    return this.map.get(key);
  }
  changesSince(version: number): readonly string[] | undefined {
    return this.log.since(version);
  }
  start(): void {}
  stop(): void {}
  set(rec: SlimBase): void {
    this.map.set(rec.key, rec);
    this.log.add(rec.key, this.version + 1);
  }
  delete(key: string): void {
    if (this.map.delete(key)) this.log.add(key, this.version + 1);
  }
  /** Ends a batch of changes. `bulk`: they are not told key by key (a relist). */
  bump(bulk = false): void {
    this.version++;
    if (bulk) this.log.reset(this.version);
  }
}

const fresh = (src: Source, sort: SortSpec, filter: ClientFilter | undefined, allNamespaces: boolean): SlimBase[] => {
  const rows = sortRows(src.items(), sort, { resource: parents });
  return filter ? [...runFilter(new FilterIndex(rows, allNamespaces), filter).rows] : rows;
};

test('a few changes to 20,000 cached rows are placed from the log, without walking the cache', () => {
  const src = new LoggedSource();
  for (let i = 0; i < 20_000; i++) src.set(recWith(`ns-${i % 13}`, `web-${i}`, { created: i }));
  src.bump(true);
  for (const [sort, filter] of [
    [{ column: 'name', desc: false }, undefined],
    [{ column: 'age', desc: true }, { kind: 'fuzzy', query: 'web-1' }],
  ] as [SortSpec, ClientFilter | undefined][]) {
    const view = new ViewRows();
    const input: RowsInput = { source: src, resource: parents, allNamespaces: true, sort, filter };
    view.compute(input);
    const walks = src.walks;
    for (let step = 0; step < 20; step++) {
      const i = (step * 7919) % 20_000;
      const key = `ns-${i % 13}/web-${i}`;
      const old = src.map.get(key);
      if (step % 5 === 4) src.delete(key);
      else if (old) src.set({ ...old, rv: `rv${step}`, created: 50_000 + step });
      src.set(recWith('ns-new', `web-1${step}`, { created: -step }));
      src.bump();
      const out = view.compute(input);
      assert.equal(src.walks, walks, `step ${step}: the cache was walked`);
      if (step % 6 !== 5) continue;
      const want = fresh(src, sort, filter, true);
      src.walks = walks;
      assert.equal(out.total, src.size);
      assert.equal(out.rows.length, want.length);
      out.rows.forEach((r, k) => assert.equal(r, want[k], `step ${step} row ${k}`));
    }
    assert.equal(view.edits, 20);
  }
});

test('a first list arriving in pages grows the rows by edits once they are many, always as the full path', () => {
  for (const [sort, filter] of [
    [{ column: 'name', desc: false }, undefined],
    [{ column: 'name', desc: true }, { kind: 'fuzzy', query: 'web-1' }],
    [{ column: 'age', desc: false }, undefined],
  ] as [SortSpec, ClientFilter | undefined][]) {
    const src = new LoggedSource(8192); // the reflector's capacity
    const view = new ViewRows();
    const input: RowsInput = { source: src, resource: parents, allNamespaces: true, sort, filter };
    view.compute(input);
    // pages in key order (as a server sends them), a reader looking after each (the store: once a second)
    const order = Array.from({ length: 6000 }, (_, i) => i).sort((a, b) => (`${a % 13}/${a}` < `${b % 13}/${b}` ? -1 : 1));
    for (let page = 0; page < 12; page++) {
      for (const i of order.slice(page * 500, page * 500 + 500)) src.set(recWith(`ns-${i % 13}`, `web-${i}`, { created: (i * 7919) % 6000 }));
      src.bump();
      const walks = src.walks;
      const out = view.compute(input);
      const want = fresh(src, sort, filter, true);
      assert.equal(out.total, src.size);
      assert.equal(out.rows.length, want.length);
      out.rows.forEach((r, k) => assert.equal(r, want[k], `page ${page} row ${k}`));
      // a page of 500 added to 8 × 500 rows or more is an edit: only the reference walked the cache
      if (page >= 8) assert.equal(src.walks - walks, 1, `page ${page}: the view walked the cache`);
    }
    assert.equal(view.edits, 4, `sort ${String(sort.column)}: the last four pages came in as edits`);
  }
});

test('the wrappers pass the log on: credential wait, and a deferred factory (its versions one ahead)', async () => {
  const inner = new LoggedSource();
  inner.set(recWith('a', 'x', {}));
  inner.bump(true);
  const shown = credentialAwareSource(inner, new CredentialWait(), () => undefined);
  assert.equal(shown.get?.('a/x'), inner.map.get('a/x'));
  inner.set(recWith('a', 'y', {}));
  inner.bump();
  assert.deepEqual(shown.changesSince?.(1), ['a/y']);
  const bare: Source = { state: inner.state, version: 0, size: 0, items: () => inner.items(), start() {}, stop() {} };
  assert.equal(credentialAwareSource(bare, new CredentialWait(), () => undefined).changesSince, undefined);

  let ready: (f: () => Source) => void = () => undefined;
  const factory = deferredSources(new Promise((resolve) => (ready = resolve)));
  const pending = factory({ resource: parents, namespace: undefined, onChange: () => undefined });
  assert.equal(pending.changesSince?.(0), undefined);
  ready(() => inner);
  await new Promise((r) => setImmediate(r));
  assert.equal(pending.version, inner.version + 1);
  assert.equal(pending.changesSince?.(0), undefined, 'from before the inner source: cannot tell');
  assert.deepEqual(pending.changesSince?.(2), ['a/y']);
  assert.deepEqual(pending.changesSince?.(3), []);
  assert.equal(pending.get?.('a/y'), inner.map.get('a/y'));
});


const SORTS: SortSpec[] = [
  { column: 'name', desc: false },
  { column: 'name', desc: true },
  { column: 'age', desc: false },
  { column: 'status', desc: false },
  { column: 1, desc: true },
  { column: 2, desc: false },
];
const FILTERS: (ClientFilter | undefined)[] = [undefined, { kind: 'fuzzy', query: 'a' }, { kind: 'fuzzy', query: 'ns-1/b' }, { kind: 'inverse', query: 'web' }];
const WORDS = ['web', 'api', 'Worker', 'db', 'cache', 'auth-web'];

const randomRec = (r: (n: number) => number, names: number): SlimBase =>
  recWith(`ns-${r(4)}`, `${WORDS[r(WORDS.length)]}-${r(names)}`, {
    labels: { replicas: String(r(12)) },
    created: r(5) === 0 ? NaN : 1000 * r(50),
    deleting: r(7) === 0,
  });

test('rows from the log equal the full path over random changes, with the log sometimes giving up', () => {
  let edits = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const r = rng(seed * 131);
    const names = seed % 3 === 0 ? 30 : 100_000; // sometimes many ties in the order
    const src = new LoggedSource();
    for (let i = 0; i < 400; i++) src.set(randomRec(r, names));
    src.bump(true);
    const edited = new ViewRows();
    const full = new ViewRows({ edits: false });
    let sort = SORTS[0] as SortSpec;
    let filter = FILTERS[0];
    let allNamespaces = true;
    for (let step = 0; step < 150; step++) {
      if (r(12) === 0) sort = SORTS[r(SORTS.length)] as SortSpec;
      if (r(8) === 0) filter = FILTERS[r(FILTERS.length)];
      if (r(25) === 0) allNamespaces = !allNamespaces;
      // several versions between two reads, sometimes more changes than the log (64) holds, sometimes a relist
      for (let b = r(3); b >= 0; b--) {
        const batch = r(15) === 0 ? 1 + r(120) : 1 + r(4);
        for (let k = 0; k < batch; k++) {
          const keys = [...src.map.keys()];
          const key = keys[r(keys.length)];
          const old = key === undefined ? undefined : src.map.get(key);
          const op = r(10);
          if (op < 6 && old) src.set({ ...old, rv: `${step}.${k}`, created: r(3) === 0 ? 1000 * r(50) : old.created, deleting: r(4) === 0 ? !old.deleting : old.deleting });
          else if (op < 8 && key !== undefined) src.delete(key);
          else if (op < 9 && old) src.set(old); // set again to the very same record: logged, but no change
          else src.set(randomRec(r, names));
        }
        src.bump(r(40) === 0);
      }
      const input: RowsInput = { source: src, resource: parents, allNamespaces, sort, filter };
      const a = edited.compute(input);
      const b = full.compute(input);
      const at = `seed ${seed} step ${step} sort ${JSON.stringify(sort)} filter ${JSON.stringify(filter)}`;
      assert.equal(a.total, b.total, at);
      assert.equal(a.rows.length, b.rows.length, at);
      a.rows.forEach((row, i) => assert.equal(row, b.rows[i], `${at}: row ${i}`));
      for (let i = 0; i < a.rows.length; i += 7) assert.deepEqual(a.matchAt(i), b.matchAt(i), `${at}: match ${i}`);
    }
    edits += edited.edits;
  }
  assert.ok(edits >= 600, `the edit path was taken (${edits} times)`);
});
