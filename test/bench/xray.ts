// Benchmark (not a test): `:xray deploy -A` over synthetic caches: the CPU time of one tree rebuild and of
// its lines (all open, and filtered), and the bytes a pod record costs in the tree's cache (owners, refs
// and container rows added) against the table's.
// Run: node_modules/.bin/node --expose-gc --import tsx test/bench/xray.ts [deployments] [pods per deployment]   (default: 1000 10)
import type { SlimBase } from '../../src/resources/types.js';
import type { KObject } from '../../src/util/k8s.js';
import { buildXrayTree } from '../../src/store/xray/tree.js';
import { xrayLines } from '../../src/store/xray/lines.js';
import { cached, deployment, kind, pod, replicaSet, webPodSpec } from '../helpers/xray-fixtures.js';

const [D = 1000, P = 10] = process.argv.slice(2).map(Number).filter((n) => n > 0);
const [d, rs, po] = [kind('deployments'), kind('replicasets'), kind('pods')];
const ds: SlimBase[] = [];
const rss: SlimBase[] = [];
const pos: SlimBase[] = [];
for (let i = 0; i < D; i++) {
  ds.push(cached(d, deployment(`app${i}`, `ns${i % 20}`, P)));
  rss.push(cached(rs, replicaSet(`app${i}-rs`, `ns${i % 20}`, `app${i}`, P)));
  for (let j = 0; j < P; j++) pos.push(cached(po, pod(`app${i}-rs-${j}`, `ns${i % 20}`, `app${i}`, `app${i}-rs`)));
}
const cpu = (f: () => void): number => {
  const c = process.cpuUsage();
  f();
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1000;
};
// the first rounds include the JIT's warm-up; the later ones are the steady state
for (let k = 0; k < 10; k++) {
  let forest: ReturnType<typeof buildXrayTree> = [];
  let n = 0;
  const tree = cpu(() => {
    forest = buildXrayTree({ root: d, caches: [{ resource: d, records: ds, synced: true }, { resource: rs, records: rss, synced: true }, { resource: po, records: pos, synced: true }], resolve: kind });
  });
  const lines = cpu(() => (n = xrayLines(forest, { allOpen: true, toggled: new Set() }).length));
  const filtered = cpu(() => xrayLines(forest, { allOpen: true, toggled: new Set() }, 'app77'));
  console.log(`${pos.length} pods: tree ${tree.toFixed(0)} ms cpu, ${n} lines ${lines.toFixed(0)} ms, filtered ${filtered.toFixed(0)} ms`);
}

// memory per pod record: the table's projection against the tree cache's (a pod with 2 containers, 7 references)
const N = 20000;
const raw = Array.from({ length: N }, (_, i) => JSON.stringify(pod(`web-5d8-${i}`, 'shop', 'web', 'web-5d8', webPodSpec)));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
function perRecord(project: (o: KObject) => unknown): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const keep = raw.map((s) => project(JSON.parse(s) as KObject));
  gc();
  const bytes = (process.memoryUsage().heapUsed - before) / N;
  return keep.length === N ? bytes : NaN;
}
const table = perRecord((o) => po.project(o));
const tree = perRecord((o) => cached(po, o));
console.log(`bytes per pod record: table ${table.toFixed(0)}, xray cache ${tree.toFixed(0)} (+${(tree - table).toFixed(0)})`);
