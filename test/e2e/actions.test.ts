// End to end, in tmux against `kubedeck sim`, with kubectl as the oracle: scale, rollback, delete, read-only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tmux } from '../helpers/tmux.js';
import { bin, simForFile } from '../helpers/sim-process.js';
import { waitFor } from '../helpers/wait.js';

const fx = simForFile('shop');
const { ready, kubectl } = fx;

test('scale to 5, roll back after an image change, delete a pod and see it replaced', { skip: !ready && 'tmux or kubectl missing' }, async () => {
  const tm = new Tmux('actions');
  try {
    tm.start(`${process.execPath} ${bin} --kubeconfig ${fx.sim.kubeconfig} -c deploy -n shop`, 160, 50);
    await tm.wait(/deployments\(shop\)\[[1-9]\d*\]/);
    tm.type('/catalog');
    tm.keys('Enter');
    await tm.wait(/deployments\(shop\)\[1\] <\/catalog>/); // wait for the filter before acting on the selection

    // scale: the dialog is prefilled with the current replicas
    tm.type('s');
    await tm.wait(/scale deployment shop\/catalog/);
    await tm.wait(/Replicas: \[?2\]?/);
    tm.keys('BSpace');
    tm.type('5');
    tm.keys('Enter');
    await tm.wait(/catalog\s+5\/5\s+5\s+5/);
    await waitFor(() => (kubectl('get', 'pods', '-l', 'app=catalog', '--no-headers').match(/Running/g) ?? []).length === 5, { what: '5 catalog pods running' });

    // rollback: change the image with kubectl, then undo from kubedeck
    const before = kubectl('get', 'deploy', 'catalog', '-o', 'jsonpath={.spec.template.spec.containers[0].image}');
    kubectl('set', 'image', 'deploy/catalog', `catalog=${before}-next`);
    kubectl('rollout', 'status', 'deploy/catalog', '--timeout=90s');
    tm.type('u');
    await tm.wait(/2 \(cur\)/);
    tm.type('j');
    await tm.wait(/Pod template: revision 2 \(current\) → 1/);
    tm.keys('Enter');
    await tm.wait(/Roll deployment shop\/catalog back to revision 1\?/);
    tm.type('y');
    await tm.wait(/rolled back to revision 1/);
    kubectl('rollout', 'status', 'deploy/catalog', '--timeout=90s');
    assert.equal(kubectl('get', 'deploy', 'catalog', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'), before);
    assert.match(kubectl('rollout', 'history', 'deploy/catalog'), /^2\s/m);
    assert.match(kubectl('rollout', 'history', 'deploy/catalog'), /^3\s/m);

    // delete a pod: Terminating is visible, then a replacement appears
    tm.type(':po shop');
    tm.keys('Enter');
    await tm.wait(/pods\(shop\)\[\d+\]/);
    tm.type('/redis');
    tm.keys('Enter');
    await tm.wait(/pods\(shop\)\[1\] <\/redis>/);
    const screen = await tm.wait(/redis-\S+\s+1\/1\s+Running/);
    const victim = /(redis-\S+)\s+1\/1\s+Running/.exec(screen)?.[1] ?? '';
    tm.keys('C-d');
    await tm.wait(new RegExp(`Delete pod shop/${victim}\\?`));
    tm.type('y');
    await tm.wait(new RegExp(`${victim}\\s+\\S+\\s+Terminating`));
    await tm.wait(/redis-\S+\s+1\/1\s+Running/, 30000);
    await waitFor(() => {
      const names = kubectl('get', 'pods', '-l', 'app=redis', '--no-headers').split('\n').filter(Boolean);
      return names.length === 1 && !names[0]?.startsWith(victim);
    }, { what: 'a replacement redis pod' });
    tm.keys('C-c');
    assert.match(await tm.wait(/\[exited \d+\]/), /\[exited 0\]/);
  } finally {
    tm.stop();
  }
});

test('--readonly: the keys do nothing and the cluster is unchanged', { skip: !ready && 'tmux or kubectl missing' }, async () => {
  const tm = new Tmux('readonly');
  try {
    const rv = kubectl('get', 'deploy', 'cart', '-o', 'jsonpath={.metadata.resourceVersion}');
    tm.start(`${process.execPath} ${bin} --kubeconfig ${fx.sim.kubeconfig} -c deploy -n shop --readonly`, 160, 40);
    await tm.wait(/deployments\(shop\)\[[1-9]\d*\]/);
    const screen = await tm.wait(/\[read-only\]/);
    assert.doesNotMatch(screen, /<s> Scale|<ctrl-d> Delete/);
    tm.type('/cart');
    tm.keys('Enter');
    await tm.wait(/<\/cart>/);
    tm.type('s');
    tm.keys('C-d');
    tm.type('ur');
    tm.type('y');
    // Keys are handled in order and a request is sent as its key is handled, so once Ctrl-C has ended the
    // process any (wrongly) sent request has reached the server before kubectl asks.
    tm.keys('C-c');
    await tm.wait(/\[exited 0\]/);
    assert.equal(kubectl('get', 'deploy', 'cart', '-o', 'jsonpath={.metadata.resourceVersion}'), rv);
  } finally {
    tm.stop();
  }
});
