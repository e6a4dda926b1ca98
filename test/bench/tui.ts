// TUI benchmark (not a test), with N pods in the simulated cluster (default 10,000):
//  - time to the first frame listing them;
//  - keystroke-to-frame latency while typing a filter and while scrolling (tmux send-keys → screen changed);
//  - bytes kubedeck writes to the terminal for one frame when one visible pod changes (tmux pipe-pane).
// Run: node_modules/.bin/node --import tsx test/bench/tui.ts [pods=10000]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSim, ManualScheduler, NAMESPACES, PODS } from '../../src/sim/index.js';
import type { Pod } from '../../src/util/k8s.js';
import { waitFor } from '../helpers/wait.js';

const N = Number(process.argv[2] ?? 10_000);
const root = new URL('../../', import.meta.url).pathname;
const sock = `kubedeck-bench-tui-${process.pid}`;
const tmux = (...a: string[]) => execFileSync('tmux', ['-L', sock, ...a], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', 'b');
/** With colours and attributes: a moved selection changes only those. */
const screenE = () => tmux('capture-pane', '-p', '-e', '-t', 'b');
const log = (s: string) => void process.stdout.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)] ?? NaN;

/** Waits until the screen satisfies `cond`. */
async function waitScreen(cond: (s: string) => boolean, timeoutMs = 60000): Promise<void> {
  await waitFor(() => cond(screen()), { what: () => `the screen; screen:\n${screen()}`, timeoutMs, intervalMs: 2 });
}

/** Sends keys and measures until the screen differs from before (the frame for that key). */
async function keyLatency(keys: string[], literal = true): Promise<number> {
  const before = screenE();
  const t0 = performance.now();
  tmux('send-keys', '-t', 'b', ...(literal ? ['-l'] : []), ...keys);
  await waitFor(() => screenE() !== before, { what: `a frame for ${keys.join(' ')}`, timeoutMs: 10000, intervalMs: 1 });
  return performance.now() - t0;
}

const sim = await startSim({ scenario: 'empty', scheduler: new ManualScheduler() });
const dir = mkdtempSync(join(tmpdir(), 'kubedeck-bench-'));
const kc = join(dir, 'kubeconfig');
writeFileSync(kc, sim.kubeconfig(), { mode: 0o600 });
const nss = 20;
for (let i = 0; i < nss; i++) sim.storage.create(NAMESPACES, { metadata: { name: `team-${i}` }, status: { phase: 'Active' } } as never);
const now = new Date().toISOString();
for (let i = 0; i < N; i++) {
  const pod: Pod = {
    metadata: { name: `app-${i % 500}-${String(i).padStart(6, '0')}`, namespace: `team-${i % nss}`, labels: { app: `app-${i % 500}` } },
    spec: { containers: [{ name: 'main', image: 'nginx:1.27' }], nodeName: `node-${i % 50}` },
    status: {
      phase: 'Running',
      podIP: `10.244.${(i >> 8) & 255}.${i & 255}`,
      startTime: now,
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'main', ready: true, restartCount: 0, state: { running: { startedAt: now } } }],
    },
  };
  sim.storage.create(PODS, pod as never);
}
log(`${N} pods in ${nss} namespaces`);

const out = join(dir, 'tty.bin');
spawnSync('tmux', ['-L', sock, 'kill-server']);
tmux('new-session', '-d', '-x', '190', '-y', '50', '-s', 'b', 'sleep 3600');
tmux('pipe-pane', '-t', 'b', '-o', `cat >> ${out}`);
const t0 = performance.now();
tmux('respawn-pane', '-k', '-t', 'b', `env TERM=xterm-256color ${process.execPath} ${join(root, 'bin', 'kubedeck.js')} --kubeconfig ${kc} -A`);
await waitScreen((s) => new RegExp(`pods\\(all\\)\\[${N}\\]`).test(s));
log(`first frame listing all ${N} pods: ${(performance.now() - t0).toFixed(0)} ms`);
await new Promise((r) => setTimeout(r, 1500)); // a quiet gap, not synchronisation: start-up work stays out of the measurements

const typing: number[] = [];
await keyLatency(['/']); // the filter prompt is open
for (const ch of 'app-42-0') typing.push(await keyLatency([ch]));
log(`typing a filter over ${N} rows: median ${median(typing).toFixed(1)} ms, max ${Math.max(...typing).toFixed(1)} ms (${typing.map((x) => x.toFixed(0)).join(' ')})`);
// the first Esc closes the prompt, the second clears the filter; each is waited for on the screen (so Ink
// has flushed the lone ESC and the next key cannot read as Alt+key)
await keyLatency(['Escape'], false);
tmux('send-keys', '-t', 'b', 'Escape');
await waitScreen((s) => new RegExp(`pods\\(all\\)\\[${N}\\] ─`).test(s));

const scrolling: number[] = [];
for (let i = 0; i < 30; i++) scrolling.push(await keyLatency(["j"]));
for (let i = 0; i < 5; i++) scrolling.push(await keyLatency(["PageDown"], false));
log(`scrolling (j, PgDn): median ${median(scrolling).toFixed(1)} ms, p90 ${p90(scrolling).toFixed(1)} ms`);

// one visible pod changes: its READY and STATUS cells
await new Promise((r) => setTimeout(r, 1500)); // a quiet gap between measured phases
const target = (screen().match(/team-\d+\s+(app-\S+)/) ?? [])[1] ?? '';
const ns = (screen().match(new RegExp(`(team-\\d+)\\s+${target}`)) ?? [])[1] ?? '';
const frames: number[] = [];
for (let i = 0; i < 6; i++) {
  await new Promise((r) => setTimeout(r, 1100)); // let the AGE tick pass so only this change is in the frame
  const size = statSync(out).size;
  const ready = i % 2 === 0;
  sim.storage.mutate(PODS, ns, target, (p) => {
    const pod = p as Pod;
    const cs = pod.status?.containerStatuses?.[0];
    if (cs) cs.ready = ready;
    if (cs) cs.restartCount = i + 1;
  });
  await waitScreen((s) => new RegExp(`${target}\\s+${ready ? '1' : '0'}/1\\s+Running\\s+${i + 1}`).test(s), 5000);
  // the frame is on the screen; pipe-pane copies it to the file a moment later: wait until it grew and holds still
  let seen = -1;
  await waitFor(
    () => {
      const n = statSync(out).size;
      const still = n > size && n === seen;
      seen = n;
      return still;
    },
    { what: 'the frame in the pipe file', intervalMs: 30 },
  );
  frames.push(statSync(out).size - size);
}
log(`bytes written for a frame where one visible pod changed: median ${median(frames)} B (${frames.join(', ')})`);

tmux('send-keys', '-t', 'b', 'C-c');
// kubedeck ran as the pane's only program: the pane, the session and the server end when it exits
await waitFor(() => spawnSync('tmux', ['-L', sock, 'has-session']).status !== 0, { what: 'kubedeck to exit', intervalMs: 20 }).catch(() => undefined);
spawnSync('tmux', ['-L', sock, 'kill-server']);
await sim.close();
