// The first list of all pods through kubedeck's own reflector, alone (not a test): no TUI, the same V8 heap
// flags as the TUI (src/cli/main.ts), against a running simulator. Prints the time to each page and to the
// complete list, and the GC time (by kind) spent meanwhile: where the list's time goes beyond fetch + parse.
// Run: node --import tsx test/bench/list-alone.ts KUBECONFIG [runs=3] [--no-flags] [--store]
//   --store: an AppStore over the reflector too, its snapshots built as the TUI's would be.
import { PerformanceObserver } from 'node:perf_hooks';
import type { PerformanceEntry } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { loadKubeconfig } from '../../src/kube/kubeconfig.js';
import { createTransport } from '../../src/kube/transport.js';
import { Reflector } from '../../src/kube/reflector.js';
import { pods } from '../../src/resources/pods.js';
import type { SlimBase } from '../../src/resources/types.js';
import { AppStore } from '../../src/store/app-store.js';
import type { Source } from '../../src/store/sources/source.js';

const argv = process.argv.slice(2);
const [kubeconfig = '', runsArg = '3'] = argv.filter((a) => !a.startsWith('--'));
if (!argv.includes('--no-flags')) {
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--heap-growing-percent=20');
}
const withStore = argv.includes('--store');
const interval = Number(argv.find((a) => a.startsWith('--interval='))?.slice(11) ?? 0);
const log = (s: string): void => void process.stdout.write(`${s}\n`);
const load = loadKubeconfig({ explicitPath: kubeconfig });
if (load.kind !== 'loaded') throw new Error(`kubeconfig: ${load.kind}`);
const transport = await createTransport(load.config);

const gc = new Map<string, { n: number; ms: number }>();
const kinds: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const k = kinds[((e as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind ?? 0] ?? 'other';
    const g = gc.get(k) ?? { n: 0, ms: 0 };
    g.n++;
    g.ms += e.duration;
    gc.set(k, g);
  }
}).observe({ entryTypes: ['gc'] });

for (let run = 0; run < Number(runsArg); run++) {
  gc.clear();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const pages: number[] = [];
  let snapshots = 0;
  let store: AppStore | undefined;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const open = (onChange: () => void): Reflector<SlimBase> => {
    const r: Reflector<SlimBase> = new Reflector<SlimBase>({
      transport,
      path: { group: '', version: 'v1', plural: 'pods' },
      project: pods.project as (o: unknown) => SlimBase,
      onChange: () => {
        if (r.state.loading || pages.length === 0) pages.push(performance.now() - t0);
        if (r.synced && !r.state.loading) resolveDone();
        onChange();
      },
    });
    return r;
  };
  let reflector: Reflector<SlimBase> | undefined;
  if (withStore) {
    store = new AppStore({
      sources: (req) => {
        reflector = open(req.onChange);
        return reflector as Source;
      },
      initial: { resource: pods, namespace: undefined },
      ...(interval ? { publishIntervalMs: interval } : {}),
    });
    const st = store;
    st.subscribe(() => {
      snapshots++;
      if (!st.getSnapshot().state.loading && st.getSnapshot().total > 0) resolveDone();
    });
  } else {
    reflector = open(() => undefined);
    reflector.start();
  }
  await done;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  store?.dispose();
  await reflector?.stop();
  await new Promise((r) => setTimeout(r, 100));
  const g = [...gc].map(([k, v]) => `${k} ${v.n}× ${v.ms.toFixed(0)} ms`).join(', ');
  log(`run ${run + 1}: ${ms.toFixed(0)} ms, CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (first page ${pages[0]?.toFixed(0)} ms, ${pages.length} changes${withStore ? `, ${snapshots} snapshots` : ''}); GC: ${g}; heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
}
await transport.close?.();
process.exit(0);
