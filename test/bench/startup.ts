// Benchmark (not a test): time from launching `kubedeck --sim` to (a) the first frame and (b) the first
// frame listing running pods, read from a real terminal (tmux), plus `kubedeck --version`.
// Run: node_modules/.bin/node --import tsx test/bench/startup.ts [runs]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../helpers/wait.js';

const root = new URL('../../', import.meta.url).pathname;
const bin = join(root, 'bin', 'kubedeck.js');
const runs = Number(process.argv[2] ?? 5);
const sock = `kubedeck-bench-${process.pid}`;
const tmux = (...a: string[]) => execFileSync('tmux', ['-L', sock, ...a], { encoding: 'utf8' });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function version(): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, '--version']);
  if (r.status !== 0) throw new Error('kubedeck --version failed');
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function startup(): Promise<{ frame: number; any: number; pods: number }> {
  const home = mkdtempSync(join(tmpdir(), 'kubedeck-bench-'));
  spawnSync('tmux', ['-L', sock, 'kill-server']);
  tmux('new-session', '-d', '-x', '160', '-y', '50', '-s', 'b', 'sleep 600');
  const t0 = Date.now();
  tmux('respawn-pane', '-k', '-t', 'b', `env HOME=${home} ${process.execPath} ${bin} --sim`);
  let frame = NaN;
  let any = NaN;
  let s = '';
  const pods = await waitFor(
    () => {
      s = tmux('capture-pane', '-p', '-t', 'b');
      const now = Date.now() - t0;
      if (Number.isNaN(frame) && /pods\(all\)/.test(s)) frame = now;
      if (Number.isNaN(any) && /pods\(all\)\[[1-9]\d*\]/.test(s)) any = now;
      return /pods\(all\)\[[1-9]\d*\]/.test(s) && /Running/.test(s) && now;
    },
    { what: () => `running pods on the screen:\n${s}`, timeoutMs: 30_000, intervalMs: 5 },
  );
  tmux('send-keys', '-t', 'b', 'C-c');
  spawnSync('tmux', ['-L', sock, 'kill-server']);
  return { frame, any, pods };
}

const v: number[] = [];
const f: number[] = [];
const p: number[] = [];
const a: number[] = [];
for (let i = 0; i < runs; i++) {
  v.push(version());
  const r = await startup();
  f.push(r.frame);
  a.push(r.any);
  p.push(r.pods);
}
console.log(`kubedeck --version: median ${median(v).toFixed(0)} ms  (${v.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`--sim → first frame: median ${median(f)} ms  (${f.join(', ')})`);
console.log(`--sim → first frame listing pods: median ${median(a)} ms  (${a.join(', ')})`);
console.log(`--sim → first frame with running pods: median ${median(p)} ms  (${p.join(', ')})`);
