// Outside kubectl companions against the simulator, as Debian packages them: kubectx and kubens (switch
// context and namespace; kubens lists the cluster's namespaces), kubecolor (kubectl with colours) and
// kubetail (follows the logs of several pods at once). Each test is skipped, saying why, without its tool.
import { waitFor } from '../helpers/wait.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSim, PODS, NAMESPACES } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { Pod } from '../../src/util/k8s.js';


function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const why = (tool: string, pkg = tool): string | false =>
  !has('kubectl')
    ? 'kubectl is not installed'
    : has(tool)
      ? false
      : `${tool} is not installed (apt-get install ${pkg})`;
const noKubectx = why('kubectx');
const noKubens = why('kubens', 'kubectx');
const noKubecolor = why('kubecolor');
const noKubetail = why('kubetail') || (has('stdbuf') ? false : 'stdbuf (coreutils) is not installed');
const all = noKubectx && noKubens && noKubecolor && noKubetail;

const NS = 'tools';
let sim: SimHandle;
let dir: string;
let env: NodeJS.ProcessEnv;

function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, timeout: 60000 }, (err, stdout, stderr) => {
      const code = err
        ? typeof (err as { code?: unknown }).code === 'number'
          ? (err as { code: number }).code
          : 1
        : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const ESC = '\u001b';
const strip = (s: string): string => s.replace(new RegExp(`${ESC}\\[[0-9;]*m|${ESC}\\(B`, 'g'), '');

before(async () => {
  if (all) return;
  sim = await startSim({ scenario: 'demo', seed: 11 });
  dir = mkdtempSync(join(tmpdir(), 'kubedeck-tools-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, sim.kubeconfig(), { mode: 0o600 });
  // kubetail joins its per-pod commands with `${@/#/ & }`, which bash 5.2's patsub_replacement turns
  // into a syntax error as soon as two pods match (a kubetail bug, not the server's): switch it off.
  mkdirSync(join(dir, 'cache'), { recursive: true });
  const bashEnv = join(dir, 'bash-env');
  writeFileSync(bashEnv, 'shopt -u patsub_replacement 2>/dev/null || true\n');
  env = {
    ...process.env,
    HOME: dir,
    KUBECONFIG: kubeconfig,
    XDG_CACHE_HOME: join(dir, 'cache'),
    BASH_ENV: bashEnv,
  };
  delete env['NO_COLOR'];
  sim.storage.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } as never);
  for (const name of ['ticker-a', 'ticker-b'])
    sim.storage.create(PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: NS },
      spec: {
        containers: [
          {
            name: 'main',
            image: 'busybox:1.36',
            command: ['sh', '-c', 'while true; do echo tick from $HOSTNAME; sleep 1; done'],
          },
        ],
      },
    } as never);
  await waitFor(() =>
      ['ticker-a', 'ticker-b'].every(
        (n) =>
          (sim.storage.get(PODS, NS, n) as Pod | undefined)?.status?.containerStatuses?.[0]?.state?.running,
      ), { what: 'the ticker pods to run', timeoutMs: 60000, intervalMs: 100 });
});
after(async () => {
  if (all) return;
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

test('kubectx lists and switches the contexts of the sim kubeconfig', { skip: noKubectx }, async () => {
  const list = await run('kubectx', []);
  assert.equal(list.code, 0, list.stderr);
  assert.deepEqual(strip(list.stdout).trim().split('\n'), ['kubedeck-sim', 'kubedeck-sim-viewer']);
  const sw = await run('kubectx', ['kubedeck-sim-viewer']);
  assert.equal(sw.code, 0, sw.stderr);
  assert.match(strip(sw.stdout + sw.stderr), /Switched to context "kubedeck-sim-viewer"/);
  assert.equal((await run('kubectx', ['-c'])).stdout.trim(), 'kubedeck-sim-viewer');
  // the viewer reads but may not write, through the context kubectx chose
  assert.equal(
    (await run('kubectl', ['get', 'ns', 'default', '-o', 'name'])).stdout.trim(),
    'namespace/default',
  );
  const write = await run('kubectl', ['label', 'ns', 'default', 'x=y']);
  assert.notEqual(write.code, 0);
  assert.match(write.stderr, /forbidden/);
  const back = await run('kubectx', ['-']);
  assert.equal(back.code, 0, back.stderr);
  assert.equal((await run('kubectx', ['-c'])).stdout.trim(), 'kubedeck-sim');
});

test(
  'kubens lists the cluster namespaces, switches, and refuses one that does not exist',
  { skip: noKubens },
  async () => {
    const list = await run('kubens', []);
    assert.equal(list.code, 0, list.stderr);
    const names = strip(list.stdout).trim().split('\n');
    for (const ns of ['default', 'kube-system', 'shop', 'payments', NS])
      assert.ok(names.includes(ns), `${ns} in ${names.join(',')}`);
    const sw = await run('kubens', [NS]);
    assert.equal(sw.code, 0, sw.stderr);
    assert.match(strip(sw.stdout + sw.stderr), new RegExp(`Active namespace is "${NS}"`));
    assert.equal((await run('kubens', ['-c'])).stdout.trim(), NS);
    assert.match(readFileSync(env['KUBECONFIG'] ?? '', 'utf8'), new RegExp(`namespace: ${NS}`));
    const pods = await run('kubectl', ['get', 'pods', '-o', 'name']);
    assert.deepEqual(pods.stdout.trim().split('\n'), ['pod/ticker-a', 'pod/ticker-b']);
    const bad = await run('kubens', ['no-such-namespace']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /no namespace exists with name "no-such-namespace"/);
    assert.equal((await run('kubens', ['default'])).code, 0);
  },
);

test('kubecolor colours what kubectl prints, and says the same', { skip: noKubecolor }, async () => {
  const cols = [
    'get',
    'pods',
    '-n',
    'shop',
    '-o',
    'custom-columns=NAME:.metadata.name,PHASE:.status.phase,NODE:.spec.nodeName',
  ];
  const plain = await run('kubectl', cols);
  const coloured = await run('kubecolor', ['--force-colors', ...cols]);
  assert.equal(coloured.code, 0, coloured.stderr);
  assert.ok(coloured.stdout.includes(`${ESC}[`), 'ANSI colours');
  assert.equal(strip(coloured.stdout), plain.stdout);
  const yaml = await run('kubecolor', ['--force-colors', 'get', 'ns', NS, '-o', 'yaml']);
  assert.equal(yaml.code, 0, yaml.stderr);
  assert.match(strip(yaml.stdout), new RegExp(`kind: Namespace[^]*name: ${NS}`));
  const desc = await run('kubecolor', ['--force-colors', 'describe', 'pod', '-n', NS, 'ticker-a']);
  assert.match(strip(desc.stdout), /^Name:\s+ticker-a$/m);
  assert.match(strip(desc.stdout), /^Status:\s+Running$/m);
  const missing = await run('kubecolor', ['get', 'pod', 'nope', '-n', NS]);
  assert.notEqual(missing.code, 0);
  assert.match(strip(missing.stderr), /pods "nope" not found/);
});

test(
  'kubetail follows the logs of every matching pod, each line tagged with its pod',
  { skip: noKubetail },
  async () => {
    // kubetail ends in `tail -f <(…)`, which block-buffers into a pipe (a terminal would see each line):
    // stdbuf makes that tail line-buffered, as in a terminal
    const p = spawn('stdbuf', ['-oL', 'kubetail', 'ticker', '-n', NS, '--since', '30s'], {
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await waitFor(() => {
          const lines = strip(out).split('\n');
          return ['ticker-a', 'ticker-b'].every((n) =>
            lines.some((l) => l.startsWith(`[${n}] tick from ${n}`)),
          );
        }, { what: `tagged lines from both pods; kubetail printed:\n${out}`, timeoutMs: 30000, intervalMs: 100 });
      assert.match(strip(out), /^Will tail 2 logs\.\.\.$/m);
      assert.doesNotMatch(out, /syntax error|error:/);
    } finally {
      // kubetail runs kubectl logs -f per pod and tail -f: end the whole group it started
      if (p.pid !== undefined) {
        try {
          process.kill(-p.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    }
  },
);
