// The store's cost per publish under watch churn (not a test): a cache of N records changed at `rate` per
// second, published every 50 ms, so each publish sees rate/20 changes. Prints the mean and p99 time of
// ViewRows.compute per publish, with the source's change log and without it (the walk of every record), and
// the heap allocated per publish.
// Run: node --import tsx test/bench/store-churn.ts [N=100000] [rate=1000] [publishes=200]
import { ChangeLog } from '../../src/kube/reflector-changes.js';
import type { SlimBase } from '../../src/resources/types.js';
import type { Source } from '../../src/store/sources/source.js';
import { ViewRows } from '../../src/store/table/view-rows.js';
import type { ClientFilter } from '../../src/store/table/filter.js';
import { parents, recWith } from '../helpers/store-fixtures.js';

const [n = 100_000, rate = 1000, publishes = 200] = process.argv.slice(2).map(Number);
const perPublish = Math.max(1, Math.round(rate / 20));

class Cache implements Source {
  state = { phase: 'synced' as const, since: 0, attempt: 0 };
  version = 0;
  readonly map = new Map<string, SlimBase>();
  readonly log = new ChangeLog();
  constructor(readonly logged: boolean) {
    if (logged) {
      this.changesSince = (v) => this.log.since(v);
      this.get = (k) => this.map.get(k);
    }
  }
  changesSince?: (v: number) => readonly string[] | undefined;
  get?: (k: string) => SlimBase | undefined;
  get size(): number {
    return this.map.size;
  }
  items(): IterableIterator<SlimBase> {
    return this.map.values();
  }
  start(): void {}
  stop(): void {}
}

function run(logged: boolean, filter: ClientFilter | undefined): string {
  const src = new Cache(logged);
  for (let i = 0; i < n; i++) src.map.set(`ns-${i % 97}/pod-${i}`, recWith(`ns-${i % 97}`, `pod-${i}`, { created: i }));
  src.version++;
  src.log.reset(src.version);
  const view = new ViewRows();
  const input = { source: src, resource: parents, allNamespaces: true, sort: { column: 'name' as const, desc: false }, filter };
  view.compute(input);
  const times: number[] = [];
  let seed = 1;
  const heap0 = process.memoryUsage().heapUsed;
  let allocated = 0;
  for (let p = 0; p < publishes; p++) {
    for (let k = 0; k < perPublish; k++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const i = seed % n;
      const key = `ns-${i % 97}/pod-${i}`;
      const old = src.map.get(key) as SlimBase;
      src.map.set(key, { ...old, rv: `${p}.${k}` });
      src.log.add(key, src.version + 1);
    }
    src.version++;
    const h = process.memoryUsage().heapUsed;
    const t = performance.now();
    view.compute(input);
    times.push(performance.now() - t);
    const d = process.memoryUsage().heapUsed - h;
    if (d > 0) allocated += d;
  }
  void heap0;
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return `${logged ? 'log ' : 'walk'} filter=${filter ? filter.query : '-'}: mean ${mean.toFixed(2)} ms, p99 ${(times[Math.floor(times.length * 0.99)] ?? 0).toFixed(2)} ms, ~${(allocated / publishes / 1024).toFixed(0)} KB heap growth per publish, edits ${view.edits}/${publishes}`;
}

for (const filter of [undefined, { kind: 'fuzzy', query: 'pod-1' } as ClientFilter]) {
  for (const logged of [false, true]) process.stdout.write(`${n} records, ${perPublish} changes per publish, ${run(logged, filter)}\n`);
}
