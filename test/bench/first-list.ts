// First-list benchmark (not a test), against `kubedeck sim --scenario large --pods N` in its own process.
// In the same run, alternating, `runs` times each:
//  - kubedeck (the real binary in tmux): time to its first frame (the title is drawn), to the first pod row
//    (the title counts a row) and to
//    `pods(all)[N]` (the list complete), RSS (VmRSS) with an empty namespace vs with every pod cached;
//  - `kubectl get pods -A`: time to its first line and to its exit;
//  - the floor: a paged fetch (limit 500, in series) + JSON.parse of every pod, in a fresh node process.
// Run: node_modules/.bin/node --import tsx test/bench/first-list.ts [pods=10000] [runs=3] [--prof]
//   --prof: kubedeck runs once more under `node --cpu-prof`; its profile's self time and idle are summarised.
//   --kubeconfig FILE: against a simulator already running with N pods (`kubedeck sim --scenario large
//   --pods N --kubeconfig-out FILE`), instead of starting one: repeated runs skip the wait for all Running.
// KUBEDECK_BIN_BEFORE=path/to/other/bin/kubedeck.js: that build too, in the same runs (before vs after).
// KUBEDECK_BIN=path/to/bin/kubedeck.js measures another build (an unminified one gives readable profiles).
// KUBEDECK_NODE='--flag …': node options for every kubedeck run.
// Also: `first-list.ts --summarise FILE.cpuprofile` (the summary only), `--floor KUBECONFIG` (used internally).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { request } from 'node:https';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { waitFor } from '../helpers/wait.js';
import { Term } from './term.js';

const root = new URL('../../', import.meta.url).pathname;
/** The binary measured (KUBEDECK_BIN: another build, e.g. an unminified one for readable profiles). */
const bin = process.env['KUBEDECK_BIN'] ?? join(root, 'bin', 'kubedeck.js');
/** KUBEDECK_BIN_BEFORE: another build measured in the same runs, alternating (before/after a change). */
const before = process.env['KUBEDECK_BIN_BEFORE'];
/** KUBEDECK_NODE: node options for every kubedeck run (e.g. "--min-semi-space-size=8"), space-separated. */
const nodeOptions = (process.env['KUBEDECK_NODE'] ?? '').split(' ').filter(Boolean);
const log = (s: string): void => void process.stdout.write(`${s}\n`);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** Server and token of a sim kubeconfig (the sim writes a flat, known layout). */
function simAccess(kubeconfig: string): { server: string; token: string } {
  const text = readFileSync(kubeconfig, 'utf8');
  return { server: /server: (\S+)/.exec(text)?.[1] ?? '', token: /token: (\S+)/.exec(text)?.[1] ?? '' };
}

/** The floor: every page in series over one keep-alive connection, each parsed. Prints `ms count`. */
async function floor(kubeconfig: string): Promise<void> {
  const { server, token } = simAccess(kubeconfig);
  const agent = new Agent({ keepAlive: true, rejectUnauthorized: false });
  const get = (path: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const req = request(new URL(path, server), { agent, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  const t0 = performance.now();
  let n = 0;
  let cont = '';
  do {
    const page = JSON.parse(await get(`/api/v1/pods?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`)) as { items: unknown[]; metadata: { continue?: string } };
    n += page.items.length;
    cont = page.metadata.continue ?? '';
  } while (cont);
  log(`${(performance.now() - t0).toFixed(0)} ${n}`);
  agent.destroy();
}

/** Self time by function and idle of a .cpuprofile. */
function summarise(file: string, top = 25): void {
  interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
  const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i] ?? -1);
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    if (!n) continue;
    const f = n.callFrame;
    const name = f.url ? `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${f.lineNumber + 1}` : f.functionName;
    self.set(name, (self.get(name) ?? 0) + dt);
  }
  const total = (p.endTime - p.startTime) / 1000;
  log(`profile ${file}: ${total.toFixed(0)} ms wall, ${p.samples.length} samples`);
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) log(`  ${ms.toFixed(0).padStart(6)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
}

/** `kubectl get pods -A`: first line and exit. */
function kubectl(kubeconfig: string): Promise<{ first: number; done: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let first = NaN;
    let lines = 0;
    const p = spawn('kubectl', ['--kubeconfig', kubeconfig, 'get', 'pods', '-A'], { stdio: ['ignore', 'pipe', 'inherit'] });
    p.stdout.on('data', (c: Buffer) => {
      if (Number.isNaN(first)) first = performance.now() - t0;
      for (const b of c) if (b === 10) lines++;
    });
    p.on('error', reject);
    p.on('close', () => resolve({ first, done: performance.now() - t0, lines: lines - 1 }));
  });
}

function runFloor(kubeconfig: string): number {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'test/bench/first-list.ts'), '--floor', kubeconfig], { encoding: 'utf8', cwd: root });
  return Number(out.trim().split(' ')[0]);
}

/** CPU time (user + system, all threads) a process used so far, in ms. */
const cpuMs = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
};
const rssKb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);

interface KubedeckRun { firstFrame: number; firstRow: number; full: number; cpuAtFullMs: number; rssAtFullKb: number; rssKb: number; maxLoadingCount: number }

/** kubedeck in tmux until `pods(ns)[N]`, then RSS after `settleMs`; quits with Ctrl-C (a profile is written then). */
async function kubedeck(kubeconfig: string, args: string[], n: number, flags: string[] = [], settleMs = 6000, which = bin): Promise<KubedeckRun> {
  const nodeFlags = [...nodeOptions, ...flags];
  // the screen is read through Term's control client: a `tmux capture-pane` process per read, back to back,
  // took most of a core from kubedeck and the simulator (test/bench/term.ts)
  const term = new Term(190, 50);
  const t0 = performance.now();
  const pid = await term.start([process.execPath, ...nodeFlags, which, '--kubeconfig', kubeconfig, ...args]);
  let firstFrame = NaN;
  let firstRow = NaN;
  let maxLoadingCount = 0;
  const full = new RegExp(`pods\\([^)]*\\)\\[${n}\\](?! loading)`);
  // 2 minutes, more for a big list on a busy machine (100k: 5 minutes)
  const deadline = t0 + Math.max(120_000, n * 3);
  for (let s = ''; !full.test(s); ) {
    if (performance.now() > deadline) {
      term.kill(); // a run that failed must not leave kubedeck running
      throw new Error(`pods(…)[${n}] not on screen; screen:\n${s}`);
    }
    s = await term.screen();
    if (Number.isNaN(firstFrame) && s.includes('pods(')) firstFrame = performance.now() - t0;
    const m = /pods\([^)]*\)\[(\d+)(\+?)\]/.exec(s);
    const count = Number(m?.[1] ?? 0);
    if (count > 0 && Number.isNaN(firstRow)) firstRow = performance.now() - t0;
    if (m?.[2] === '+') maxLoadingCount = Math.max(maxLoadingCount, count);
  }
  const done = performance.now() - t0;
  const cpuAtFull = cpuMs(pid);
  const rssAtFull = rssKb(pid);
  await new Promise((r) => setTimeout(r, settleMs)); // a quiet gap, not synchronisation: RSS after the list settles
  const rss = rssKb(pid);
  await term.keys('C-c');
  await waitFor(() => !existsSync(`/proc/${pid}`), { what: 'kubedeck to exit', intervalMs: 20, timeoutMs: 30_000 }).catch(() => undefined);
  term.kill();
  return { firstFrame: Number.isNaN(firstFrame) ? done : firstFrame, firstRow: Number.isNaN(firstRow) ? done : firstRow, full: done, cpuAtFullMs: cpuAtFull, rssAtFullKb: rssAtFull, rssKb: rss, maxLoadingCount };
}

async function startSim(pods: number): Promise<{ kubeconfig: string; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-first-list-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const sim = spawn(process.execPath, [join(root, 'bin', 'kubedeck.js'), 'sim', '--scenario', 'large', '--pods', String(pods), '--port', String(port), '--kubeconfig-out', kubeconfig], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  sim.stdout.on('data', (c: Buffer) => (out += c.toString()));
  await waitFor(() => out.includes('ready at'), { what: () => `the sim to start: ${out}`, timeoutMs: 120_000 });
  const { server, token } = simAccess(kubeconfig);
  const count = (more: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request(new URL(`/api/v1/pods?limit=1${more}`, server), { rejectUnauthorized: false, headers: { Authorization: `Bearer ${token}` } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => {
          const l = JSON.parse(body) as { items: unknown[]; metadata: { remainingItemCount?: number } };
          // remainingItemCount is left out under a selector: then only none vs some is known
          resolve(l.items.length + (l.metadata.remainingItemCount ?? 0));
        });
      });
      req.on('error', reject);
      req.end();
    });
  await waitFor(async () => (await count('')) >= pods, { what: `${pods} pods`, timeoutMs: 600_000, intervalMs: 500 });
  // measured once the controllers are done: a sim still starting pods is busy and its watch streams events
  await waitFor(async () => (await count('&fieldSelector=status.phase%21%3DRunning')) === 0, { what: 'every pod Running', timeoutMs: 1_800_000, intervalMs: 2000 });
  return { kubeconfig, stop: () => void sim.kill('SIGTERM') };
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--floor') return floor(argv[1] ?? '');
  if (argv[0] === '--summarise') return summarise(argv[1] ?? '');
  const prof = argv.includes('--prof');
  const kcAt = argv.indexOf('--kubeconfig');
  const given = kcAt >= 0 ? argv.splice(kcAt, 2)[1] : undefined;
  const [N = 10_000, RUNS = 3] = argv.filter((a) => !a.startsWith('--')).map(Number);
  const sim = given ? { kubeconfig: given, stop: () => undefined } : await startSim(N);
  log(`large scenario: ${N} pods, all Running (kubedeck: ${bin}); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  try {
    const runs: { k: KubedeckRun; c: Awaited<ReturnType<typeof kubectl>>; f: number }[] = [];
    const befores: KubedeckRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      const c = await kubectl(sim.kubeconfig);
      const f = runFloor(sim.kubeconfig);
      const k = await kubedeck(sim.kubeconfig, ['-A'], N);
      log(`  run ${i + 1}: kubedeck first frame ${fmt(k.firstFrame)}, first row ${fmt(k.firstRow)}, [${N}] ${fmt(k.full)}, CPU ${fmt(k.cpuAtFullMs)} (largest count shown while loading: ${k.maxLoadingCount}); kubectl first line ${fmt(c.first)}, done ${fmt(c.done)} (${c.lines} pods); floor ${fmt(f)}`);
      runs.push({ k, c, f });
      if (before) {
        const b = await kubedeck(sim.kubeconfig, ['-A'], N, [], 6000, before);
        log(`    before (${before}): first frame ${fmt(b.firstFrame)}, first row ${fmt(b.firstRow)}, [${N}] ${fmt(b.full)}, CPU ${fmt(b.cpuAtFullMs)}; RSS ${(b.rssAtFullKb / 1024).toFixed(0)} MB at [${N}], ${(b.rssKb / 1024).toFixed(0)} MB 6 s later`);
        befores.push(b);
      }
    }
    if (before) log(`before, median: first frame ${fmt(median(befores.map((b) => b.firstFrame)))}, first row ${fmt(median(befores.map((b) => b.firstRow)))}, [${N}] ${fmt(median(befores.map((b) => b.full)))}, CPU ${fmt(median(befores.map((b) => b.cpuAtFullMs)))}, RSS 6 s later ${(median(befores.map((b) => b.rssKb)) / 1024).toFixed(0)} MB`);
    const base = await kubedeck(sim.kubeconfig, ['-n', 'kube-public'], 0);
    const fullMed = median(runs.map((r) => r.k.full));
    const floorMed = median(runs.map((r) => r.f));
    const kubectlMed = median(runs.map((r) => r.c.done));
    log(`median of ${RUNS}: kubedeck first frame ${fmt(median(runs.map((r) => r.k.firstFrame)))}, first row ${fmt(median(runs.map((r) => r.k.firstRow)))}, [${N}] ${fmt(fullMed)}, CPU ${fmt(median(runs.map((r) => r.k.cpuAtFullMs)))}; kubectl first line ${fmt(median(runs.map((r) => r.c.first)))}, done ${fmt(kubectlMed)}; floor ${fmt(floorMed)}`);
    log(`  full list = ${(fullMed / floorMed).toFixed(2)}× floor, ${(fullMed / kubectlMed).toFixed(2)}× kubectl`);
    const rss = median(runs.map((r) => r.k.rssKb));
    const rssFull = median(runs.map((r) => r.k.rssAtFullKb));
    const perPod = (kb: number): string => ((kb - base.rssKb) / N).toFixed(2);
    log(`RSS: ${(base.rssKb / 1024).toFixed(0)} MB with no pods (kube-public), with ${N} pods ${(rssFull / 1024).toFixed(0)} MB as [${N}] shows (${perPod(rssFull)} KB per pod), ${(rss / 1024).toFixed(0)} MB 6 s later (${perPod(rss)} KB per pod)`);
    if (prof) {
      const dir = mkdtempSync(join(tmpdir(), 'kubedeck-prof-'));
      const k = await kubedeck(sim.kubeconfig, ['-A'], N, ['--cpu-prof', `--cpu-prof-dir=${dir}`], 0);
      log(`profiled run: first row ${fmt(k.firstRow)}, [${N}] ${fmt(k.full)}`);
      for (const f of readdirSync(dir)) summarise(join(dir, f));
    }
  } finally {
    sim.stop();
  }
}

await main(process.argv.slice(2));
