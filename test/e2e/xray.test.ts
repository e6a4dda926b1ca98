// End to end, in tmux against `kubedeck sim`: `:xray deploy shop` shows each Deployment's ReplicaSet, pods
// and containers, and follows a scale made by kubectl (another client) and one made with `s` in the tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tmux } from '../helpers/tmux.js';
import { bin, simForFile } from '../helpers/sim-process.js';
import { waitFor } from '../helpers/wait.js';

const fx = simForFile('shop');
const { ready, kubectl } = fx;

/** The catalog pods the tree shows (one `Pod catalog-…` line each). */
const catalogPods = (screen: string): number => (screen.match(/Pod catalog-\S+/g) ?? []).length;

test(':xray deploy shop: ReplicaSet, pods and containers, live through a kubectl scale and an s in the tree', { skip: !ready && 'tmux or kubectl missing' }, async () => {
  const tm = new Tmux('xray');
  try {
    kubectl('rollout', 'status', 'deploy/catalog', '--timeout=60s');
    const rs = kubectl('get', 'rs', '-l', 'app=catalog', '-o', 'jsonpath={.items[0].metadata.name}');
    tm.start(`${process.execPath} ${bin} --kubeconfig ${fx.sim.kubeconfig} -c deploy -n shop`, 160, 50);
    await tm.wait(/deployments\(shop\)\[[1-9]\d*\]/);
    tm.type(':xray deploy shop');
    tm.keys('Enter');
    const n = kubectl('get', 'deploy', '--no-headers').split('\n').filter(Boolean).length;
    // the title's rule follows the count straight away once every kind under the roots has listed (before
    // that it says `loading pods…`, and a ReplicaSet shows no pods yet)
    let screen = await tm.wait(new RegExp(`xray\\(shop\\)\\[${n}\\] ─`));
    screen = await tm.wait(new RegExp(`ReplicaSet ${rs}`));
    assert.match(screen, /▾ Deployment catalog\s+Available/);
    assert.match(screen, new RegExp(`└─ ▾ ReplicaSet ${rs}\\s+Ready`));
    assert.match(screen, /Container catalog\s+Running/);
    // only catalog's path from here on
    tm.type('/catalog');
    tm.keys('Enter');
    screen = await tm.wait(/<\/catalog>/);
    assert.doesNotMatch(screen, /Deployment cart/);
    await waitFor(() => catalogPods(tm.screen()) === 2, { what: () => `2 catalog pods in:\n${tm.screen()}` });

    // another client scales: the new pod appears under the ReplicaSet
    kubectl('scale', 'deploy/catalog', '--replicas=3');
    await waitFor(() => catalogPods(tm.screen()) === 3, { what: () => `3 catalog pods in:\n${tm.screen()}`, timeoutMs: 30000 });
    await tm.wait(/Deployment catalog\s+Available/, 30000);

    // s on the Deployment node: the scale dialog, as in the table; the deleted pods go
    tm.type('g');
    tm.type('s');
    await tm.wait(/scale deployment shop\/catalog/);
    await tm.wait(/Replicas: \[?3\]?/);
    tm.keys('BSpace');
    tm.type('1');
    tm.keys('Enter');
    await waitFor(() => catalogPods(tm.screen()) === 1, { what: () => `1 catalog pod in:\n${tm.screen()}`, timeoutMs: 40000 });
    assert.equal(kubectl('get', 'deploy', 'catalog', '-o', 'jsonpath={.spec.replicas}'), '1');
    tm.keys('C-c');
    assert.match(await tm.wait(/\[exited \d+\]/), /\[exited 0\]/);
  } finally {
    tm.stop();
  }
});
