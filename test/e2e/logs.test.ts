// End to end: the logs view against `kubedeck sim`, with kubectl as the oracle for what was saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tmux } from '../helpers/tmux.js';
import { bin, startSimProcess } from '../helpers/sim-process.js';

const ready = Tmux.available() && spawnSync('kubectl', ['version', '--client']).status === 0;
let sim: Awaited<ReturnType<typeof startSimProcess>>;
before(async () => {
  sim = await startSimProcess();
});
after(async () => {
  await sim?.stop();
});

test('previous logs of a crash-looping pod: shown, searchable, saved exactly as kubectl prints them', { skip: !ready && 'tmux or kubectl missing' }, async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'kubedeck-logs-e2e-'));
  const cache = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));
  const tm = new Tmux('logs');
  try {
    tm.start(`cd ${cwd} && ${process.execPath} ${bin} --kubeconfig ${sim.kubeconfig} -c 'pods payments'`, 180, 45);
    await tm.wait(/pods\(payments\)\[[1-9]\d*\]/);
    tm.type('/fraud');
    tm.keys('Enter');
    await tm.wait(/pods\(payments\)\[1\] <\/fraud>/);
    // wait until it has crashed at least once, so there is a previous container
    await tm.wait(/fraud-detector-\S+\s+\d\/\d\s+\S+\s+[1-9]/, 40000);
    const pod = /(fraud-detector-\S+)/.exec(tm.screen())?.[1] ?? '';
    tm.type('p');
    await tm.wait(/logs\(payments\/fraud-detector-\S+\) previous/);
    await tm.wait(/end of log/);
    let screen = await tm.wait(/at java\.base|Traceback|panic:|Error|Exception/);

    // every instance says how it starts; the crash's trace flavour depends on the seed
    tm.type('/starting');
    tm.keys('Enter');
    screen = await tm.wait(/starting fraud-detector/);

    tm.keys('C-s');
    screen = await tm.wait(/saved \d+ lines \(\d+ bytes\) to \S+\.log/);
    const path = /to (\S+\.log)/.exec(screen)?.[1] ?? '';
    assert.ok(path.startsWith(cwd), path);
    const saved = readFileSync(path, 'utf8');
    const expected = execFileSync('kubectl', ['--kubeconfig', sim.kubeconfig, '--cache-dir', cache, '-n', 'payments', 'logs', pod, '--previous'], { encoding: 'utf8' });
    assert.equal(saved, expected);

    // f: only the matching lines (a regex), then ! inverts; Esc clears
    tm.type('f');
    tm.type('starting|listening');
    tm.keys('Enter');
    screen = await tm.wait(/filter starting\|listening: 2 of \d+ lines/);
    assert.doesNotMatch(screen, /loaded configuration/);
    tm.type('f');
    await tm.wait(/filter starting\|listening▏|filter\s+starting\|listening/);
    tm.keys('BSpace');
    // back to an editable prompt: replace the text with an inverted filter
    for (let i = 0; i < 30; i++) tm.keys('BSpace');
    tm.type('!INFO');
    tm.keys('Enter');
    screen = await tm.wait(/filter !INFO: \d+ of \d+ lines/);
    assert.doesNotMatch(screen, /INFO\s+\[main\] starting/);
    tm.keys('Escape');
    await tm.wait(/loaded configuration/);
    tm.keys('Escape');
    await tm.wait(/pods\(payments\)/);
    tm.keys('C-c');
    assert.match(await tm.wait(/\[exited \d+\]/), /\[exited 0\]/);
  } finally {
    tm.stop();
    rmSync(cwd, { recursive: true, force: true });
  }
});
