// The simulator of `npm run bench` in its own process (so its CPU, heap and RSS are its own): the
// `large` scenario on the real clock, exactly as `kubedeck sim --scenario large --pods N --nodes M` runs
// it. Talks to test/bench/run.ts over IPC (bench-ipc.ts): reports when every pod is Running (time, RSS,
// heap, mean pod JSON size), then on request changes pods at a given rate (churn) and reports when the
// changes of the pods on kubedeck's screen were written.
// Run by run.ts: fork('test/bench/sim-child.ts', [pods, nodes], { execArgv: ['--expose-gc', '--import', 'tsx'] }).

import { writeFileSync } from 'node:fs';
import { startSim, PODS } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { objectJson } from '../../src/sim/storage/index.js';
import type { Pod } from '../../src/util/k8s.js';
import type { ChurnWrite, FromSim, ToSim } from './bench-ipc.js';

const [pods = 10_000, nodes = 100] = process.argv.slice(2).map(Number);
const kubeconfigPath = process.argv[4] ?? '';
const send = (m: FromSim): void => void process.send?.(m);
const wallMs = (): number => performance.timeOrigin + performance.now();
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

function memory(): { rss: number; heap: number } {
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

function meanPodBytes(sim: SimHandle): number {
  const items = sim.storage.list(PODS).items;
  let bytes = 0;
  for (const o of items) bytes += Buffer.byteLength(objectJson(o));
  return items.length ? bytes / items.length : 0;
}

const running = (sim: SimHandle): number => {
  let n = 0;
  for (const p of sim.storage.list(PODS).items as Pod[]) if (p.status?.phase === 'Running') n++;
  return n;
};

/** The restartCount a churn writes next: it only grows, across churns too (a value on screen is one write's). */
let nextValue = 1000;

/** Bumps restartCount of pods at `rate` per second; every `focusEvery`-th write goes to a focus pod. */
class Churn {
  private timer: NodeJS.Timeout | undefined;
  private written = 0;
  private readonly log: ChurnWrite[] = [];
  private keys: readonly string[] = [];
  private readonly started = wallMs();
  private focusNext = 0;

  constructor(
    private readonly sim: SimHandle,
    private readonly rate: number,
    private readonly focus: readonly string[],
    private readonly focusEvery: number,
  ) {}

  start(): void {
    this.keys = this.sim.storage.sortedKeys(PODS);
    const tick = (): void => {
      const due = Math.floor(((wallMs() - this.started) / 1000) * this.rate);
      for (; this.written < due; this.written++) this.one();
      this.timer = setTimeout(tick, 5);
    };
    tick();
  }

  stop(): { writes: ChurnWrite[]; total: number; seconds: number } {
    clearTimeout(this.timer);
    return { writes: this.log, total: this.written, seconds: (wallMs() - this.started) / 1000 };
  }

  private one(): void {
    const focus = this.focus.length > 0 && this.written % this.focusEvery === 0;
    const key = focus
      ? (this.focus[this.focusNext++ % this.focus.length] ?? '')
      : (this.keys[Math.floor(Math.random() * this.keys.length)] ?? '');
    const slash = key.indexOf('/');
    const value = nextValue++;
    const done = this.sim.storage.mutate(PODS, key.slice(0, slash), key.slice(slash + 1), (d) => {
      const cs = (d as Pod).status?.containerStatuses?.[0];
      if (!cs) return false;
      cs.restartCount = value;
    });
    if (focus && done) this.log.push({ key, value, at: wallMs() });
  }
}

async function main(): Promise<void> {
  const t0 = wallMs();
  const sim = await startSim({ scenario: 'large', size: { pods, nodes } });
  writeFileSync(kubeconfigPath, sim.kubeconfig(), { mode: 0o600 });
  send({ type: 'up', ms: wallMs() - t0 });
  let last = 0;
  const poll = setInterval(() => {
    const n = running(sim);
    const t = wallMs() - t0;
    if (t - last >= 10_000) {
      last = t;
      send({ type: 'progress', ms: t, running: n, pods: sim.storage.count(PODS), ...memory() });
    }
    if (n < pods) return;
    clearInterval(poll);
    send({ type: 'running', ms: t, pods: sim.storage.count(PODS), meanPodBytes: meanPodBytes(sim), ...memory() });
  }, 250);
  let churn: Churn | undefined;
  process.on('message', (m: ToSim) => {
    if (m.type === 'memory') send({ type: 'memory', ...memory() });
    else if (m.type === 'churn') {
      churn = new Churn(sim, m.rate, m.focus, m.focusEvery);
      churn.start();
    } else if (m.type === 'stop-churn') {
      const r = churn?.stop() ?? { writes: [], total: 0, seconds: 0 };
      churn = undefined;
      send({ type: 'churned', ...r });
    } else if (m.type === 'exit') {
      clearInterval(poll);
      void sim.close().then(() => process.exit(0));
    }
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
