// The single executable (`npm run build:binary`, scripts/build-binary.mjs): dist/kubedeck is built
// when missing or older than what goes into it (about 10 s; 30 s on a loaded machine), then run the
// way a bastion host runs it: alone in an empty directory, with no Node on PATH and an empty environment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { Tmux } from '../helpers/tmux.js';
import { root } from '../helpers/sim-process.js';

const supported = process.platform === 'linux' && process.arch === 'x64';
const built = join(root, 'dist', 'kubedeck');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(p).reduce((m, e) => Math.max(m, newest(join(p, e))), st.mtimeMs);
}

let dir = '';
let exe = '';
// Nothing of the host's: no PATH to a node, no NODE_OPTIONS, a HOME of its own.
const bare = (): NodeJS.ProcessEnv => ({ PATH: '/nonexistent', HOME: dir });

before(() => {
  if (!supported) return;
  const inputs = [
    'src',
    'themes',
    'scripts/build-binary.mjs',
    'scripts/build-options.mjs',
    'package.json',
    'package-lock.json',
  ];
  const stale = newest(built) < Math.max(...inputs.map((p) => newest(join(root, p))));
  if (stale) {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-binary.mjs')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, KUBEDECK_BUILD_QUIET: '1' },
    });
    assert.equal(r.status, 0, `build-binary failed:\n${r.stdout}\n${r.stderr}`);
  }
  dir = mkdtempSync(join(tmpdir(), 'kubedeck-binary-'));
  exe = join(dir, 'kubedeck');
  try {
    linkSync(built, exe);
  } catch {
    copyFileSync(built, exe);
  }
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test(
  'dist/kubedeck --version runs alone, with no Node and an empty environment',
  { skip: !supported && 'linux-x64 only' },
  () => {
    assert.deepEqual(readdirSync(dir), ['kubedeck']);
    const r = spawnSync(exe, ['--version'], { cwd: dir, env: { PATH: '/nonexistent' }, encoding: 'utf8' });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, `kubedeck ${pkg.version}\n`);
    assert.equal(r.status, 0);
    // a NODE_OPTIONS meant for the host's own (older) Node does not reach the embedded one
    const opts = spawnSync(exe, ['--version'], {
      cwd: dir,
      env: { PATH: '/nonexistent', NODE_OPTIONS: '--no-such-flag' },
      encoding: 'utf8',
    });
    assert.equal(opts.stdout, `kubedeck ${pkg.version}\n`, opts.stderr);
    // a usage error goes the same way as from `node bin/kubedeck.js`
    const bad = spawnSync(exe, ['--nope'], { cwd: dir, env: bare(), encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^kubedeck: unknown flag "--nope"/);
  },
);

function getJson(url: string, token: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = get(
      url,
      { headers: { authorization: `Bearer ${token}` }, rejectUnauthorized: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
      },
    );
    req.on('error', reject);
  });
}

test(
  'dist/kubedeck sim serves the Kubernetes API on loopback',
  { skip: !supported && 'linux-x64 only' },
  async () => {
    const kubeconfig = join(dir, 'sim.kubeconfig');
    const proc: ChildProcess = spawn(exe, ['sim', '--port', '0', '--kubeconfig-out', kubeconfig], {
      cwd: dir,
      env: bare(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let err = '';
      proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        proc.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
          const m = out.split('\n').find((l) => l.startsWith('kubedeck sim ready at '));
          if (m) resolve(m);
        });
        proc.once('exit', (code) => reject(new Error(`kubedeck sim exited with ${code}; stderr: ${err}`)));
      });
      const url = /^kubedeck sim ready at (https:\/\/127\.0\.0\.1:\d+) kubeconfig=(\S+)$/.exec(line);
      assert.ok(url, line);
      assert.equal(url[2], kubeconfig);
      const cfg = parseYaml(readFileSync(kubeconfig, 'utf8')) as {
        users: { name: string; user: { token: string } }[];
      };
      const token = cfg.users.find((u) => u.name === 'sim-admin')?.user.token ?? '';
      const version = await getJson(`${url[1]}/version`, token);
      assert.equal(version.status, 200);
      assert.match((version.body as { gitVersion: string }).gitVersion, /^v1\.32\./);
      const ns = await getJson(`${url[1]}/api/v1/namespaces`, token);
      const names = (ns.body as { items: { metadata: { name: string } }[] }).items.map(
        (i) => i.metadata.name,
      );
      assert.ok(names.includes('kube-system'), names.join(','));
    } finally {
      const exited = new Promise((resolve) =>
        proc.exitCode !== null ? resolve(proc.exitCode) : proc.once('exit', resolve),
      );
      proc.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
  },
);

test(
  'dist/kubedeck --sim draws the simulated cluster (worker thread and themes from inside the executable)',
  { skip: (!supported && 'linux-x64 only') || (!Tmux.available() && 'tmux not installed') },
  async () => {
    const tm = new Tmux('binary');
    const run = (flags: string) =>
      `cd ${dir} && env -i PATH=/nonexistent HOME=${dir} TERM=xterm-256color ./kubedeck --sim ${flags}`;
    try {
      // the built-in themes are inside: an unknown one is refused with the list of them
      tm.start(run('--theme nope'), 200, 50);
      let screen = await tm.wait(/\[exited \d+\]/, 30000);
      assert.match(
        screen.replace(/\n/g, ''),
        /theme "nope" not found \(available: default, dracula, gruvbox, monokai, nord, solarized-dark, solarized-light\)/,
      );
      assert.match(screen, /\[exited 2\]/);

      tm.start(run('--theme nord'), 120, 30);
      screen = await tm.wait(/pods\(all\)\[\d+\]/, 30000);
      assert.match(screen, /Cluster:\s+https:\/\/127\.0\.0\.1:\d+ \(simulated\)/);
      assert.doesNotMatch(screen, /config:|theme/);
      await tm.wait(/Running/, 30000);
      tm.type(':deploy');
      tm.keys('Enter');
      await tm.wait(/deployments\(all\)\[\d+\]/);
      tm.type('q');
      screen = await tm.wait(/\[exited \d+\]/);
      assert.match(screen, /\[exited 0\]/);
    } finally {
      tm.stop();
    }
  },
);
