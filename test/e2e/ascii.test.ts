// End to end: the built binary in tmux under LANG=C LC_ALL=C (a terminal that is not UTF-8), every byte it
// writes recorded with tmux pipe-pane while it shows the table, help, describe, YAML, logs and dialogs at
// 80x24: none is 0x80 or above. And --ascii does the same in a UTF-8 locale.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tmux } from '../helpers/tmux.js';
import { bin, startSimProcess } from '../helpers/sim-process.js';

const haveTmux = Tmux.available();
const built = existsSync(join(bin, '..', '..', 'dist', 'cli.js'));

let sim: Awaited<ReturnType<typeof startSimProcess>>;
before(async () => {
  assert.ok(built, 'dist/cli.js missing: npm test builds it first (pretest)');
  sim = await startSimProcess();
});
after(async () => {
  await sim?.stop();
});

/** The table is on screen (no dialog, help or detail over it). */
const PODS = /NAMESPACE\s+NAME\s+READY\s+STATUS/;
const DEPLOYMENTS = /NAMESPACE\s+NAME\s+READY\s+UP-TO-DATE/;
/** The deployments table with `what` gone from the screen (an Esc has been read, not only sent). */
const deploymentsWithout = (what: RegExp): RegExp => new RegExp(`^(?![\\s\\S]*${what.source})[\\s\\S]*${DEPLOYMENTS.source}`);

/** Records every byte the pane's program writes to the terminal. */
function record(tm: Tmux): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kubedeck-ascii-')), 'pane.bin');
  execFileSync('tmux', ['-L', tm.socket, 'pipe-pane', '-t', 'main', '-o', `cat >> ${file}`]);
  return file;
}

function assertAscii(file: string): number {
  const bytes = readFileSync(file);
  const at = bytes.findIndex((b) => b >= 0x80);
  assert.equal(at, -1, `a byte >= 0x80 at ${at}: ${JSON.stringify(bytes.subarray(Math.max(0, at - 40), at + 20).toString('latin1'))}`);
  return bytes.length;
}

for (const [name, env, flag] of [
  ['LANG=C LC_ALL=C', 'env LANG=C LC_ALL=C', ''],
  ['--ascii in a UTF-8 locale', 'env LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8', ' --ascii'],
] as const) {
  test(`${name}: at 80x24 every byte written is ASCII, on every screen`, { skip: !haveTmux && 'tmux not installed' }, async () => {
    const tm = new Tmux(`ascii${flag ? '-flag' : ''}`);
    try {
      // the program starts after pipe-pane is on: the shell waits for the go file
      const go = join(mkdtempSync(join(tmpdir(), 'kubedeck-go-')), 'go');
      tm.start(`while [ ! -e ${go} ]; do sleep 0.05; done; ${env} ${process.execPath} ${bin} --kubeconfig ${sim.kubeconfig} -A${flag}`, 80, 24);
      const file = record(tm);
      execFileSync('touch', [go]);
      await tm.wait(/pods\(all\)\[\d+\] -+$/m, 20000);
      await tm.wait(/Running/, 20000);
      tm.keys('S');
      await tm.wait(/STATUS[v^]/);
      tm.keys('?');
      await tm.wait(/GENERAL/);
      tm.keys('Escape');
      await tm.wait(PODS);
      tm.keys('d');
      await tm.wait(/describe\(/);
      tm.keys('Escape');
      await tm.wait(PODS);
      tm.keys('y');
      await tm.wait(/yaml\(/);
      tm.keys('Escape');
      await tm.wait(PODS);
      tm.keys('l');
      await tm.wait(/logs\(/);
      await tm.wait(/ \| /);
      tm.keys('Escape');
      await tm.wait(PODS);
      tm.keys('C-d');
      await tm.wait(/\+-{20}/);
      tm.keys('n');
      await tm.wait(PODS);
      tm.type(':deploy');
      tm.keys('Enter');
      // listed, with rows: s on a table still connecting has nothing selected to scale
      await tm.wait(/deployments\(all\)\[[1-9]\d*\] -/);
      tm.keys('s');
      await tm.wait(/Replicas: \[\d+\]_/);
      // each Esc is waited out: an Esc followed at once by a key reads as Alt+key
      tm.keys('Escape');
      await tm.wait(deploymentsWithout(/Replicas:/));
      tm.keys('u');
      await tm.wait(/rollout history/);
      tm.keys('Escape');
      await tm.wait(deploymentsWithout(/rollout history/));
      tm.type('/zz');
      await tm.wait(/\/zz/);
      tm.keys('Escape');
      await tm.wait(deploymentsWithout(/\/zz/));
      tm.type(':secrets');
      tm.keys('Enter');
      await tm.wait(/secrets\(all\)\[\d+\]/);
      const screen = tm.screen();
      assert.doesNotMatch(screen, /[^\x00-\x7f]/);
      assert.ok(assertAscii(file) > 1000, 'the recording holds the frames');
    } finally {
      tm.stop();
    }
  });
}
