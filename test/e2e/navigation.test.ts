// End to end, in tmux against `kubedeck sim`: filter, drill-down, back, describe and YAML, as a user does them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Tmux } from '../helpers/tmux.js';
import { bin, startSimProcess } from '../helpers/sim-process.js';

const haveTmux = Tmux.available();
let sim: Awaited<ReturnType<typeof startSimProcess>>;
before(async () => {
  sim = await startSimProcess();
});
after(async () => {
  await sim?.stop();
});

const rowsOf = (screen: string) =>
  screen
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    // READY is the 3rd word with a NAMESPACE column, the 2nd without
    .filter((w) => w.length >= 5 && (/^\d+\/\d+$/.test(w[2] ?? '') || /^\d+\/\d+$/.test(w[1] ?? '')));

test('filter fuzzily and by label selector; drill from a namespace and a deployment; describe and YAML', { skip: !haveTmux && 'tmux not installed' }, async () => {
  const tm = new Tmux('nav');
  try {
    tm.start(`${process.execPath} ${bin} --kubeconfig ${sim.kubeconfig} -A`, 200, 60);
    await tm.wait(/pods\(all\)\[[1-9]\d*\]/);
    await tm.wait(/Running/, 20000);

    // fuzzy filter, applied as typed
    tm.type('/frntend');
    let screen = await tm.wait(/pods\(all\)\[\d+\] <\/frntend>/);
    const filtered = rowsOf(screen);
    assert.ok(filtered.length > 0, screen);
    assert.ok(filtered.every((w) => /frontend/.test(w[1] ?? '')), screen);
    tm.keys('Enter');
    await tm.wait(/pods\(all\)\[\d+\] <\/frntend> ─/);
    tm.keys('Escape');
    await tm.wait(/pods\(all\)\[\d+\] ─/);

    // label selector, applied by the server on Enter
    tm.type('/-l app=redis');
    tm.keys('Enter');
    screen = await tm.wait(/pods\(all\)\[1\] <\/-l app=redis>/);
    assert.match(screen, /shop\s+redis-/);
    tm.keys('Escape');
    await tm.wait(/pods\(all\)\[\d+\] ─/);

    // a bad selector is reported and changes nothing
    tm.type('/-l app in');
    tm.keys('Enter');
    // the reason is shown, and the title carries no badge for a filter that was not applied
    screen = await tm.wait(/invalid label selector "app in"/);
    assert.doesNotMatch(screen, /<\/-l app in>/);
    assert.match(screen, /pods\(all\)\[\d+\] ─/, 'the view is unfiltered, so no Esc is needed before the next command');

    // namespace → its pods, and back to the same row
    tm.type(':ns');
    tm.keys('Enter');
    await tm.wait(/namespaces\(all\)\[[1-9]\d*\]/);
    tm.type('/shop');
    await tm.wait(/namespaces\(all\)\[1\] <\/shop>/);
    tm.keys('Enter'); // leave the filter prompt
    tm.keys('Enter'); // drill down
    screen = await tm.wait(/pods\(shop\)\[[1-9]\d*\]/);
    assert.ok(rowsOf(screen).length > 0);
    await tm.wait(/<namespace shop>/); // crumbs show once the earlier flash has cleared
    tm.keys('Escape');
    await tm.wait(/namespaces\(all\)\[1\] <\/shop>/);
    await tm.wait(/shop\s+Active/);

    // deployment → its pods
    tm.type(':deploy shop');
    tm.keys('Enter');
    await tm.wait(/deployments\(shop\)\[[1-9]\d*\]/);
    // typed ahead in one read (a CR is Enter): the second Enter waits for the filtered frame and drills into
    // frontend, not into the row selected before the filter applied (cart)
    tm.type('/frontend\r\r');
    screen = await tm.wait(/pods\(shop\)\[\d+\]/);
    await tm.wait(/frontend-/);
    screen = tm.screen();
    assert.ok(rowsOf(screen).every((w) => /^frontend-/.test(w[0] ?? '')), screen);

    // describe and YAML of the selected pod
    tm.type('d');
    screen = await tm.wait(/describe\(shop\/frontend-/);
    await tm.wait(/Events:/);
    tm.keys('Escape');
    await tm.wait(/pods\(shop\)/);
    tm.type('y');
    screen = await tm.wait(/yaml\(shop\/frontend-/);
    await tm.wait(/kind: Pod/);
    tm.keys('Escape');
    await tm.wait(/pods\(shop\)/);
    tm.keys('C-c');
    assert.match(await tm.wait(/\[exited \d+\]/), /\[exited 0\]/);
  } finally {
    tm.stop();
  }
});
