// End to end through a real sshd on loopback, as a bastion user runs kubedeck: the test starts its own
// sshd (own host key, own authorized key, own config, a free port; test/helpers/sshd.ts), and in tmux a
// `ssh -tt` into a remote shell that runs `node bin/kubedeck.js --sim` with the project's Node. Checked:
// the first frame, a `:` command, a shell into a pod and back, resizes reaching both, and that after
// Ctrl-C the remote terminal is as it was (stty -a on the remote tty, the alternate screen left, the
// cursor shown, the terminal's modes, and the shell prompt taking commands). And a dropped connection
// (the ssh client killed) ends kubedeck on the remote side.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tmux } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';
import { root } from '../helpers/sim-process.js';
import { shq, sshdMissing, startSshd } from '../helpers/sshd.js';
import type { Sshd } from '../helpers/sshd.js';

const missing = Tmux.available() ? sshdMissing() : 'tmux is not installed';
/** The project's Node (24) by its absolute path: the remote login shell's PATH knows nothing of it. */
const node = join(root, 'node_modules', '.bin', 'node');
let sshd: Sshd | undefined;
before(async () => {
  if (!missing) sshd = await startSshd();
});
after(async () => {
  await sshd?.stop();
});

/** The terminal's state as tmux (the local terminal) holds it: modes a full-screen program may change. */
const MODES = ['alternate_on', 'cursor_flag', 'insert_flag', 'keypad_cursor_flag', 'keypad_flag', 'mouse_any_flag', 'mouse_button_flag', 'mouse_standard_flag', 'mouse_sgr_flag', 'origin_flag', 'wrap_flag'];
const modes = (tm: Tmux): Record<string, string> => {
  const out = execFileSync('tmux', ['-L', tm.socket, 'display-message', '-p', '-t', 'main', MODES.map((m) => `#{${m}}`).join(' ')], { encoding: 'utf8' });
  const vals = out.trim().split(' ');
  return Object.fromEntries(MODES.map((m, i) => [m, vals[i] ?? '']));
};

test('through ssh -tt: first frame, a : command, a shell in a pod and back, resizes, and Ctrl-C leaves the remote terminal as it was', { skip: missing ?? false, timeout: 170000 }, async () => {
  const s = sshd as Sshd;
  const tm = new Tmux('ssh');
  const before = join(s.dir, 'stty-before');
  const afterF = join(s.dir, 'stty-after');
  try {
    // a plain remote shell with a known prompt (no rc files), in the worktree
    tm.start(`env TERM=xterm-256color ${s.sshCommand(`cd ${shq(root)} && exec env PS1='remote$ ' bash --norc --noprofile -i`)}`, 120, 40);
    await tm.wait(/^remote\$\s*$/m, 30000);
    const modesBefore = modes(tm);
    assert.equal(modesBefore.alternate_on, '0');
    assert.equal(modesBefore.cursor_flag, '1');
    // the remote tty's settings before, then kubedeck, then the settings after, as one command line
    tm.type(`stty -a > ${shq(before)}; ${shq(node)} bin/kubedeck.js --sim; echo "kubedeck exited $?"; stty -a > ${shq(afterF)}`);
    tm.keys('Enter');
    await tm.wait(/pods\(all\)\[[1-9]\d*\]/, 60000);
    assert.equal(modes(tm).alternate_on, '1', 'kubedeck draws on the alternate screen');
    assert.equal(modes(tm).cursor_flag, '0', 'with the cursor hidden');

    // a : command
    tm.type(':deploy shop');
    tm.keys('Enter');
    await tm.wait(/deployments\(shop\)\[[1-9]\d*\][\s\S]*frontend/);

    // a shell into a pod and back
    tm.type(':pods shop');
    tm.keys('Enter');
    await tm.wait(/pods\(shop\)\[[1-9]\d*\]/);
    tm.type('/frontend');
    tm.keys('Enter');
    await tm.wait(/pods\(shop\)\[\d+\] <\/frontend>[^\n]*\n\s*NAME\s+READY[^\n]*\n\s*frontend-\S+\s+1\/1\s+Running/, 60000);
    const first = /\n\s*(frontend-\S+)\s+1\/1/.exec(tm.screen())?.[1] ?? '';
    assert.ok(first, 'a running frontend pod');
    tm.type('s');
    await tm.wait(new RegExp(`${first}:/#\\s*$`, 'm'), 20000);
    assert.equal(modes(tm).alternate_on, '0', 'the shell runs on the normal screen');
    tm.type('echo hello-over-ssh && hostname');
    tm.keys('Enter');
    await tm.wait(new RegExp(`^hello-over-ssh\\s*\\n${first}\\s*$`, 'm'));
    // a resize reaches the pod's shell through ssh
    tm.resize(100, 30);
    tm.type('stty size');
    tm.keys('Enter');
    await tm.wait(/^30 100\s*$/m);
    tm.type('exit');
    tm.keys('Enter');
    await tm.wait(new RegExp(`shell in ${first}/\\S+ \\(bash\\) ended`));
    assert.match(tm.screen(), /pods\(shop\)\[\d+\] <\/frontend>/, 'back on the same view and filter');
    assert.equal(modes(tm).alternate_on, '1', 'back on the alternate screen');

    // a resize of kubedeck itself: the frame is drawn again at the new width (the title rule spans it)
    tm.resize(120, 40);
    // the remote locale decides the rule's glyph: `─`, or `-` in ASCII mode when ssh passes no UTF-8 locale
    const rule = () => tm.screen().split('\n').find((l) => /^(─+|-+) pods\(shop\)\[\d+\] <\/frontend> (─+|-+)$/.test(l)) ?? '';
    await waitFor(() => [...rule()].length === 120, { what: () => `the title rule to span 120 columns; screen:\n${tm.screen()}` });
    // keys still work after the shell
    tm.type(':deploy');
    tm.keys('Enter');
    await tm.wait(/deployments\(shop\)\[\d+\]/);

    tm.keys('C-c');
    await tm.wait(/^kubedeck exited 0\s*\nremote\$\s*$/m, 20000);
    assert.deepEqual(modes(tm), modesBefore, 'the terminal modes are as before kubedeck');
    // the remote tty's settings are as they were, and the prompt takes a command (echoed, run)
    tm.type(`cmp ${shq(before)} ${shq(afterF)} && echo same-$((1+1))`);
    tm.keys('Enter');
    const done = await tm.wait(/^(same-2|.*differ.*)\s*$/m);
    assert.match(done, /^same-2\s*$/m, `stty -a after kubedeck differs:\n${readFileSync(before, 'utf8')}\n---\n${readFileSync(afterF, 'utf8')}`);
    assert.match(done, /^remote\$ cmp /m, 'the typed command was echoed');
  } finally {
    tm.stop();
  }
});

test('a dropped ssh connection ends kubedeck on the remote side (SIGHUP), leaving no process behind', { skip: missing ?? false, timeout: 120000 }, async () => {
  const s = sshd as Sshd;
  const tm = new Tmux('ssh-drop');
  const pidFile = join(s.dir, 'kubedeck.pid');
  try {
    // kubedeck is the remote command itself (exec keeps the shell's pid, written first)
    tm.start(`env TERM=xterm-256color ${s.sshCommand(`cd ${shq(root)} && echo $$ > ${shq(pidFile)} && exec ${shq(node)} bin/kubedeck.js --sim`)}`, 120, 40);
    await tm.wait(/pods\(all\)\[[1-9]\d*\]/, 60000);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(pid > 0 && alive(pid), 'kubedeck runs on the remote side');
    // the local ssh client dies without a word (a laptop lid closed, a network gone): its pid is the pane's child
    const panePid = execFileSync('tmux', ['-L', tm.socket, 'display-message', '-p', '-t', 'main', '#{pane_pid}'], { encoding: 'utf8' }).trim();
    const ssh = Number(execFileSync('ps', ['-o', 'pid=', '--ppid', panePid], { encoding: 'utf8' }).trim().split('\n')[0]);
    assert.ok(ssh > 0, 'the ssh client process');
    process.kill(ssh, 'SIGKILL');
    await waitFor(() => !alive(pid), { what: `kubedeck (pid ${pid}) to exit after the connection dropped`, timeoutMs: 30000, intervalMs: 100 });
  } finally {
    tm.stop();
  }
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
