// Logs view benchmark (not a test). A fake transport streams generated lines (plain, JSON, coloured) into
// the real LogSession, useLogs hook and LogsView, rendered by Ink (interactive, incremental) to an in-memory
// terminal of 200×50. Reported per scenario over ~20 s:
//  - heap growth (after GC) between second 2 and the end, with the buffer bound at 64 MiB;
//  - frame latency: a line's generation time → the first terminal write that shows it (p50/p90/max), for the
//    newest line in each write;
//  - per frame: building the logs view's rows (LogsView's body) and Ink's layout + output (its renderTime);
//  - event-loop lag (p99), i.e. how long a key press could wait.
// Then, over a buffer filled to 64 MiB: time of a full filter scan, of its first budgeted step (what the
// next frame shows), the longest single step, a frame with the filter on, and a worst-case `n` search.
// Run: NODE_ENV=production node_modules/.bin/node --expose-gc --import tsx test/bench/logs.ts [seconds=20] [scenario 1-4]
// (70 s of scenario 1 fills the 64 MiB bound: the heap then stays flat while older lines spill to disk)
// (NODE_ENV must be set before React loads, as the launcher does; without it the script re-runs itself.)
import { spawnSync } from 'node:child_process';
import { PassThrough, Writable } from 'node:stream';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createElement as h, useEffect } from 'react';
import { render } from 'ink';
import { AppStore } from '../../src/store/app-store.js';
import { createKeymap } from '../../src/keys/commands.js';
import { splitChunk } from '../../src/keys/key-event.js';
import { useLogs } from '../../src/ui/hooks/use-logs.js';
import { LogsView } from '../../src/ui/views/LogsView.js';
import { defaultTheme } from '../../src/ui/theme/theme.js';
import type { Transport } from '../../src/kube/transport.js';
import type { LogTarget } from '../../src/store/logs/logs.js';
import { LogService } from '../../src/store/logs/service.js';
import { LogBuffer } from '../../src/kube/logs/buffer.js';
import type { LogLine } from '../../src/kube/logs/line.js';
import { LineTexts } from '../../src/store/logs/log-texts.js';
import { LogFilter, compileLogFilter } from '../../src/store/logs/log-filter.js';
import { findLine } from '../../src/ui/hooks/logs-model.js';
import type { LogsState } from '../../src/ui/hooks/logs-model.js';
import { fakeSources } from '../helpers/fake-source.js';
import { waitFor } from '../helpers/wait.js';

if (process.env['NODE_ENV'] !== 'production') {
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  process.exit(r.status ?? 1);
}
const SECONDS = Number(process.argv[2] ?? 20);
const ONLY = Number(process.argv[3] ?? 0);
const COLS = 200;
const ROWS = 50;
const log = (s: string) => void process.stdout.write(`${s}\n`);
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const heapMb = (): number => (gc(), process.memoryUsage().heapUsed / 2 ** 20);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;
const f1 = (x: number) => x.toFixed(1);

const born = new Map<number, number>();
let seq = 0;
const BASE = Date.UTC(2026, 0, 1);

function lineText(i: number, pod: number): string {
  const n = ++seq;
  born.set(n, performance.now());
  switch (i % 4) {
    case 0:
      return `{"time":"2026-01-01T00:00:00Z","level":"${i % 40 === 0 ? 'error' : 'info'}","msg":"request handled","path":"/api/v1/items/${i}","status":200,"pod":${pod},"seq":${n}}`;
    case 1:
      return `\x1b[32mINFO\x1b[0m worker ${pod} processed batch ${i} in ${i % 97}ms seq=${n}`;
    case 2:
      return `level=warn msg="slow upstream" upstream=10.0.${pod % 255}.${i % 255}:8080 latency=${i % 1000}ms seq=${n}`;
    default:
      return `2026/01/01 00:00:00 GET /static/app.${i % 50}.js 200 ${1000 + (i % 5000)} "Mozilla/5.0 (X11; Linux x86_64)" seq=${n}`;
  }
}

function ts(us: number): string {
  return `${new Date(BASE + Math.floor(us / 1000)).toISOString().slice(0, 23)}${String(us % 1000).padStart(3, '0')}000Z`;
}

/** streamBatches: every ~10 ms, the lines due at `ratePerStream` lines/s, until aborted. */
function fakeTransport(ratePerStream: number): Transport {
  let clock = 0;
  const t = {
    request: () => Promise.resolve({ kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }] }, status: { phase: 'Running' } }),
    async *streamBatches(path: string, opts: { signal?: AbortSignal } = {}): AsyncIterable<string[]> {
      const pod = Number(/pods\/p(\d+)/.exec(path)?.[1] ?? 0);
      let i = 0;
      const start = performance.now();
      while (!opts.signal?.aborted) {
        await new Promise((r) => setTimeout(r, 10)); // the fake server's pace: a batch every ~10 ms
        // as many lines as the rate asks for by now, however late the timer fired
        const due = Math.floor(((performance.now() - start) / 1000) * ratePerStream);
        const batch: string[] = [];
        while (i < due) batch.push(`${ts((clock += 7))} ${lineText(i++, pod)}`);
        if (batch.length) yield batch;
      }
    },
  };
  return t as unknown as Transport;
}

class Terminal extends Writable {
  columns = COLS;
  rows = ROWS;
  isTTY = true;
  latencies: number[] = [];
  writes = 0;
  bytes = 0;
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    const now = performance.now();
    const s = chunk.toString();
    this.writes++;
    this.bytes += s.length;
    let newest = -1;
    for (const m of s.matchAll(/seq[=":]+(\d+)/g)) newest = Math.max(newest, Number(m[1]));
    const t0 = born.get(newest);
    if (t0 !== undefined) {
      this.latencies.push(now - t0);
      // lines up to the newest shown are done with (the map must not grow with the stream)
      for (const k of born.keys()) {
        if (k > newest) break;
        born.delete(k);
      }
    }
    cb();
  }
}

async function scenario(name: string, pods: number, rate: number, filter?: string): Promise<void> {
  seq = 0;
  born.clear();
  const store = new AppStore({ sources: fakeSources().factory, initial: { resource: { plural: 'x' } as never, namespace: undefined } });
  const keymap = createKeymap();
  const service = new LogService(Promise.resolve(fakeTransport(rate)));
  const targets: LogTarget[] = Array.from({ length: pods }, (_, i) => ({ namespace: 'ns', pod: `p${i}`, container: 'c' }));
  const renders: number[] = [];
  const inkMs: number[] = [];
  let api: { get(): LogsState | undefined; handleKey: ReturnType<typeof useLogs>['handleKey'] } | undefined;
  function Harness() {
    const logs = useLogs(store, service, keymap, ROWS - 1);
    api = logs;
    useEffect(() => logs.open(name, targets, false), []);
    const state = logs.get();
    if (!state) return null;
    // LogsView has no hooks: calling it times the rows it builds for the frame
    const t0 = performance.now();
    const view = LogsView({ logs: state, height: ROWS, width: COLS, theme: defaultTheme });
    renders.push(performance.now() - t0);
    return view;
  }
  const term = new Terminal();
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
  const ink = render(h(Harness), { stdout: term as unknown as NodeJS.WriteStream, stdin, patchConsole: false, exitOnCtrlC: false, interactive: true, incrementalRendering: true, onRender: ({ renderTime }) => void inkMs.push(renderTime) });
  const lag = monitorEventLoopDelay({ resolution: 5 });
  const ready = await waitFor(() => api?.get() && api, { what: 'the logs view streaming' });
  if (filter) for (const k of splitChunk(`f${filter}\r`)) ready.handleKey(k);
  await new Promise((r) => setTimeout(r, 1500)); // warm-up, not synchronisation: the buffer fills before measuring
  const heap0 = heapMb();
  term.latencies = [];
  renders.length = 0;
  inkMs.length = 0;
  lag.enable();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000)); // the measured window
  lag.disable();
  const secs = (performance.now() - t0) / 1000;
  const heap1 = heapMb();
  const s = api?.get();
  const b = s?.session.buffer;
  const lat = term.latencies;
  log(
    `${name}: ${b?.totalLines ?? 0} lines (${b?.dropped ?? 0} spilled) in ${f1(secs + 2)} s (${Math.round((b?.totalLines ?? 0) / (secs + 2))}/s), ` +
      `buffer ${f1((b?.bytes ?? 0) / 2 ** 20)} MiB in memory, heap ${f1(heap0)} → ${f1(heap1)} MB (+${f1(heap1 - heap0)})`,
  );
  log(`  frames ${renders.length} (${f1(renders.length / secs)}/s), ${f1(term.bytes / term.writes / 1024)} KiB/write`);
  log(`  latency line→screen ms: p50 ${f1(pct(lat, 0.5))} p90 ${f1(pct(lat, 0.9))} max ${f1(pct(lat, 1))} (n=${lat.length})`);
  log(`  rows built per frame ms: p50 ${f1(pct(renders, 0.5))} p90 ${f1(pct(renders, 0.9))} max ${f1(pct(renders, 1))}`);
  log(`  Ink layout+output per frame ms: p50 ${f1(pct(inkMs, 0.5))} p90 ${f1(pct(inkMs, 0.9))} max ${f1(pct(inkMs, 1))}`);
  log(`  event-loop lag ms: p50 ${f1(lag.percentile(50) / 1e6)} p99 ${f1(lag.percentile(99) / 1e6)} max ${f1(lag.max / 1e6)}`);
  if (s?.filter) log(`  filter "${s.filter.matcher.text}": ${s.filter.count} of ${s.session.texts.end - s.session.texts.start} lines`);
  s?.session.stop();
  ink.unmount();
  store.dispose();
}

function fullBuffer(): void {
  const buffer = new LogBuffer({ maxBytes: 64 * 2 ** 20 });
  const texts = new LineTexts();
  let batch: LogLine[] = [];
  const flush = () => {
    buffer.append(batch);
    texts.append(batch.map((l) => l.text));
    texts.trim(buffer.dropped);
    batch = [];
  };
  for (let i = 0; buffer.bytes < 60 * 2 ** 20; i++) {
    batch.push({ ts: BASE + i, tsText: ts(i), text: lineText(i, i % 50), pod: 'p', container: 'c' });
    if (batch.length === 1000) flush();
  }
  flush();
  born.clear();
  log(`64 MiB buffer: ${buffer.length} lines, ${f1(buffer.bytes / 2 ** 20)} MiB counted, heap ${f1(heapMb())} MB`);
  for (const q of ['error', 'slow upstream|status":5', '!info', 'items/1234[0-9]']) {
    const t0 = performance.now();
    const f = new LogFilter(compileLogFilter(q), texts);
    f.step(8);
    const first = performance.now() - t0;
    let longest = first;
    while (!f.done) {
      const s0 = performance.now();
      f.step(8);
      longest = Math.max(longest, performance.now() - s0);
    }
    log(`  filter "${q}": ${f.count} matches; full scan ${f1(performance.now() - t0)} ms, first step ${f1(first)} ms, longest step ${f1(longest)} ms`);
  }
  const full = new LogFilter(compileLogFilter('NOPE-never'), texts);
  const t1 = performance.now();
  while (!full.done) full.step(1e9);
  log(`  unbudgeted scan, no match: ${f1(performance.now() - t1)} ms`);
  const state = { session: { texts, buffer }, filter: undefined } as unknown as LogsState;
  const t2 = performance.now();
  findLine(state, texts.end - 1, 1, 'never-there');
  log(`  search n with no match (worst case, whole buffer): ${f1(performance.now() - t2)} ms`);
  buffer.dispose();
}

const run = (n: number) => ONLY === 0 || ONLY === n;
if (run(1)) await scenario('1 pod × 10,000 lines/s', 1, 10_000);
if (run(2)) await scenario('50 pods × 200 lines/s', 50, 200);
if (run(3)) await scenario('1 pod × 10,000 lines/s, filter "error" on', 1, 10_000, 'error');
if (run(4)) fullBuffer();
process.exit(0);
