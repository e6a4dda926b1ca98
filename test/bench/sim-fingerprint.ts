// What clients could see of a simulator change, as one hash: the seeded `large` scenario on a
// ManualScheduler run to all Running (plus 30 s), hashing every storage event (type, resource, the
// object's JSON with key order) in order and the final state. Two checkouts that print the same line
// write the same objects, resourceVersions, managedFields and Events in the same order.
//   node --import tsx test/bench/sim-fingerprint.ts [pods] [nodes] [--root DIR]
// e.g. pair a change with main: the same command with --root /tmp/before (a checkout with node_modules).

import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Pod } from '../../src/util/k8s.js';
import type * as SchedulerModule from '../../src/sim/scheduler.js';
import type * as ClusterModule from '../../src/sim/cluster.js';
import type * as ResourcesModule from '../../src/sim/resources.js';

const args = process.argv.slice(2);
const at = args.indexOf('--root');
const root = at >= 0 ? resolve(args[at + 1] ?? '.') : resolve(import.meta.dirname, '../..');
const [pods = 3000, nodes = 30] = args.filter((_, i) => at < 0 || (i !== at && i !== at + 1)).map(Number);

async function main(): Promise<void> {
  const url = (p: string): string => pathToFileURL(resolve(root, p)).href;
  const sched = (await import(url('src/sim/scheduler.ts'))) as typeof SchedulerModule;
  const cluster = (await import(url('src/sim/cluster.ts'))) as typeof ClusterModule;
  const res = (await import(url('src/sim/resources.ts'))) as typeof ResourcesModule;
  const s = new sched.ManualScheduler(Date.UTC(2026, 0, 2));
  const c = cluster.createCluster({ scenario: 'large', size: { pods, nodes }, scheduler: s, seed: 11 });
  const stream = createHash('sha256');
  let events = 0;
  c.storage.subscribeAll((ev) => {
    events++;
    stream.update(`${ev.type} ${ev.gvr.resource} ${JSON.stringify(ev.object)}\n`);
  });
  const running = new Set<string | undefined>();
  c.storage.subscribe(res.PODS, (ev) => {
    const p = ev.object as Pod;
    if (ev.type !== 'DELETED' && p.status?.phase === 'Running') running.add(p.metadata.uid);
    else running.delete(p.metadata.uid);
  });
  for (let steps = 0; running.size < pods && steps < 100_000; steps++) s.advance(100);
  s.advance(30_000);
  const final = createHash('sha256');
  for (const g of c.storage.gvrs()) for (const o of c.storage.list(g).items) final.update(`${JSON.stringify(o)}\n`);
  process.stdout.write(
    `${JSON.stringify({ root, pods, nodes, events, stream: stream.digest('hex').slice(0, 16), final: final.digest('hex').slice(0, 16) })}\n`,
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
