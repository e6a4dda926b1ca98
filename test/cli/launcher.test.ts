// The launcher (bin/kubedeck.js) starts the TUI's node again in the same process (execve) with glibc's
// malloc set for a small resident size (MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD_; issue 10), then removes
// them from process.env so that what kubedeck runs inherits the user's environment; that start also caps V8's
// young generation (--max-semi-space-size=4, read only at start; src/cli/release-memory.ts). A probe loaded with
// NODE_OPTIONS=--import into every start of node records, per start: the pid, whether the variables are in
// the environment the process was started with (/proc/self/environ), and, at exit, process.env's view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin } from '../helpers/sim-process.js';

const linux = process.platform === 'linux' && typeof (process as { execve?: unknown }).execve === 'function';
let dir = '';
let probe = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubedeck-launcher-'));
  probe = join(dir, 'probe.mjs');
  writeFileSync(
    probe,
    `import { appendFileSync, readFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
const out = process.env.LAUNCHER_PROBE_OUT;
const started = readFileSync('/proc/self/environ', 'utf8').split('\\0').filter((kv) => kv.startsWith('MALLOC_'));
process.on('exit', () => appendFileSync(out, JSON.stringify({ pid: process.pid, started, atExit: Object.keys(process.env).filter((k) => k.startsWith('MALLOC_') || k.startsWith('KUBEDECK_MALLOC')), compileCache: nodeModule.getCompileCacheDir?.() ?? null, semiSpace: process.execArgv.filter((a) => a.includes('semi-space')) }) + '\\n'));
`,
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface Start {
  pid: number;
  started: string[];
  atExit: string[];
  /** Where Node's compile cache is kept (null: off). */
  compileCache: string | null;
  /** node's own semi-space flags (the young generation's cap). */
  semiSpace: string[];
}

/** Runs the launcher without a terminal (the TUI then exits 1 at once); returns what each start saw. */
function run(args: string[], extraEnv: Record<string, string> = {}, nodeFlags: string[] = []): { status: number | null; stderr: string; starts: Start[] } {
  const out = join(dir, `starts-${Math.random().toString(36).slice(2)}.jsonl`);
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv, LAUNCHER_PROBE_OUT: out, NODE_OPTIONS: `--import=${probe}` };
  delete env['MALLOC_ARENA_MAX'];
  delete env['MALLOC_MMAP_THRESHOLD_'];
  delete env['NODE_COMPILE_CACHE'];
  delete env['NODE_DISABLE_COMPILE_CACHE'];
  Object.assign(env, extraEnv);
  const r = spawnSync(process.execPath, [...nodeFlags, bin, ...args], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  const starts = existsSync(out) ? readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Start) : [];
  return { status: r.status, stderr: r.stderr, starts };
}

test('the TUI runs in the same process, started again with the malloc settings, which its children do not inherit', (t) => {
  if (!linux) return t.skip('execve and glibc: Linux only');
  const r = run(['--kubeconfig', join(dir, 'none.yaml')]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /needs an interactive terminal/);
  // one process (one pid) that exits once: the first image was replaced, not left waiting
  assert.equal(r.starts.length, 1, JSON.stringify(r.starts));
  const [s] = r.starts;
  assert.deepEqual(s?.started.sort(), ['MALLOC_ARENA_MAX=2', 'MALLOC_MMAP_THRESHOLD_=32768']);
  assert.deepEqual(s?.atExit, [], 'removed from process.env after the start');
  assert.deepEqual(s?.semiSpace, ['--max-semi-space-size=4'], 'the young generation\'s cap (src/cli/release-memory.ts)');
  // a user's own young generation flag is kept, and no cap is added over it
  const own = run(['--kubeconfig', join(dir, 'none.yaml')], {}, ['--max-semi-space-size=16']);
  assert.deepEqual(own.starts.map((x) => x.semiSpace), [['--max-semi-space-size=16']]);
});

test('--version, --help and `kubedeck sim` are not started twice; a user setting is left alone', (t) => {
  if (!linux) return t.skip('execve and glibc: Linux only');
  for (const args of [['--version'], ['-h'], ['sim', '--help']]) {
    const r = run(args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.deepEqual(r.starts.map((s) => s.started), [[]], args.join(' '));
  }
  const own = run(['--kubeconfig', join(dir, 'none.yaml')], { MALLOC_ARENA_MAX: '4' });
  assert.deepEqual(own.starts.map((s) => [s.started, s.atExit]), [[['MALLOC_ARENA_MAX=4'], ['MALLOC_ARENA_MAX']]]);
});

test('the launcher turns on Node\'s compile cache in the user\'s own cache directory, never the shared temp dir; NODE_DISABLE_COMPILE_CACHE turns it off', (t) => {
  if (typeof (process as { getBuiltinModule?: unknown }).getBuiltinModule !== 'function') return t.skip('Node without getBuiltinModule');
  const home = join(dir, 'home');
  for (const args of [['--version'], ['--kubeconfig', join(dir, 'none.yaml')]]) {
    const r = run(args, { HOME: home, XDG_CACHE_HOME: '' });
    assert.equal(r.starts.length, 1, r.stderr);
    assert.equal(r.starts[0]?.compileCache?.startsWith(join(home, '.cache', 'kubedeck', 'node-compile-cache')), true, `${args.join(' ')}: ${r.starts[0]?.compileCache}`);
  }
  const xdg = run(['--version'], { HOME: home, XDG_CACHE_HOME: join(dir, 'xdg') });
  assert.equal(xdg.starts[0]?.compileCache?.startsWith(join(dir, 'xdg', 'kubedeck', 'node-compile-cache')), true, String(xdg.starts[0]?.compileCache));
  // no home to keep it in: no cache (not Node's default under the temp dir)
  const homeless = run(['--version'], { HOME: '', XDG_CACHE_HOME: '' });
  assert.deepEqual(homeless.starts.map((s) => s.compileCache), [null]);
  const off = run(['--version'], { HOME: home, NODE_DISABLE_COMPILE_CACHE: '1' });
  assert.deepEqual(off.starts.map((s) => s.compileCache), [null]);
});
