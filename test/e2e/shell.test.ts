// End to end: `s` on a pod opens a shell in the real terminal (tmux), resizes reach it, `exit 3` comes back
// to the same view with a flash; Shift-F forwards a port that curl-like fetches reach; kubectl is the oracle
// for which pod was chosen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tmux } from '../helpers/tmux.js';
import { bin, simForFile } from '../helpers/sim-process.js';

const fx = simForFile();
const { ready, kubectl } = fx;

test('s: a shell in the selected pod; echo, hostname, stty size after a resize; exit 3 is reported', { skip: !ready && 'tmux or kubectl missing' }, async () => {
  const tm = new Tmux('shell');
  try {
    tm.start(`${process.execPath} ${bin} --kubeconfig ${fx.sim.kubeconfig} -c 'pods shop'`, 160, 45);
    // one frontend pod, running: filter to it so the selection is certain
    await tm.wait(/pods\(shop\)\[[1-9]\d*\]/);
    tm.type('/frontend');
    tm.keys('Enter');
    // the selected (first) row running, in the filtered view
    await tm.wait(/pods\(shop\)\[\d+\] <\/frontend>[^\n]*\n\s*NAME\s+READY[^\n]*\n\s*frontend-\S+\s+1\/1\s+Running/, 40000);
    const pod = /(frontend-\S+)\s+1\/1\s+Running/.exec(tm.screen())?.[1] ?? '';
    const first = /\n\s*(frontend-\S+)/.exec(tm.screen())?.[1] ?? '';
    assert.ok(pod && first, 'a frontend pod');
    tm.type('s');
    await tm.wait(/#\s*$/m, 15000);
    tm.type('echo hello && hostname');
    tm.keys('Enter');
    await tm.wait(new RegExp(`^hello\\s*\\n${first}\\s*$`, 'm'));
    tm.resize(132, 41);
    tm.type('stty size');
    tm.keys('Enter');
    await tm.wait(/^41 132\s*$/m);
    tm.type('exit 3');
    tm.keys('Enter');
    const back = await tm.wait(new RegExp(`shell in ${first}/\\S+ \\(bash\\) exited with code 3`));
    assert.match(back, /pods\(shop\)\[\d+\] <\/frontend>/, 'the same view and filter');
    // the host name the shell printed is the pod kubectl knows
    assert.match(kubectl('-n', 'shop', 'get', 'pod', first, '-o', 'name'), new RegExp(`pod/${first}`));
    // keys work again after the terminal came back
    tm.type(':deploy');
    tm.keys('Enter');
    await tm.wait(/deployments\(shop\)\[\d+\]/);
  } finally {
    tm.stop();
  }
});

test('Shift-F forwards a pod port to 127.0.0.1; :pf lists it; ctrl-d stops it', { skip: !ready && 'tmux or kubectl missing' }, async () => {
  const tm = new Tmux('pf');
  try {
    tm.start(`${process.execPath} ${bin} --kubeconfig ${fx.sim.kubeconfig} -c 'pods shop'`, 160, 45);
    await tm.wait(/pods\(shop\)\[[1-9]\d*\]/);
    tm.type('/frontend');
    tm.keys('Enter');
    // the selected (first) row running, in the filtered view
    await tm.wait(/pods\(shop\)\[\d+\] <\/frontend>[^\n]*\n\s*NAME\s+READY[^\n]*\n\s*frontend-\S+\s+1\/1\s+Running/, 40000);
    const first = /\n\s*(frontend-\S+)/.exec(tm.screen())?.[1] ?? '';
    tm.type('F');
    await tm.wait(new RegExp(`Port-forward shop/${first}[\\s\\S]*Local port \\(127\\.0\\.0\\.1\\): 80▏`));
    // a free high port instead of 80
    const local = String(20000 + (process.pid % 20000));
    tm.keys('BSpace', 'BSpace');
    tm.type(local);
    tm.keys('Enter');
    await tm.wait(new RegExp(`forwarding 127\\.0\\.0\\.1:${local} → pod/${first}:80`));
    const page = await (await fetch(`http://127.0.0.1:${local}/`)).text();
    assert.match(page, new RegExp(first));
    tm.type(':pf');
    tm.keys('Enter');
    await tm.wait(new RegExp(`portforwards\\(all\\)\\[1\\][\\s\\S]*127\\.0\\.0\\.1:${local}\\s+shop/pod/${first}`));
    // Ctrl-D asks first here too, as everywhere else: n keeps the forward, y stops it
    tm.keys('C-d');
    await tm.wait(new RegExp(`Stop forwarding 127\\.0\\.0\\.1:${local}\\?`));
    tm.type('n');
    await tm.wait(new RegExp(`portforwards\\(all\\)\\[1\\][\\s\\S]*127\\.0\\.0\\.1:${local}`));
    assert.match(await (await fetch(`http://127.0.0.1:${local}/`)).text(), new RegExp(first), 'still forwarding after n');
    tm.keys('C-d');
    await tm.wait(new RegExp(`Stop forwarding 127\\.0\\.0\\.1:${local}\\?`));
    tm.type('y');
    await tm.wait(new RegExp(`stopped forwarding 127\\.0\\.0\\.1:${local}`));
    await fetch(`http://127.0.0.1:${local}/`).then(
      () => assert.fail('the forward should be gone'),
      () => undefined,
    );
  } finally {
    tm.stop();
  }
});

test('a shell RBAC refuses (sim-viewer may not create pods/exec): the reason is shown and every key still works', { skip: !ready && 'tmux or kubectl missing' }, async () => {
  const tm = new Tmux('shell-refused');
  try {
    tm.start(`${process.execPath} ${bin} --kubeconfig ${fx.sim.kubeconfig} --context kubedeck-sim-viewer -c 'pods shop'`, 230, 45);
    await tm.wait(/pods\(shop\)\[[1-9]\d*\]/);
    tm.type('/frontend');
    tm.keys('Enter');
    await tm.wait(/pods\(shop\)\[\d+\] <\/frontend>[^\n]*\n\s*NAME\s+READY[^\n]*\n\s*frontend-\S+\s+1\/1\s+Running/, 40000);
    tm.type('s');
    await tm.wait(/forbidden[^\n]*User "sim-viewer" cannot create resource "pods\/exec"/);
    // the keyboard is exactly as it was: a : command, then attach refused the same way, then Ctrl-C quits
    tm.type(':deploy');
    tm.keys('Enter');
    await tm.wait(/deployments\(shop\)\[\d+\]/);
    tm.type(':pods shop');
    tm.keys('Enter');
    await tm.wait(/pods\(shop\)\[[1-9]\d*\]/);
    tm.type('/frontend');
    tm.keys('Enter');
    await tm.wait(/pods\(shop\)\[\d+\] <\/frontend>[^\n]*\n\s*NAME\s+READY[^\n]*\n\s*frontend-\S+\s+1\/1\s+Running/, 40000);
    tm.type('a');
    await tm.wait(/forbidden[^\n]*cannot create resource "pods\/attach"/);
    tm.keys('C-c');
    await tm.wait(/\[exited 0\]/);
  } finally {
    tm.stop();
  }
});
