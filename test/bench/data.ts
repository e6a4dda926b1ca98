// Data-layer benchmark (not a test): the simulated cluster on a loopback port, read through the real kubedeck
// path — createTransport from the sim's kubeconfig, Reflector sources built as src/cli/connection.ts builds
// them, an AppStore on the pods view in all namespaces. Per size it reports:
//  - time from `new AppStore` to the first snapshot with every pod;
//  - heap per cached pod (reflector cache + the store's rows and filter index): heap after gc with the store
//    alive minus heap after gc once it is disposed and unreachable;
//  - watch events absorbed per second: U pod updates written through the sim's storage in bursts of 500,
//    until the reflector holds every new resourceVersion (the sim shares this process and its one thread, so
//    the number includes the server's side of each event);
//  - publish latency: one storage write → the first published snapshot showing it (200 writes, 60–100 ms
//    apart, so the 50 ms coalescing window is usually open), without a filter and with `/web`;
//  - ViewRows.compute per such one-pod publish (the cost of one row changing), without and with the filter;
//  - a `/` keystroke (setFilter → published snapshot), typing three queries one character at a time.
// Run: node_modules/.bin/node --expose-gc --import tsx test/bench/data.ts [pods...]   (default: 10000 100000)
import { startSim, ManualScheduler } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { parseKubeconfig } from '../../src/kube/kubeconfig.js';
import { createTransport } from '../../src/kube/transport.js';
import type { Reflector } from '../../src/kube/reflector.js';
import { pods } from '../../src/resources/pods.js';
import type { SlimBase } from '../../src/resources/types.js';
import { AppStore } from '../../src/store/app-store.js';
import type { Snapshot } from '../../src/store/app-store.js';
import {
  clusterFactory,
  computeBetween,
  hasGc,
  heapAfterGc,
  now,
  seedPods,
  sleep,
  stats,
  touchPod,
  whenSnapshot,
} from './data-helpers.js';
import { waitFor } from '../helpers/wait.js';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const LATENCY_WRITES = 200;
const KEYSTROKES = ['web-', 'ns-7/fr', 'checkout'];
const log = (s: string): void => void process.stdout.write(`${s}\n`);

type Row = [label: string, value: string];

let seed = 7;
const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const f1 = (x: number): string => x.toFixed(1);
const f0 = (x: number): string => x.toFixed(0);
const dist = (xs: number[]): string => {
  const s = stats(xs);
  return `${f1(s.p50)} / ${f1(s.p90)} / ${f1(s.max)}`;
};

/** Writes U updates in bursts and waits until the reflector holds every one; events/s. */
async function absorb(sim: SimHandle, reflector: Reflector<unknown>, u: number, n: number): Promise<Row[]> {
  const expected = new Map<string, string>();
  const t0 = now();
  let last = 0;
  for (let i = 0; i < u; i++) {
    const j = (i * 7919) % n;
    const rec = (reflector.get(keys[j] ?? '') ?? {}) as Partial<SlimBase>;
    const rv = touchPod(sim, rec.namespace ?? '', rec.name ?? '', i);
    expected.set(rec.key ?? '', rv);
    last = Number(rv);
    if (i % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  const written = now() - t0;
  await waitFor(() => Number(reflector.resourceVersion ?? 0) >= last, { what: 'every update in the cache', timeoutMs: 120_000, intervalMs: 1 });
  const done = now();
  for (const [k, rv] of expected) {
    if ((reflector.get(k) as SlimBase | undefined)?.rv !== rv) throw new Error(`cache lacks ${k}@${rv}`);
  }
  const secs = (done - t0) / 1000;
  // One burst: every write (and the server's send) done before the client reads a byte; client side only.
  // (Measurement hygiene, not synchronisation: a quiet gap so the previous phase's work is not measured.)
  await sleep(200);
  const b0 = now();
  for (let i = 0; i < u; i++) {
    const j = (i * 104729) % n;
    const rec = (reflector.get(keys[j] ?? '') ?? {}) as Partial<SlimBase>;
    last = Number(touchPod(sim, rec.namespace ?? '', rec.name ?? '', u + i));
  }
  const b1 = now();
  await waitFor(() => Number(reflector.resourceVersion ?? 0) >= last, { what: 'the burst in the cache', timeoutMs: 120_000, intervalMs: 1 });
  const bdone = now();
  return [
    [`events/s, sim writing + client absorbing (${u} updates, bursts of 500)`, `${f0(u / secs)}`],
    ['  writes done / all in cache (ms)', `${f0(written)} / ${f0(done - t0)}`],
    [`events/s absorbed by the client alone (one burst of ${u})`, f0(u / ((bdone - b1) / 1000))],
    ['  burst written / then all in cache (ms)', `${f0(b1 - b0)} / ${f0(bdone - b1)}`],
  ];
}

let keys: string[] = [];

/** One write at a time, spaced out; latency to the snapshot that shows it, and the compute it cost. */
async function latency(
  sim: SimHandle,
  store: AppStore,
  gen: number,
): Promise<{ lat: number[]; cost: number[] }> {
  const lat: number[] = [];
  const cost: number[] = [];
  const visible = store.getSnapshot().rows;
  for (let k = 0; k < LATENCY_WRITES; k++) {
    await sleep(60 + rnd() * 40); // the writes are spaced out: the interval is the workload, not a wait
    const rec = visible[Math.floor(rnd() * visible.length)] as SlimBase;
    const t0 = now();
    const rv = touchPod(sim, rec.namespace ?? '', rec.name, gen + k);
    const shows = (s: Snapshot): boolean => s.rows.some((r) => r.key === rec.key && r.rv === rv);
    const t = await whenSnapshot(store, shows);
    lat.push(t - t0);
    cost.push(computeBetween(t0, t));
  }
  return { lat, cost };
}

async function keystrokes(store: AppStore): Promise<number[]> {
  const times: number[] = [];
  for (let pass = 0; pass < 3; pass++)
    for (const q of KEYSTROKES) {
      for (let i = 1; i <= q.length; i++) {
        await sleep(60); // the typing pace is the workload: past the coalescing window a keystroke publishes at once
        const text = q.slice(0, i);
        const t0 = now();
        store.setFilter(text);
        times.push((await whenSnapshot(store, (s) => s.filter?.text === text)) - t0);
      }
      await sleep(60); // typing pace, as above
      store.clearFilter();
    }
  await whenSnapshot(store, (s) => s.filter === undefined);
  return times;
}

/** Everything with one store; returns the heap used while it (and its cache) was alive. */
async function session(sim: SimHandle, n: number, updates: number, rows: Row[]): Promise<number> {
  const load = parseKubeconfig(sim.kubeconfig(), 'sim');
  if (load.kind !== 'loaded') throw new Error('bad kubeconfig');
  const transport = await createTransport(load.config);
  const reflectors: Reflector<unknown>[] = [];
  const t0 = now();
  const store = new AppStore({
    sources: clusterFactory(transport, reflectors),
    initial: { resource: pods, namespace: undefined },
  });
  const t1 = await whenSnapshot(store, (s) => s.rows.length === n && s.state.phase === 'synced');
  rows.push(['time to populated cache (ms)', f0(t1 - t0)]);
  const reflector = reflectors[0];
  if (!reflector) throw new Error('no reflector');
  keys = [...(reflector.entries() as Iterable<[string, unknown]>)].map(([k]) => k);

  rows.push(...(await absorb(sim, reflector, updates, n)));
  await sleep(200); // a quiet gap between measured phases (all updates are already in the cache)

  const plain = await latency(sim, store, 1_000_000);
  store.setFilter('web');
  await whenSnapshot(store, (s) => s.filter?.text === 'web');
  const matched = store.getSnapshot().rows.length;
  const filtered = await latency(sim, store, 2_000_000);
  store.clearFilter();
  rows.push(['publish latency, no filter: p50 / p90 / max (ms)', dist(plain.lat)]);
  rows.push(['rows matching /web', String(matched)]);
  rows.push(['publish latency, /web: p50 / p90 / max (ms)', dist(filtered.lat)]);
  rows.push(['compute per 1-pod change, no filter: p50 / p90 / max (ms)', dist(plain.cost)]);
  rows.push(['compute per 1-pod change, /web: p50 / p90 / max (ms)', dist(filtered.cost)]);

  const keys2 = await keystrokes(store);
  const k = stats(keys2);
  rows.push([`keystroke re-filter, ${keys2.length} keys: p50 / max (ms)`, `${f1(k.p50)} / ${f1(k.max)}`]);
  await sleep(200); // a quiet gap before the heap is measured
  const heap = heapAfterGc();
  store.dispose();
  await transport.close();
  keys = [];
  return heap;
}

async function run(n: number): Promise<Row[]> {
  const updates = Math.min(n, 20_000);
  const sim = await startSim({
    scenario: 'empty',
    scheduler: new ManualScheduler(),
    historyLimit: 2 * updates + 5_000,
  });
  const rows: Row[] = [];
  try {
    seedPods(sim, n);
    const heap = await session(sim, n, updates, rows);
    await sleep(200); // a quiet gap before the heap is measured
    // what the store and its cache held: the heap with them, minus the heap once they are unreachable
    rows.push([
      'heap per cached pod (bytes: cache + sorted rows + filter index)',
      f0((heap - heapAfterGc()) / n),
    ]);
  } finally {
    await sim.close();
  }
  return rows;
}

async function main(): Promise<void> {
  if (!hasGc()) log('(run with --expose-gc for heap numbers)');
  const ns = sizes.length > 0 ? sizes : [10_000, 100_000];
  const table: Row[][] = [];
  for (const n of ns) {
    log(`… ${n} pods`);
    table.push(await run(n));
  }
  const labels = table[0]?.map(([l]) => l) ?? [];
  const w = Math.max(...labels.map((l) => l.length), ...table.flat().map(([l]) => l.length));
  log(`\n${'pods'.padEnd(w)} ${ns.map((n) => String(n).padStart(22)).join('')}`);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] ?? '';
    log(`${label.padEnd(w)} ${table.map((r) => (r[i]?.[1] ?? '').padStart(22)).join('')}`);
  }
  log(`\nnode ${process.version}, ${new Date().toISOString()}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
