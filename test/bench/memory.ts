// Memory benchmark (not a test): the RSS of the real kubedeck (bin/kubedeck.js over dist/, as users run it)
// in a real terminal (tmux), against an external `kubedeck sim --scenario empty` so that only the TUI's own
// process is measured (the embedded `--sim` cluster runs in a worker thread of the same process and is
// reported on its own line, for comparison). Reported:
//  - base: RSS and heap on the empty `pods(default)` view, after the first frame has settled;
//  - logs: RSS and heap while following one pod that writes 10,000 lines/s (the sim's log-rate annotation),
//    sampled every second, with the spill file's size on disk, against the targets RSS ≤ 90 MB (base) and
//    RSS ≤ base + 2 × logBufferMB (logs);
//  - the logBufferMB and logSpillMB in effect (written to the measured kubedeck's config file).
// Heap figures come from a probe loaded with NODE_OPTIONS=--import into the measured process; on SIGUSR2
// it writes process.memoryUsage() and /proc/self/status at the same moment.
// Run: node_modules/.bin/node --import tsx test/bench/memory.ts [logSeconds=60] [logBufferMB=16] [logSpillMB=64]
// Needs dist/ (node scripts/build.mjs), tmux and kubectl. KUBEDECK_NODE_FLAGS adds node flags to the
// measured process (to try V8 flags: KUBEDECK_NODE_FLAGS=--max-semi-space-size=2); KUBEDECK_BENCH_SPACES=1
// prints where the heap goes (V8's spaces: used/committed MB).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../helpers/wait.js';

const root = new URL('../../', import.meta.url).pathname;
const bin = join(root, 'bin', 'kubedeck.js');
const LOG_SECONDS = Number(process.argv[2] ?? 60);
const BUFFER_MB = Number(process.argv[3] ?? 16);
// `none` leaves logSpillMB out of the config (to measure a kubedeck that does not know the setting)
const SPILL_MB = process.argv[4] === 'none' ? undefined : Number(process.argv[4] ?? 64);
const BASE_TARGET_MB = 90;
const flags = (process.env['KUBEDECK_NODE_FLAGS'] ?? '').split(/\s+/).filter(Boolean);
const log = (s: string): void => void process.stdout.write(`${s}\n`);
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

if (!existsSync(join(root, 'dist', 'cli.js'))) {
  log('dist/cli.js is missing: run node scripts/build.mjs first');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'kubedeck-mem-'));
const sock = `kubedeck-mem-${process.pid}`;
const tmux = (...a: string[]): string => execFileSync('tmux', ['-L', sock, ...a], { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-t', 'm');

const probeFile = join(work, 'probe.mjs');
writeFileSync(
  probeFile,
  `import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
const out = process.env.KUBEDECK_PROBE_OUT;
if (out) process.on('SIGUSR2', () => {
  const s = readFileSync('/proc/self/status', 'utf8');
  const kb = (k) => Number(new RegExp(k + ':\\\\s+(\\\\d+)').exec(s)?.[1] ?? NaN) * 1024;
  const snap = { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile'), hwm: kb('VmHWM'), mem: process.memoryUsage(), nodeUndici: process.moduleLoadList.includes('NativeModule internal/deps/undici/undici'), spaces: getHeapSpaceStatistics().map((x) => [x.space_name.replace('_space', ''), x.space_size, x.space_used_size]) };
  writeFileSync(out + '.tmp', JSON.stringify(snap));
  renameSync(out + '.tmp', out);
});
`,
);

interface Snapshot {
  rss: number;
  anon: number;
  file: number;
  hwm: number;
  mem: NodeJS.MemoryUsage;
  /** Node's own undici (fetch, WebSocket) is loaded: ≈7 MB that kubedeck does not need. */
  nodeUndici: boolean;
  /** V8's heap spaces: name, committed size, used size (where heapTotal goes: a grown young generation…). */
  spaces?: [string, number, number][];
}

/** Starts `kubedeck sim --scenario empty`; resolves with its kubeconfig once it accepts requests. */
async function startSim(): Promise<{ child: ChildProcess; kubeconfig: string }> {
  const kubeconfig = join(work, 'sim.kubeconfig');
  const child = spawn(process.execPath, [bin, 'sim', '--scenario', 'empty', '--port', '0', '--kubeconfig-out', kubeconfig], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => void (out += d.toString()));
  await waitFor(() => /ready at/.test(out), { what: 'kubedeck sim ready', timeoutMs: 30_000 });
  return { child, kubeconfig };
}

/** Runs kubedeck in the tmux pane (the pane's process is node itself); returns its pid. */
function launch(args: string[], home: string): number {
  const config = join(home, '.config', 'kubedeck');
  mkdirSync(config, { recursive: true });
  writeFileSync(join(config, 'config.yaml'), `logBufferMB: ${BUFFER_MB}\n${SPILL_MB !== undefined ? `logSpillMB: ${SPILL_MB}\n` : ''}`);
  const spill = join(home, 'tmp');
  mkdirSync(spill, { recursive: true });
  const env = [`HOME=${home}`, `XDG_CONFIG_HOME=${join(home, '.config')}`, `TMPDIR=${spill}`, `KUBEDECK_PROBE_OUT=${join(home, 'probe.json')}`, `NODE_OPTIONS=--import=${probeFile}`, 'TERM=xterm-256color'];
  const cmd = ['exec', 'env', '-u', 'CI', ...env, process.execPath, ...flags, bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  spawnSync('tmux', ['-L', sock, 'kill-server']);
  // the previous server may still be exiting: try again until a new one starts
  const started = (): boolean => spawnSync('tmux', ['-L', sock, 'new-session', '-d', '-x', '160', '-y', '50', '-s', 'm', 'sleep 3600']).status === 0;
  for (let i = 0; i < 50 && !started(); i++) spawnSync('sleep', ['0.1']);
  tmux('respawn-pane', '-k', '-t', 'm', cmd.replace(/^'exec'/, 'exec'));
  return Number(tmux('display-message', '-p', '-t', 'm', '#{pane_pid}').trim());
}

/** Asks the probe in `pid` for a snapshot. */
async function probe(pid: number, home: string): Promise<Snapshot> {
  const file = join(home, 'probe.json');
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  return waitFor(() => existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as Snapshot), { what: 'the memory probe', timeoutMs: 5000 });
}

const line = (label: string, s: Snapshot): string =>
  `${label}: RSS ${mb(s.rss)} MB (anon ${mb(s.anon)}, file ${mb(s.file)}, peak ${mb(s.hwm)}); heap used ${mb(s.mem.heapUsed)} of ${mb(s.mem.heapTotal)} MB, external ${mb(s.mem.external)} MB (array buffers ${mb(s.mem.arrayBuffers)})${s.nodeUndici ? "; Node's own undici loaded" : ''}${
    process.env['KUBEDECK_BENCH_SPACES'] ? `\n    spaces: ${(s.spaces ?? []).filter(([, size]) => size > 2 ** 19).map(([n, size, used]) => `${n} ${mb(used)}/${mb(size)}`).join(', ')}` : ''
  }`;

/** Waits for the first frame, lets start-up settle, and reads memory; resolves with the settled snapshot. */
async function settled(pid: number, home: string, frame: RegExp): Promise<Snapshot> {
  await waitFor(() => frame.test(screen()), { what: () => `${frame} on the screen:\n${screen()}`, timeoutMs: 30_000 });
  const first = await probe(pid, home);
  log(line('  at the first frame', first));
  // settle: the same view for 5 s more (informers synced, metrics polled, a GC or two)
  await new Promise((r) => setTimeout(r, 5000)); // a measured window, not synchronisation
  return probe(pid, home);
}

function spillBytes(home: string): number {
  const dir = join(home, 'tmp');
  return readdirSync(dir)
    .filter((f) => f.startsWith('kubedeck-logs-'))
    .reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

const { child: sim, kubeconfig } = await startSim();
try {
  log(`node ${process.version} ${flags.join(' ')}; logBufferMB ${BUFFER_MB}, logSpillMB ${SPILL_MB} (config.yaml of the measured kubedeck)`);

  // 1. base: the empty pods view against the external sim
  const home = mkdtempSync(join(work, 'home-'));
  const pid = launch(['--kubeconfig', kubeconfig, '-n', 'default'], home);
  const base = await settled(pid, home, /pods\(default\)\[0\]/);
  log(line('base (empty view, external sim)', base));
  log(`  target RSS ≤ ${BASE_TARGET_MB} MB: ${base.rss <= BASE_TARGET_MB * 2 ** 20 ? 'met' : 'NOT met'}`);

  // 2. a pod writing 10,000 lines/s, followed in the same kubedeck (logSeconds 0: base only)
  if (LOG_SECONDS > 0) await followLogs(pid, home, base);
  tmux('send-keys', '-t', 'm', 'C-c');

  // 3. for comparison: --sim, the embedded cluster in a worker thread of the same process
  if (LOG_SECONDS > 0) {
    const home2 = mkdtempSync(join(work, 'home-'));
    const pid2 = launch(['--sim'], home2);
    log(line('--sim (demo cluster in a worker thread of the process)', await settled(pid2, home2, /pods\(all\)\[[1-9]/)));
    tmux('send-keys', '-t', 'm', 'C-c');
  }
} finally {
  spawnSync('tmux', ['-L', sock, 'kill-server']);
  sim.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
process.exit(0);

async function followLogs(pid: number, home: string, base: Snapshot): Promise<void> {
  const manifest = join(work, 'chatty.yaml');
  writeFileSync(
    manifest,
    `apiVersion: v1
kind: Pod
metadata: {name: chatty, namespace: default, annotations: {sim.kubedeck.dev/log-rate: "10000"}}
spec: {containers: [{name: app, image: example/app:1}]}
`,
  );
  execFileSync('kubectl', ['--kubeconfig', kubeconfig, 'apply', '-f', manifest], { stdio: 'ignore' });
  await waitFor(() => /chatty\s.*Running/.test(screen()), { what: () => `chatty Running:\n${screen()}`, timeoutMs: 30_000 });
  tmux('send-keys', '-t', 'm', 'l');
  await waitFor(() => /following/.test(screen()), { what: () => `the logs view following:\n${screen()}`, timeoutMs: 30_000 });
  let peak = base;
  let last = base;
  const t0 = Date.now();
  for (let s = 1; s <= LOG_SECONDS; s++) {
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + s * 1000 - Date.now()))); // sampling period, not synchronisation
    last = await probe(pid, home);
    if (last.rss > peak.rss) peak = last;
    if (s % 10 === 0 || s === LOG_SECONDS) log(`  ${String(s).padStart(3)} s: RSS ${mb(last.rss)} MB, heap used ${mb(last.mem.heapUsed)} of ${mb(last.mem.heapTotal)} MB, spill file ${mb(spillBytes(home))} MB`);
  }
  const status = screen().split('\n').find((l) => /following|lines/.test(l)) ?? '';
  log(line(`logs after ${LOG_SECONDS} s at 10,000 lines/s`, last));
  log(line('  peak', peak));
  log(`  status line: ${status.trim()}`);
  const bound = base.rss + 2 * BUFFER_MB * 2 ** 20;
  log(`  target RSS ≤ base + 2 × logBufferMB = ${mb(bound)} MB: ${peak.rss <= bound ? 'met' : 'NOT met'} (peak ${mb(peak.rss)} MB)`);
  log(`  spill file ${mb(spillBytes(home))} MB on disk (logSpillMB ${SPILL_MB}): ${SPILL_MB === undefined || spillBytes(home) > SPILL_MB * 2 ** 20 ? 'over the bound' : 'bounded'}`);
}
