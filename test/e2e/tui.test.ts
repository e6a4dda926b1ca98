// End to end: the real, built binary in tmux against `kubedeck sim`, read as a person reads the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tmux } from '../helpers/tmux.js';
import { bin, startSimProcess } from '../helpers/sim-process.js';
import { waitFor } from '../helpers/wait.js';

const haveTmux = Tmux.available();
const haveKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const built = existsSync(join(bin, '..', '..', 'dist', 'cli.js'));
const node = process.execPath;

let sim: Awaited<ReturnType<typeof startSimProcess>>;
before(async () => {
  assert.ok(built, 'dist/cli.js missing: npm test builds it first (pretest)');
  sim = await startSimProcess();
});
after(async () => {
  await sim?.stop();
});

function kubectl(...args: string[]): string {
  const cache = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));
  return execFileSync('kubectl', ['--kubeconfig', sim.kubeconfig, '--cache-dir', cache, ...args], { encoding: 'utf8' });
}

test('kubedeck sim prints its contract line and a 0600 kubeconfig', () => {
  assert.match(sim.line, /^kubedeck sim ready at https:\/\/127\.0\.0\.1:\d+ kubeconfig=\S+$/);
  assert.equal(statSync(sim.kubeconfig).mode & 0o777, 0o600);
});

test('the TUI lists the same pods as kubectl, switches views, and quits cleanly', { skip: !haveTmux && 'tmux not installed' }, async () => {
  const tm = new Tmux('tui');
  try {
    tm.start(`${node} ${bin} --kubeconfig ${sim.kubeconfig} -A`, 200, 60);
    let screen = await tm.wait(/pods\(all\)\[\d+\]/);
    assert.match(screen, /Context:\s+kubedeck-sim/);
    assert.match(screen, /NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    // wait until the demo's pods are running and the list is stable
    screen = await tm.wait(/Running/, 20000);
    if (haveKubectl) {
      const expected = async () => {
        const lines = kubectl('get', 'pods', '-A', '--no-headers').trim().split('\n');
        return lines.map((l) => l.split(/\s+/).slice(0, 2).join(' ')).sort();
      };
      // kubedeck is live: within a few seconds the screen shows exactly kubectl's set of pods
      let want: string[] = [];
      let got: string[] = [];
      await waitFor(
        async () => {
          want = await expected();
          screen = tm.screen();
          const count = Number(/pods\(all\)\[(\d+)\]/.exec(screen)?.[1]);
          got = screen
            .split('\n')
            .map((l) => l.trim().split(/\s+/))
            .filter((w) => w.length >= 6 && /^\d+\/\d+$/.test(w[2] ?? ''))
            .map((w) => `${w[0]} ${w[1]}`)
            .sort();
          return count === want.length && JSON.stringify(got) === JSON.stringify(want);
        },
        {
          what: () => `the screen's pods to equal kubectl's: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}; screen:\n${screen}`,
          timeoutMs: 15_000,
          intervalMs: 300,
        },
      );
      assert.ok(want.length > 3);
    }
    tm.type(':deploy');
    tm.keys('Enter');
    screen = await tm.wait(/deployments\(all\)\[[1-9]\d*\]/);
    assert.match(screen, /NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
    tm.type(':svc kube-system');
    tm.keys('Enter');
    await tm.wait(/services\(kube-system\)\[\d+\]/);
    tm.type(':ns');
    tm.keys('Enter');
    screen = await tm.wait(/namespaces\(all\)\[[1-9]\d*\]/);
    assert.match(screen, /kube-system\s+Active/);
    tm.type('?');
    await tm.wait(/GENERAL/);
    tm.keys('Escape');
    await tm.wait(/namespaces\(all\)/);
    tm.type('q');
    screen = await tm.wait(/\[exited \d+\]/);
    assert.match(screen, /\[exited 0\]/);
    assert.doesNotMatch(screen, /namespaces\(all\)/, 'the alternate screen was left');
  } finally {
    tm.stop();
  }
});

test('Ctrl-C quits from the prompt with code 0', { skip: !haveTmux && 'tmux not installed' }, async () => {
  const tm = new Tmux('ctrlc');
  try {
    tm.start(`${node} ${bin} --kubeconfig ${sim.kubeconfig} -c deploy -n shop`, 120, 30);
    await tm.wait(/deployments\(shop\)\[\d+\]/);
    tm.type(':po');
    tm.keys('C-c');
    const screen = await tm.wait(/\[exited \d+\]/);
    assert.match(screen, /\[exited 0\]/);
  } finally {
    tm.stop();
  }
});

test('with no kubeconfig at all, kubedeck runs on the embedded simulated cluster', { skip: !haveTmux && 'tmux not installed' }, async () => {
  const tm = new Tmux('embedded');
  const home = mkdtempSync(join(tmpdir(), 'kubedeck-home-'));
  try {
    tm.start(`env -u KUBECONFIG HOME=${home} ${node} ${bin}`, 160, 40);
    const screen = await tm.wait(/pods\(all\)\[[1-9]\d*\]/, 20000);
    assert.match(screen, /\(simulated\)/);
    tm.keys('C-c');
    assert.match(await tm.wait(/\[exited \d+\]/), /\[exited 0\]/);
  } finally {
    tm.stop();
  }
});

test('CLI contract: --version, unknown flag, non-TTY, broken kubeconfig', () => {
  const v = spawnSync(node, [bin, '--version'], { encoding: 'utf8' });
  assert.equal(v.status, 0);
  assert.match(v.stdout, /^kubedeck \d+\.\d+\.\d+\n$/);

  const u = spawnSync(node, [bin, '--bogus'], { encoding: 'utf8' });
  assert.equal(u.status, 2);
  assert.equal(u.stderr.trim().split('\n').length, 1);
  assert.match(u.stderr, /unknown flag "--bogus"/);

  const n = spawnSync(node, [bin, '--kubeconfig', sim.kubeconfig], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  assert.equal(n.status, 1);
  assert.match(n.stderr, /needs an interactive terminal/);
  assert.doesNotMatch(n.stderr, /at .*\.js:\d+/, 'no stack trace');
});

test('on a Node older than 22.19 the launcher prints one line and exits 1', (t) => {
  const candidates = ['/usr/bin/node', '/usr/local/bin/node'];
  const old = candidates.find((p) => {
    if (!existsSync(p)) return false;
    const v = spawnSync(p, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const [maj = 0, min = 0] = v.slice(1).split('.').map(Number);
    return maj < 22 || (maj === 22 && min < 19);
  });
  if (!old) return t.skip('no Node older than 22.19 on this machine');
  const r = spawnSync(old, [bin, '--version'], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0] ?? '', /needs Node\.js >= 22\.19 but found v\d+/);
  assert.match(lines[0] ?? '', /install Node 22 or newer/);
});
