// Simulator scale benchmark (not a test): 100,000 pods on 1,000 nodes, then
//  - paged LIST of all pods (limit=500, as kubectl and informers page), as JSON and as kubectl's Table;
//  - N watchers from the list's resourceVersion while U pod updates are written: time until every
//    watcher has every event;
//  - one watch from resourceVersion 0 (100,000 synthetic ADDEDs).
// Run: node_modules/.bin/node --import tsx test/bench/sim-scale.ts [pods=100000] [nodes=1000] [watchers=5] [updates=20000]
// The cluster runs on a manual clock, so controllers and kubelet stages stay idle: this measures the
// API server and storage, not the behaviour code.

import { Agent, request } from 'node:https';
import { startSim, ManualScheduler, NAMESPACES, NODES, PODS } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { waitFor } from '../helpers/wait.js';

const [PODS_N = 100_000, NODES_N = 1_000, WATCHERS = 5, UPDATES = 20_000] = process.argv
  .slice(2)
  .map((a) => Number(a));
const NAMESPACES_N = 50;
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

const agent = new Agent({ keepAlive: true, rejectUnauthorized: false, maxSockets: 64 });
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const log = (s: string): void => void process.stdout.write(`${s}\n`);

function get(
  sim: SimHandle,
  path: string,
  accept = 'application/json',
): Promise<{ body: string; status: number }> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, sim.url),
      { agent, headers: { Authorization: `Bearer ${sim.token}`, Accept: accept } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ body: Buffer.concat(chunks).toString('utf8'), status: res.statusCode ?? 0 }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A watch that counts event lines; resolves `reached(n)` once n events arrived. */
function watchCounter(
  sim: SimHandle,
  path: string,
): { count: () => number; reached: (n: number) => Promise<number>; close: () => void } {
  let count = 0;
  let tail = '';
  const waiters: { n: number; resolve: (t: number) => void }[] = [];
  const t0 = process.hrtime.bigint();
  const req = request(new URL(path, sim.url), {
    agent: false,
    rejectUnauthorized: false,
    headers: { Authorization: `Bearer ${sim.token}` },
  });
  req.on('response', (res) => {
    res.setEncoding('utf8');
    res.on('data', (d: string) => {
      const s = tail + d;
      let i = s.indexOf('\n');
      let last = 0;
      while (i >= 0) {
        count++;
        last = i + 1;
        i = s.indexOf('\n', last);
      }
      tail = s.slice(last);
      for (const w of [...waiters])
        if (count >= w.n) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(ms(t0));
        }
    });
  });
  req.on('error', () => undefined);
  req.end();
  return {
    count: () => count,
    reached: (n) =>
      count >= n ? Promise.resolve(ms(t0)) : new Promise((resolve) => waiters.push({ n, resolve })),
    close: () => req.destroy(),
  };
}

function load(sim: SimHandle): void {
  const s = sim.storage;
  for (let i = 0; i < NAMESPACES_N; i++) s.create(NAMESPACES, { metadata: { name: `ns-${i}` } });
  for (let i = 0; i < NODES_N; i++)
    s.create(NODES, {
      metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}` } },
      spec: {},
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: `10.0.${i >> 8}.${i & 255}` }],
      },
    });
  const started = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (let i = 0; i < PODS_N; i++)
    s.create(PODS, {
      metadata: { name: `pod-${i}`, namespace: `ns-${i % NAMESPACES_N}`, labels: { app: `app-${i % 100}` } },
      spec: {
        nodeName: `node-${i % NODES_N}`,
        containers: [{ name: 'main', image: 'registry.example/app:1.0' }],
      },
      status: {
        phase: 'Running',
        podIP: `10.244.${(i >> 8) & 255}.${i & 255}`,
        startTime: started,
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          {
            name: 'main',
            ready: true,
            restartCount: 0,
            image: 'registry.example/app:1.0',
            state: { running: { startedAt: started } },
          },
        ],
      },
    } as never);
}

async function pagedList(
  sim: SimHandle,
  accept: string,
): Promise<{ items: number; pages: number; bytes: number; rv: string }> {
  let cont = '';
  let items = 0;
  let pages = 0;
  let bytes = 0;
  let rv = '';
  do {
    const r = await get(
      sim,
      `/api/v1/pods?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
      accept,
    );
    if (r.status !== 200) throw new Error(`list failed: ${r.status} ${r.body.slice(0, 200)}`);
    bytes += r.body.length;
    const j = JSON.parse(r.body) as {
      items?: unknown[];
      rows?: unknown[];
      metadata: { continue?: string; resourceVersion: string };
    };
    items += (j.items ?? j.rows ?? []).length;
    pages++;
    cont = j.metadata.continue ?? '';
    rv ||= j.metadata.resourceVersion;
  } while (cont);
  return { items, pages, bytes, rv };
}

async function main(): Promise<void> {
  const sim = await startSim({
    scenario: 'empty',
    scheduler: new ManualScheduler(),
    historyLimit: UPDATES + 1000,
  });
  try {
    let t = process.hrtime.bigint();
    load(sim);
    const loadMs = ms(t);
    log(
      `load: ${PODS_N} pods on ${NODES_N} nodes in ${loadMs.toFixed(0)} ms (${((PODS_N / loadMs) * 1000).toFixed(0)} creates/s)`,
    );
    log(`heap used: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);

    for (const [label, accept] of [
      ['JSON', 'application/json'],
      ['Table', TABLE],
      ['JSON (2nd, cached serialisation)', 'application/json'],
    ] as const) {
      t = process.hrtime.bigint();
      const r = await pagedList(sim, accept);
      const d = ms(t);
      log(
        `list ${label}: ${r.items} items in ${r.pages} pages, ${(r.bytes / 2 ** 20).toFixed(1)} MiB, ${d.toFixed(0)} ms → ${((r.items / d) * 1000).toFixed(0)} items/s, ${((r.bytes / 2 ** 20 / d) * 1000).toFixed(1)} MiB/s`,
      );
    }

    const rv = sim.storage.currentRV();
    const baseListeners = sim.storage.listenerCount(PODS); // controllers' own
    const watchers = Array.from({ length: WATCHERS }, () =>
      watchCounter(sim, `/api/v1/pods?watch=true&resourceVersion=${rv}`),
    );
    await waitFor(() => sim.storage.listenerCount(PODS) >= baseListeners + WATCHERS, { what: `${WATCHERS} watchers`, timeoutMs: 10_000 });
    t = process.hrtime.bigint();
    for (let i = 0; i < UPDATES; i++) {
      const j = (i * 7919) % PODS_N;
      sim.storage.mutate(PODS, `ns-${j % NAMESPACES_N}`, `pod-${j}`, (d) => {
        d.metadata.labels = { ...d.metadata.labels, gen: String(i) };
      });
      if (i % 1000 === 999) await new Promise((r) => setImmediate(r)); // let the sockets drain
    }
    const writeMs = ms(t);
    const times = await Promise.all(watchers.map((w) => w.reached(UPDATES)));
    const all = ms(t);
    log(
      `watch: ${UPDATES} updates written in ${writeMs.toFixed(0)} ms; ${WATCHERS} watchers all caught up after ${all.toFixed(0)} ms → ${(((UPDATES * WATCHERS) / all) * 1000).toFixed(0)} events/s delivered (${((UPDATES / all) * 1000).toFixed(0)} changes/s)`,
    );
    void times;
    for (const w of watchers) w.close();

    t = process.hrtime.bigint();
    const initial = watchCounter(sim, '/api/v1/pods?watch=true');
    await initial.reached(PODS_N);
    const d = ms(t);
    log(
      `watch from RV 0: ${PODS_N} synthetic ADDEDs in ${d.toFixed(0)} ms → ${((PODS_N / d) * 1000).toFixed(0)} events/s`,
    );
    initial.close();
    const ok = await get(sim, '/api/v1/namespaces/ns-1/pods/pod-1');
    log(`server responsive afterwards: GET → ${ok.status}`);
  } finally {
    await sim.close();
    agent.destroy();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
