// `npm run bench`: kubedeck against the `large` scenario at real-cluster sizes, side by side with kubectl
// and the bare paged fetch+parse floor, in one run on one simulator per size (issue 10). Per size:
//  - the simulator (sim-child.ts, its own process): time until every pod is Running, its RSS and heap,
//    the mean JSON size of a pod (the corpus the rest ran on);
//  - the floor (floor.ts, its own process): limit=500 pages with continue, JSON.parse each;
//  - `kubectl get pods -A`: time to its first line and to its last;
//  - kubedeck (the real binary in tmux, `-A`): time to the first pod row and to the full list (the title
//    reads `pods(all)[N]` without the `+` mark once the list is complete); its RSS (VmRSS of its
//    process) in an empty view (`-n default`) and with every pod cached, and per cached pod;
//  - event→screen latency: the simulator changes pods at 1,000/s (restartCount, status), every 50th
//    change one of the pods on kubedeck's screen; latency is from the simulator's write (same machine
//    clock) to the first screen capture showing the new RESTARTS value (or a later one of that pod);
//    a write never shown by the end (15 s after the churn) is counted as not seen.
// Absolute times drift on shared machines, so it prints ratios and PASS/MISS per target too.
// Run: npm run bench [-- --pods 10000[,100000]] [--quick] [--churn-seconds S] [--no-build] [--cpu-prof DIR]
//   (default sizes 10,000 and 100,000; --quick: 10,000 only and a 5 s churn; --cpu-prof: the `-A` kubedeck
//   runs under `node --cpu-prof` and writes its .cpuprofile into DIR when it exits after the churn;
//   KUBEDECK_NODE='--import …': node flags for that kubedeck run too; KUBEDECK_BIN=…/kubedeck.js: another build)

import { fork, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FromSim, ToSim } from './bench-ipc.js';
import { shownAt } from './bench-ipc.js';
import { kubedeckBin, rssOf, Term } from './term.js';

const here = new URL('./', import.meta.url).pathname;
const root = new URL('../../', import.meta.url).pathname;
const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
};
const quick = argv.includes('--quick');
const sizes = (flag('--pods') ?? (quick ? '10000' : '10000,100000')).split(',').map(Number).filter((n) => n > 0);
const churnSeconds = Number(flag('--churn-seconds') ?? (quick ? 5 : 15));
const cpuProfDir = flag('--cpu-prof');
const CHURN_RATE = 1000;
const FOCUS_EVERY = 50;
const log = (s: string): void => void process.stdout.write(`${s}\n`);
const epoch = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Result {
  pods: number;
  nodes: number;
  meanPodBytes: number;
  simRunningMs: number;
  simSettledMs: number;
  simRss: number;
  simHeap: number;
  floor: { firstMs: number; allMs: number; bytes: number };
  kubectl: { firstMs: number; lastMs: number; lines: number };
  kd: { firstRowMs: number; fullMs: number };
  rssEmpty: number;
  rssFull: number;
  rssAfterChurn: number;
  latency: { p50: number; p99: number; max: number; seen: number; writes: number; rate: number };
}

/** The simulator process and its messages. */
class Sim {
  private readonly child: ChildProcess;
  private readonly waiters: { type: FromSim['type']; resolve: (m: FromSim) => void }[] = [];
  constructor(pods: number, nodes: number, readonly kubeconfig: string) {
    this.child = fork(join(here, 'sim-child.ts'), [String(pods), String(nodes), kubeconfig], {
      execArgv: ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx'],
      cwd: root,
    });
    this.child.on('message', (m: FromSim) => {
      if (m.type === 'progress')
        log(`  sim ${(m.ms / 1000).toFixed(0)} s: ${m.pods} pods, ${m.running} Running, RSS ${mb(m.rss)}, heap ${mb(m.heap)}`);
      const i = this.waiters.findIndex((w) => w.type === m.type);
      if (i >= 0) this.waiters.splice(i, 1)[0]?.resolve(m);
    });
  }
  next<T extends FromSim['type']>(type: T): Promise<Extract<FromSim, { type: T }>> {
    return new Promise((resolve) => this.waiters.push({ type, resolve: resolve as (m: FromSim) => void }));
  }
  send(m: ToSim): void {
    this.child.send(m);
  }
  async close(): Promise<void> {
    const gone = new Promise((r) => this.child.once('exit', r));
    this.send({ type: 'exit' });
    await Promise.race([gone, sleep(10_000)]);
    this.child.kill();
  }
}

const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;

function floor(kubeconfig: string): Promise<Result['floor']> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'floor.ts'), kubeconfig], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`floor.ts failed: ${r.stderr}`);
  return Promise.resolve(JSON.parse(r.stdout) as Result['floor']);
}

function kubectl(kubeconfig: string): Promise<Result['kubectl']> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let firstMs = NaN;
    let lines = 0;
    const p = spawn('kubectl', ['--kubeconfig', kubeconfig, 'get', 'pods', '-A'], { stdio: ['ignore', 'pipe', 'inherit'] });
    p.stdout.on('data', (c: Buffer) => {
      if (Number.isNaN(firstMs) && c.includes(10)) firstMs = performance.now() - t0;
      for (const b of c) if (b === 10) lines++;
    });
    p.on('error', reject);
    p.on('close', (code) =>
      code === 0 ? resolve({ firstMs, lastMs: performance.now() - t0, lines }) : reject(new Error(`kubectl exited ${code}`)),
    );
  });
}

/** Polls the screen until every pattern matched once; the time (ms since t0) of each, NaN if it never did. */
async function until(term: Term, t0: number, pats: Record<string, RegExp>, timeoutMs: number): Promise<Record<string, number>> {
  const hit: Record<string, number> = Object.fromEntries(Object.keys(pats).map((k) => [k, NaN]));
  let s = '';
  while (performance.now() - t0 < timeoutMs) {
    s = await term.screen();
    const t = performance.now() - t0;
    for (const [k, re] of Object.entries(pats)) if (Number.isNaN(hit[k]) && re.test(s)) hit[k] = t;
    if (Object.values(hit).every((v) => !Number.isNaN(v))) return hit;
  }
  log(`  (gave up after ${timeoutMs} ms waiting for ${Object.keys(pats).filter((k) => Number.isNaN(hit[k])).join(', ')}; screen:\n${s})`);
  return hit;
}

/** NAMESPACE NAME READY STATUS RESTARTS rows of the pods view in all namespaces. */
const ROW = /^\s*([a-z0-9-]+)\s+([a-z0-9.-]+)\s+\d+\/\d+\s+\S+\s+(\d+)\b/gm;
const rows = (s: string): { key: string; restarts: number }[] =>
  [...s.matchAll(ROW)].map((m) => ({ key: `${m[1]}/${m[2]}`, restarts: Number(m[3]) }));

async function churn(sim: Sim, term: Term): Promise<Result['latency']> {
  const focus = rows(await term.screen()).map((r) => r.key);
  const seen = new Map<string, number>(); // "key value" → first screen time
  sim.send({ type: 'churn', rate: CHURN_RATE, focus, focusEvery: FOCUS_EVERY });
  const end = performance.now() + churnSeconds * 1000;
  while (performance.now() < end) {
    const s = await term.screen();
    const t = epoch();
    for (const r of rows(s)) {
      const k = `${r.key} ${r.restarts}`;
      if (!seen.has(k)) seen.set(k, t);
    }
  }
  const done = sim.next('churned');
  sim.send({ type: 'stop-churn' });
  const { writes, total, seconds } = await done;
  // after the churn: until the screen shows every focus pod's last value (or 15 s pass)
  const last = new Map<string, number>();
  for (const w of writes) last.set(w.key, w.value);
  const shown = (): boolean => [...last].every(([k, v]) => seen.has(`${k} ${v}`));
  for (const stop = performance.now() + 15_000; !shown() && performance.now() < stop; ) {
    const s = await term.screen();
    const t = epoch();
    for (const r of rows(s)) if (!seen.has(`${r.key} ${r.restarts}`)) seen.set(`${r.key} ${r.restarts}`, t);
  }
  const lat = writes
    .map((w) => shownAt(seen, w) - w.at)
    .filter((x) => !Number.isNaN(x))
    .sort((a, b) => a - b);
  const q = (p: number): number => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
  return { p50: q(0.5), p99: q(0.99), max: lat[lat.length - 1] ?? NaN, seen: lat.length, writes: writes.length, rate: total / seconds };
}

async function measure(pods: number): Promise<Result> {
  const nodes = Math.min(1000, Math.max(2, Math.round(pods / 100)));
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-bench-'));
  const kc = join(dir, 'kubeconfig');
  log(`\n== ${pods} pods on ${nodes} nodes (kubeconfig ${kc})`);
  const sim = new Sim(pods, nodes, kc);
  const term = new Term(200, 50);
  try {
    const up = await sim.next('up');
    log(`  sim API up after ${up.ms.toFixed(0)} ms`);
    const running = await sim.next('running');
    log(`  sim: all ${pods} Running after ${(running.ms / 1000).toFixed(1)} s, RSS ${mb(running.rss)}, heap ${mb(running.heap)}, mean pod ${(running.meanPodBytes / 1024).toFixed(2)} KB`);
    const settled = await sim.next('settled');
    log(
      settled.quiet
        ? `  sim: settled (under 50 pod writes in 2 s) after ${(settled.ms / 1000).toFixed(1)} s, RSS ${mb(settled.rss)}, heap ${mb(settled.heap)}`
        : `  sim: still writing pods ${(settled.ms / 1000).toFixed(1)} s after the start; measuring anyway`,
    );
    const total = running.pods;
    const home = join(dir, 'home');
    const kd = (...a: string[]): string[] => [process.execPath, process.env['KUBEDECK_BIN'] ?? kubedeckBin, '--kubeconfig', kc, ...a];
    const prof = [
      ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []),
      ...(process.env['KUBEDECK_NODE'] ?? '').split(' ').filter(Boolean),
    ];
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_STATE_HOME: join(home, '.state') };

    // kubedeck in an empty view: its base RSS
    let pid = await term.start(kd('-n', 'default'), env);
    await until(term, performance.now(), { view: /pods\(default\)\[0\]/ }, 60_000);
    await sleep(2000); // settle: start-up garbage collected, as a user would see it a moment later
    const rssEmpty = rssOf(pid).rss;
    term.kill();
    log(`  kubedeck empty view: RSS ${mb(rssEmpty)}`);

    // no warm-up: the simulator caches the JSON of the last 64 MB it serialised only, so every list of
    // 10,000 pods and more serialises them again (floor, kubectl and kubedeck alike). Before each of them the
    // simulator runs a full collection: a list leaves it garbage (kubectl's Table most), which the next
    // client would otherwise pay for in the simulator's pauses.
    const settle = async (): Promise<void> => {
      const collected = sim.next('memory');
      sim.send({ type: 'memory' });
      await collected;
    };
    await settle();
    const fl = await floor(kc);
    log(`  floor: first page ${fl.firstMs.toFixed(0)} ms, all ${fl.allMs.toFixed(0)} ms, ${mb(fl.bytes)}`);
    await settle();
    const kc2 = await kubectl(kc);
    log(`  kubectl: first line ${kc2.firstMs.toFixed(0)} ms, last ${kc2.lastMs.toFixed(0)} ms (${kc2.lines} lines)`);

    await settle();
    const t0 = performance.now();
    const [node = '', ...rest] = kd('-A');
    pid = await term.start([node, ...prof, ...rest], env);
    const hit = await until(
      term,
      t0,
      { row: /^\s*(team-\d+|monitoring|kube-system)\s+\S+\s+\d+\/\d+\s/m, full: new RegExp(`pods\\(all\\)\\[${total}\\](?!\\+)`) },
      Math.max(120_000, pods * 6),
    );
    log(`  kubedeck: first pod row ${hit['row']?.toFixed(0)} ms, full list ${hit['full']?.toFixed(0)} ms`);
    await sleep(3000); // settle before reading RSS
    const rssFull = rssOf(pid).rss;
    log(`  kubedeck with ${total} pods: RSS ${mb(rssFull)} (${((rssFull - rssEmpty) / total / 1024).toFixed(2)} KB/pod)`);
    const latency = await churn(sim, term);
    log(`  event→screen at ${latency.rate.toFixed(0)} changes/s: p50 ${latency.p50.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms (${latency.seen}/${latency.writes} on-screen writes seen)`);
    const rssAfterChurn = rssOf(pid).rss;
    const mem = sim.next('memory');
    sim.send({ type: 'memory' });
    const simMem = await mem;
    return {
      pods: total,
      nodes,
      meanPodBytes: running.meanPodBytes,
      simRunningMs: running.ms,
      simSettledMs: settled.ms,
      simRss: Math.max(running.rss, settled.rss, simMem.rss),
      simHeap: Math.max(running.heap, settled.heap, simMem.heap),
      floor: fl,
      kubectl: kc2,
      kd: { firstRowMs: hit['row'] ?? NaN, fullMs: hit['full'] ?? NaN },
      rssEmpty,
      rssFull,
      rssAfterChurn,
      latency,
    };
  } finally {
    term.kill();
    await sim.close();
  }
}

function report(results: Result[]): void {
  const f0 = (x: number): string => (Number.isFinite(x) ? x.toFixed(0) : '–');
  const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '–');
  const MB = (b: number): string => f0(b / 2 ** 20);
  const lines: [string, (r: Result) => string][] = [
    ['pods (all namespaces) / nodes', (r) => `${r.pods} / ${r.nodes}`],
    ['mean pod JSON (KB)', (r) => f2(r.meanPodBytes / 1024)],
    ['sim: all Running / settled (s)', (r) => `${f2(r.simRunningMs / 1000)} / ${f2(r.simSettledMs / 1000)}`],
    ['sim: RSS / heap (MB)', (r) => `${MB(r.simRss)} / ${MB(r.simHeap)}`],
    ['floor: first page / all (ms)', (r) => `${f0(r.floor.firstMs)} / ${f0(r.floor.allMs)}`],
    ['kubectl get pods -A: first / last line (ms)', (r) => `${f0(r.kubectl.firstMs)} / ${f0(r.kubectl.lastMs)}`],
    ['kubedeck: first pod row / full list (ms)', (r) => `${f0(r.kd.firstRowMs)} / ${f0(r.kd.fullMs)}`],
    ['kubedeck full / floor', (r) => f2(r.kd.fullMs / r.floor.allMs)],
    ['kubedeck full / kubectl last', (r) => f2(r.kd.fullMs / r.kubectl.lastMs)],
    ['kubedeck first row / kubectl first line', (r) => f2(r.kd.firstRowMs / r.kubectl.firstMs)],
    ['kubedeck RSS: empty view / all cached (MB)', (r) => `${MB(r.rssEmpty)} / ${MB(r.rssFull)}`],
    ['kubedeck RSS per cached pod (KB)', (r) => f2((r.rssFull - r.rssEmpty) / r.pods / 1024)],
    ['kubedeck RSS after churn (MB)', (r) => MB(r.rssAfterChurn)],
    ['event→screen p50 / p99 / max (ms)', (r) => `${f0(r.latency.p50)} / ${f0(r.latency.p99)} / ${f0(r.latency.max)}`],
    ['  changes/s; on-screen writes seen', (r) => `${f0(r.latency.rate)}; ${r.latency.seen}/${r.latency.writes}`],
  ];
  const w = Math.max(52, ...lines.map(([l]) => l.length)); // the longest target label
  log(`\n${'size'.padEnd(w)}  ${results.map((r) => String(r.pods).padStart(22)).join('')}`);
  for (const [label, cell] of lines) log(`${label.padEnd(w)}  ${results.map((r) => cell(r).padStart(22)).join('')}`);

  log('\ntargets:');
  const big = (r: Result): boolean => r.pods >= 100_000;
  const targets: [string, (r: Result) => boolean | undefined][] = [
    ['corpus: mean pod JSON >= 4 KB', (r) => r.meanPodBytes >= 4096],
    ['kubedeck full list <= 1.5x floor', (r) => r.kd.fullMs <= 1.5 * r.floor.allMs],
    ['kubedeck full list <= 0.5x kubectl', (r) => r.kd.fullMs <= 0.5 * r.kubectl.lastMs],
    ['kubedeck first pod row <= kubectl first line', (r) => r.kd.firstRowMs <= r.kubectl.firstMs],
    ['kubedeck RSS <= 90 MB in an empty view', (r) => r.rssEmpty <= 90 * 2 ** 20],
    ['kubedeck <= 2 KB RSS per cached pod', (r) => (r.rssFull - r.rssEmpty) / r.pods <= 2048],
    ['event->screen p99 <= 100 ms, 1,000 changes/s, 100k', (r) => (big(r) ? r.latency.p99 <= 100 : undefined)],
    ['sim: 100k pods Running <= 60 s', (r) => (big(r) ? r.simRunningMs <= 60_000 : undefined)],
    ['sim: 100k pods <= 1 GB RSS', (r) => (big(r) ? r.simRss <= 2 ** 30 : undefined)],
  ];
  for (const [label, ok] of targets) {
    const cells = results.map((r) => {
      const v = ok(r);
      return (v === undefined ? 'n/a' : v ? 'PASS' : 'MISS').padStart(22);
    });
    log(`${label.padEnd(w)}  ${cells.join('')}`);
  }
  log(`\nnode ${process.version}, ${new Date().toISOString()}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}

if (!argv.includes('--no-build')) {
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('build failed');
}
const results: Result[] = [];
for (const n of sizes) results.push(await measure(n));
report(results);
