// Bytes on the wire for kubedeck run through ssh (a bench, not a test): a private sshd on loopback
// (test/helpers/sshd.ts), kubedeck started on the remote side in a 190×50 tmux pane, N pods in an in-process
// simulated cluster (default 2,000; their AGE is hours, so no per-second tick lands in a measurement).
// The pane is 190×50 unless a size is given (e.g. 80x24, a bastion's default terminal).
// For each kind of frame it reports
//  - tty bytes: what ssh wrote to the local terminal (tmux pipe-pane on the pane that runs ssh), which is
//    what kubedeck wrote to the remote pty after the pty's own output processing;
//  - wire bytes: what the ssh connection received over TCP for it (ss: bytes_received of ssh's socket),
//    i.e. with the SSH packet and MAC overhead.
// Frames: one visible pod changes (READY and RESTARTS cells; on the selected row and on another); a scroll down (j, then Down); a filter
// keystroke (`/` opens the prompt, then one character). Then bytes per second while idle on `--sim`.
// `local` runs the same without ssh, for comparison.
// Run: node_modules/.bin/node --import tsx test/bench/ssh.ts [pods=2000] [COLSxROWS] [local] [dump]
//   dump: also print every measured frame's bytes, escaped (what to shave).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSim, ManualScheduler, NAMESPACES, PODS } from '../../src/sim/index.js';
import type { Pod } from '../../src/util/k8s.js';
import { waitFor } from '../helpers/wait.js';
import { shq, sshdMissing, startSshd } from '../helpers/sshd.js';
import type { Sshd } from '../helpers/sshd.js';

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 2000);
const size = /^(\d+)x(\d+)$/.exec(args.find((a) => /^\d+x\d+$/.test(a)) ?? '190x50');
const [COLS, ROWS] = [size?.[1] ?? '190', size?.[2] ?? '50'];
const viaSsh = !args.includes('local');
const dump = args.includes('dump');
const root = new URL('../../', import.meta.url).pathname;
const sock = `kubedeck-bench-ssh-${process.pid}`;
const tmux = (...a: string[]) => execFileSync('tmux', ['-L', sock, ...a], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', 'b');
const log = (s: string) => void process.stdout.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const quiet = (ms: number) => new Promise((r) => setTimeout(r, ms)); // a gap between measured frames, not synchronisation

const missing = viaSsh ? sshdMissing() : undefined;
if (missing) {
  log(`skipped: ${missing}`);
  process.exit(0);
}

const sim = await startSim({ scenario: 'empty', scheduler: new ManualScheduler() });
const dir = mkdtempSync(join(tmpdir(), 'kubedeck-bench-ssh-'));
const kc = join(dir, 'kubeconfig');
writeFileSync(kc, sim.kubeconfig(), { mode: 0o600 });
const nss = 20;
const old = new Date(Date.now() - 5 * 3600_000).toISOString();
for (let i = 0; i < nss; i++) sim.storage.create(NAMESPACES, { metadata: { name: `team-${i}` }, status: { phase: 'Active' } } as never);
for (let i = 0; i < N; i++) {
  const pod: Pod = {
    metadata: { name: `app-${i % 500}-${String(i).padStart(6, '0')}`, namespace: `team-${i % nss}`, labels: { app: `app-${i % 500}` }, creationTimestamp: old },
    spec: { containers: [{ name: 'main', image: 'nginx:1.27' }], nodeName: `node-${i % 50}` },
    status: {
      phase: 'Running',
      podIP: `10.244.${(i >> 8) & 255}.${i & 255}`,
      startTime: old,
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'main', ready: true, restartCount: 0, state: { running: { startedAt: old } } }],
    },
  };
  sim.storage.create(PODS, pod as never, { keepCreationTimestamp: true });
}

let sshd: Sshd | undefined;
const kubedeck = `env TERM=xterm-256color ${shq(process.execPath)} ${shq(join(root, 'bin', 'kubedeck.js'))} --kubeconfig ${shq(kc)} -A`;
let command = kubedeck;
if (viaSsh) {
  sshd = await startSshd();
  command = `env TERM=xterm-256color ${sshd.sshCommand(`cd ${shq(root)} && exec ${kubedeck}`)}`;
}
log(`${N} pods in ${nss} namespaces; kubedeck ${viaSsh ? `through ssh (sshd on 127.0.0.1:${sshd?.port})` : 'locally'} in a ${COLS}×${ROWS} tmux pane`);

/** Bytes ssh's TCP socket received so far (0 when local). */
function wireBytes(): number {
  if (!sshd) return 0;
  const r = spawnSync('ss', ['-tinH', 'state', 'established', `( dport = :${sshd.port} )`], { encoding: 'utf8' });
  return Number(/bytes_received:(\d+)/.exec(r.stdout)?.[1] ?? NaN);
}

const out = join(dir, 'tty.bin');
spawnSync('tmux', ['-L', sock, 'kill-server']);
tmux('new-session', '-d', '-x', COLS, '-y', ROWS, '-s', 'b', 'sleep 3600');
tmux('pipe-pane', '-t', 'b', '-o', `cat >> ${shq(out)}`);
tmux('respawn-pane', '-k', '-t', 'b', command);
await waitFor(() => new RegExp(`pods\\(all\\)\\[${N}\\]`).test(screen()), { what: () => `the first frame; screen:\n${screen()}`, timeoutMs: 60000, intervalMs: 20 });
log(`first frame: ${statSync(out).size} B on the tty, ${sshd ? `${wireBytes()} B received by ssh (with the login)` : ''}`);
await quiet(1500);

interface Frame {
  tty: number;
  wire: number;
}
/** Runs `act`, waits for the screen to satisfy `done`, then until the pipe file grew and holds still. */
async function measure(what: string, act: () => void, done: (s: string) => boolean): Promise<Frame> {
  const size = statSync(out).size;
  const wire = wireBytes();
  act();
  await waitFor(() => done(screen()), { what: () => `${what}; screen:\n${screen()}`, timeoutMs: 10000, intervalMs: 2 });
  let seen = -1;
  await waitFor(
    () => {
      const n = statSync(out).size;
      const still = n > size && n === seen;
      seen = n;
      return still;
    },
    { what: `${what} in the pipe file`, intervalMs: 40 },
  );
  const end = statSync(out).size;
  if (dump) log(`  ${what}: ${JSON.stringify(readFileSync(out).subarray(size, end).toString('latin1'))}`);
  return { tty: end - size, wire: wireBytes() - wire };
}
const report = (what: string, fs: Frame[]) =>
  log(
    `${what}: median ${median(fs.map((f) => f.tty))} B on the tty${sshd ? `, ${median(fs.map((f) => f.wire))} B on the wire` : ''} (tty ${fs.map((f) => f.tty).join(', ')})`,
  );

// one visible pod changes: its READY and RESTARTS cells; the selected (first) row, then one further down
const visible = [...screen().matchAll(/(team-\d+)\s+(app-\S+)/g)].map((m) => ({ ns: m[1] ?? '', name: m[2] ?? '' }));
for (const [where, pod] of [['the selected row', visible[0]], ['another row', visible[10]]] as const) {
  if (!pod) throw new Error(`no pod on the screen for ${where}:\n${screen()}`);
  const changes: Frame[] = [];
  for (let i = 0; i < 6; i++) {
    await quiet(300);
    const ready = i % 2 === 1;
    changes.push(
      await measure(
        `one pod changed (${where})`,
        () =>
          sim.storage.mutate(PODS, pod.ns, pod.name, (p) => {
            const cs = (p as Pod).status?.containerStatuses?.[0];
            if (cs) {
              cs.ready = ready;
              cs.restartCount = i + 1;
            }
          }),
        (s) => new RegExp(`${pod.name}\\s+${ready ? '1' : '0'}/1\\s+Running\\s+${i + 1}`).test(s),
      ),
    );
  }
  report(`one visible pod changes (${where})`, changes);
}

/** With colours and attributes: a moved selection changes only those. */
const screenE = () => tmux('capture-pane', '-p', '-e', '-t', 'b');
for (const key of ['j', 'Down']) {
  const fs: Frame[] = [];
  for (let i = 0; i < 8; i++) {
    await quiet(150);
    const before = screenE();
    fs.push(await measure(`scroll (${key})`, () => tmux('send-keys', '-t', 'b', key), () => screenE() !== before));
  }
  report(`a scroll down (${key})`, fs);
}

await quiet(300);
const noPrompt = screen();
const slash = await measure('/', () => tmux('send-keys', '-t', 'b', '-l', '/'), (s) => s !== noPrompt);
const typed: Frame[] = [];
let text = '';
for (const ch of 'app-42') {
  await quiet(150);
  text += ch;
  const re = new RegExp(`/${text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}`);
  typed.push(await measure(`filter ${text}`, () => tmux('send-keys', '-t', 'b', '-l', ch), (s) => re.test(s)));
}
log(`opening the filter prompt (/): ${slash.tty} B on the tty${sshd ? `, ${slash.wire} B on the wire` : ''}`);
report('a filter keystroke', typed);

tmux('send-keys', '-t', 'b', 'C-c');
await waitFor(() => spawnSync('tmux', ['-L', sock, 'has-session']).status !== 0, { what: 'kubedeck to exit', intervalMs: 20, timeoutMs: 10000 }).catch(() => undefined);
spawnSync('tmux', ['-L', sock, 'kill-server']);

// idle: `kubedeck --sim` (its demo cluster: young pods, so the AGE column changes every second, and
// metrics every 15 s) on the pods view with no key pressed, bytes per second once it has settled
const simCommand = `env TERM=xterm-256color ${shq(process.execPath)} ${shq(join(root, 'bin', 'kubedeck.js'))} --sim`;
tmux('new-session', '-d', '-x', COLS, '-y', ROWS, '-s', 'b', 'sleep 3600');
const idleOut = join(dir, 'idle.bin');
tmux('pipe-pane', '-t', 'b', '-o', `cat >> ${shq(idleOut)}`);
tmux('respawn-pane', '-k', '-t', 'b', sshd ? `env TERM=xterm-256color ${sshd.sshCommand(`cd ${shq(root)} && exec ${simCommand}`)}` : simCommand);
await waitFor(() => /pods\(all\)\[[1-9]\d*\]/.test(screen()), { what: () => `kubedeck --sim; screen:\n${screen()}`, timeoutMs: 60000, intervalMs: 50 });
await quiet(20000); // the demo cluster settles (pods start, restart, complete)
const idle0 = { tty: statSync(idleOut).size, wire: wireBytes() };
await quiet(30000);
log(
  `idle on --sim (pods view, 39 pods ticking): ${((statSync(idleOut).size - idle0.tty) / 30).toFixed(0)} B/s on the tty${sshd ? `, ${((wireBytes() - idle0.wire) / 30).toFixed(0)} B/s on the wire` : ''}`,
);
tmux('send-keys', '-t', 'b', 'C-c');
await waitFor(() => spawnSync('tmux', ['-L', sock, 'has-session']).status !== 0, { what: 'kubedeck to exit', intervalMs: 20, timeoutMs: 10000 }).catch(() => undefined);
spawnSync('tmux', ['-L', sock, 'kill-server']);
await sshd?.stop();
await sim.close();
