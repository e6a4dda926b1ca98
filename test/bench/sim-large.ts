// The `large` scenario's start-up (not a test): time until all N pods are Running, made by the
// controllers on the real clock exactly as `kubedeck sim --scenario large --pods N --nodes M` runs them,
// plus the heap once they are. Also times one paged LIST of every pod over HTTPS once they run.
// Run: node_modules/.bin/node --import tsx test/bench/sim-large.ts [pods=10000] [nodes=100]

import { request } from 'node:https';
import { startSim, PODS } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { Pod } from '../../src/util/k8s.js';
import { waitFor } from '../helpers/wait.js';

const [PODS_N = 10_000, NODES_N = 100] = process.argv.slice(2).map((a) => Number(a));
const log = (s: string): void => void process.stdout.write(`${s}\n`);
const mb = (n: number): string => `${(n / 1e6).toFixed(0)} MB`;

function get(sim: SimHandle, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, sim.url),
      { rejectUnauthorized: false, headers: { Authorization: `Bearer ${sim.token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const sim = await startSim({ scenario: 'large', size: { pods: PODS_N, nodes: NODES_N } });
  log(`large: ${PODS_N} pods over ${NODES_N} nodes; API up after ${Date.now() - t0} ms`);
  let created = 0;
  let lastLog = 0;
  const allRunning = (): boolean => {
    const items = sim.storage.list(PODS).items as Pod[];
    const running = items.filter((p) => p.status?.phase === 'Running').length;
    const t = Date.now() - t0;
    if (!created && items.length >= PODS_N) {
      created = t;
      log(`  all ${items.length} pods created after ${(t / 1000).toFixed(1)} s`);
    }
    if (t - lastLog >= 5000) {
      lastLog = t;
      log(
        `  ${(t / 1000).toFixed(0)} s: ${items.length} pods, ${running} Running, heap ${mb(process.memoryUsage().heapUsed)}`,
      );
    }
    if (running >= PODS_N) {
      log(`  all ${running} pods Running after ${(t / 1000).toFixed(1)} s`);
      return true;
    }
    return false;
  };
  await waitFor(allRunning, { what: 'every pod Running', timeoutMs: 30 * 60_000, intervalMs: 500 }).catch((e: unknown) =>
    log(`  gave up: ${e instanceof Error ? e.message : String(e)}`),
  );
  global.gc?.();
  const m = process.memoryUsage();
  log(`  heap used ${mb(m.heapUsed)}, rss ${mb(m.rss)}${global.gc ? ' (after gc)' : ''}`);
  const tl = Date.now();
  let n = 0;
  let cont = '';
  do {
    const page = JSON.parse(
      await get(sim, `/api/v1/pods?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`),
    ) as { items: unknown[]; metadata: { continue?: string } };
    n += page.items.length;
    cont = page.metadata.continue ?? '';
  } while (cont);
  log(`  paged LIST of ${n} pods: ${Date.now() - tl} ms`);
  await sim.close();
}

void main();
