// Benchmark (not a test): the cost of a `/` filter keystroke and of a rows change with a filter active, for
// 10k and 100k synthetic rows in an all-namespace view (fuzzy targets are "namespace/name").
// Run: node_modules/.bin/node --expose-gc --import tsx test/bench/filter.ts [sizes…]   (default: 10000 100000)
import type { SlimBase } from '../../src/resources/types.js';
import { AppStore } from '../../src/store/app-store.js';
import { ViewRows } from '../../src/store/table/view-rows.js';
import { defaultSort } from '../../src/store/table/sort.js';
import type { SortSpec } from '../../src/store/table/sort.js';
import { fakeSources } from '../helpers/fake-source.js';
import type { FakeSource } from '../helpers/fake-source.js';
import { parents, recWith } from '../helpers/store-fixtures.js';
import { waitFor } from '../helpers/wait.js';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const words = ['frontend', 'backend', 'api', 'gateway', 'payments', 'cart', 'checkout', 'search', 'redis', 'postgres', 'kafka', 'worker', 'cron', 'web', 'auth'];
const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
let seed = 42;
const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const id = (n: number): string => Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');

function synthetic(n: number): SlimBase[] {
  const out: SlimBase[] = [];
  for (let i = 0; i < n; i++) {
    const name = `${words[i % words.length]}-${id(9)}-${id(5)}`;
    out.push(recWith(`team-${i % 50}`, name, { labels: { replicas: String(i % 120) }, created: 1_700_000_000_000 + i * 1000 }));
  }
  return out;
}

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const fmt = (x: number): string => x.toFixed(1).padStart(7);
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const heapMb = (): number => (gc(), process.memoryUsage().heapUsed / 2 ** 20);

/** Types `steps` `passes` times; prints the first pass (cold) and the median over all passes per keystroke. */
function keystrokes(store: AppStore, steps: string[], passes = 5): void {
  const times = steps.map(() => [] as number[]);
  const counts: string[] = [];
  for (let p = 0; p < passes; p++) {
    steps.forEach((text, k) => {
      const t0 = process.hrtime.bigint();
      store.setFilter(text);
      times[k]?.push(ms(t0));
      const s = store.getSnapshot();
      counts[k] = `${String(s.rows.length).padStart(7)} of ${s.total} rows`;
    });
    store.clearFilter();
  }
  console.log(`  ${'typed'.padEnd(14)} ${'first'.padStart(7)}    ${'median'.padStart(7)}`);
  steps.forEach((text, k) => {
    const xs = [...(times[k] ?? [])].sort((a, b) => a - b);
    console.log(`  ${JSON.stringify(text).padEnd(14)} ${fmt(xs.length ? (times[k]?.[0] ?? NaN) : NaN)} ms ${fmt(xs[Math.floor(xs.length / 2)] ?? NaN)} ms  ${counts[k]}`);
  });
}

function rowsChange(recs: SlimBase[], sort: SortSpec, label: string): void {
  const f = fakeSources();
  const src = f.factory({ resource: parents, namespace: undefined, onChange: () => undefined }) as FakeSource;
  src.put(...recs);
  const rows = new ViewRows();
  const input = { source: src, resource: parents, allNamespaces: true, sort, filter: { kind: 'fuzzy' as const, query: 'fro' } };
  let t0 = process.hrtime.bigint();
  rows.compute(input);
  const first = ms(t0);
  const times: number[] = [];
  for (let k = 0; k < 5; k++) {
    const old = recs[k * 997] as SlimBase;
    src.put({ ...old, rv: String(k + 2) }); // a watch event replaces one record
    t0 = process.hrtime.bigint();
    rows.compute(input);
    times.push(ms(t0));
  }
  times.sort((a, b) => a - b);
  console.log(`  ${label.padEnd(34)} first ${fmt(first)} ms, one record changed: median ${fmt(times[2] ?? NaN)} ms`);
}

for (const n of sizes.length > 0 ? sizes : [10_000, 100_000]) {
  const recs = synthetic(n);
  console.log(`\n${n} rows (all namespaces, publishIntervalMs 0 so every keystroke publishes synchronously)`);
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: parents, namespace: undefined }, publishIntervalMs: 0 });
  f.last().put(...recs);
  await waitFor(() => store.getSnapshot().total === n, { what: 'first snapshot', timeoutMs: 60_000 });

  const before = heapMb();
  console.log(' typing a filter (setFilter → snapshot), 5 passes:');
  keystrokes(store, ['f', 'fr', 'fro', 'fron', 'front', 'fronte', 'frontend', 'frontend-a', 'frontend-', 'frontend', 'fro', 'team-7/web', 'x', '!web', '!we']);
  console.log(`  heap retained by the filter: ${(heapMb() - before).toFixed(1)} MB`);
  store.dispose();

  console.log(' rows change (one watch event) while filtering "fro":');
  rowsChange(recs, defaultSort, 'sort namespace+name');
  rowsChange(recs, { column: 2, desc: false }, 'sort by column 2 (cell text)');
  rowsChange(recs, { column: 'age', desc: true }, 'sort by age');
}
