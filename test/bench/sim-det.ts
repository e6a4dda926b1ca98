// The simulator's CPU on a fixed amount of work: the seeded `large` scenario on a ManualScheduler, advanced
// 100 ms at a time until every pod is Running. No real clock, so no idle time and the same writes in the
// same order every run: what is left to vary is the machine. sim-child.ts's time to all Running moved by
// ±15% between runs of the same code on these shared cores; compare builds with this, alternating.
//   node --import tsx test/bench/sim-det.ts [pods] [nodes] [--root DIR]
// --root DIR loads the simulator from another checkout (e.g. `git archive` of main into /tmp/before, with
// node_modules linked), so `for i in 1 2 3; do … --root /tmp/before; …; done` pairs two versions.
// Prints one JSON line: CPU (user+system, all threads), wall, heap and RSS at the end.

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Pod } from '../../src/util/k8s.js';
import type * as SchedulerModule from '../../src/sim/scheduler.js';
import type * as ClusterModule from '../../src/sim/cluster.js';
import type * as ResourcesModule from '../../src/sim/resources.js';

const args = process.argv.slice(2);
const at = args.indexOf('--root');
const root = at >= 0 ? resolve(args[at + 1] ?? '.') : resolve(import.meta.dirname, '../..');
const [pods = 10_000, nodes = 100] = args.filter((_, i) => at < 0 || (i !== at && i !== at + 1)).map(Number);

interface SimModules {
  scheduler: typeof SchedulerModule;
  cluster: typeof ClusterModule;
  resources: typeof ResourcesModule;
}

async function load(): Promise<SimModules> {
  const url = (p: string): string => pathToFileURL(resolve(root, p)).href;
  return {
    scheduler: (await import(url('src/sim/scheduler.ts'))) as SimModules['scheduler'],
    cluster: (await import(url('src/sim/cluster.ts'))) as SimModules['cluster'],
    resources: (await import(url('src/sim/resources.ts'))) as SimModules['resources'],
  };
}

async function main(): Promise<void> {
  const m = await load();
  const s = new m.scheduler.ManualScheduler(Date.UTC(2026, 0, 2));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const c = m.cluster.createCluster({ scenario: 'large', size: { pods, nodes }, scheduler: s, seed: 11 });
  const running = new Set<string | undefined>();
  c.storage.subscribe(m.resources.PODS, (ev) => {
    const p = ev.object as Pod;
    if (ev.type !== 'DELETED' && p.status?.phase === 'Running') running.add(p.metadata.uid);
    else running.delete(p.metadata.uid);
  });
  let steps = 0;
  while (running.size < pods && steps < 100_000) {
    s.advance(100);
    steps++;
  }
  const cpu = process.cpuUsage(cpu0);
  const mem = process.memoryUsage();
  process.stdout.write(
    `${JSON.stringify({
      root,
      pods,
      nodes,
      running: running.size,
      simSeconds: steps / 10,
      cpuS: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
      wallS: Number(((performance.now() - t0) / 1000).toFixed(2)),
      heapMB: Math.round(mem.heapUsed / 1e6),
      rssMB: Math.round(mem.rss / 1e6),
    })}\n`,
  );
  c.stop();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
