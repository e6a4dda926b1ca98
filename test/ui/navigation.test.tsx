import '../helpers/force-color.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { App } from '../../src/ui/App.js';
import { AppStore } from '../../src/store/app-store.js';
import { createKeymap } from '../../src/keys/commands.js';
import { monochromeTheme } from '../../src/ui/theme/theme.js';
import { resolveResource } from '../../src/resources/registry.js';
import type { ResourceDef } from '../../src/resources/types.js';
import type { Pod } from '../../src/util/k8s.js';
import { fakeSources } from '../helpers/fake-source.js';
import { KEY, plain, press, renderSized, waitFrame } from '../helpers/ink.js';

const info = { context: 'c', server: 'https://x', user: 'u', simulated: false, readonly: false, version: '0.1.0' };
const pods = resolveResource('pods') as ResourceDef;
const namespaces = resolveResource('namespaces') as ResourceDef;

const pod = (ns: string, name: string): Pod => ({
  metadata: { name, namespace: ns, uid: `${ns}/${name}`, resourceVersion: '1', creationTimestamp: new Date().toISOString() },
  spec: { containers: [{ name: 'c' }] },
  status: { phase: 'Pending' },
});
const ns = (name: string) => namespaces.project({ metadata: { name, uid: name, resourceVersion: '1' }, status: { phase: 'Active' } });

const selectedLine = (frame: string) => plain(frame.split('\n').find((l) => l.includes('\x1b[7m')) ?? '');

/** The app over namespaces default, kube-system and shop, once they are on screen. */
async function namespacesShown() {
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: namespaces, namespace: undefined } });
  const r = renderSized(<App store={store} info={info} keymap={createKeymap()} theme={monochromeTheme} />, 120, 30);
  f.last().put(ns('default'), ns('kube-system'), ns('shop'));
  await waitFrame(r, (s) => s.includes('namespaces(all)[3]'));
  return { f, store, r };
}

test('/ filters fuzzily as you type, shows the filter in the title, Esc clears it', async () => {
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: pods, namespace: undefined } });
  const r = renderSized(<App store={store} info={info} keymap={createKeymap()} theme={monochromeTheme} />, 120, 30);
  try {
    f.last().put(...['frontend-1', 'frontend-2', 'backend-1', 'redis-0'].map((n) => pods.project(pod('shop', n))));
    await waitFrame(r, (s) => s.includes('pods(all)[4]'));
    await press(r, '/', 'f', 'r', 'n', 't');
    let frame = await waitFrame(r, (s) => s.includes('pods(all)[2] </frnt>'));
    assert.match(frame, /frontend-1/);
    assert.doesNotMatch(frame, /backend-1|redis-0/);
    assert.match(r.lastFrame() ?? '', /\x1b\[1m\x1b\[4m|\x1b\[4m\x1b\[1m|\x1b\[1;4m/, 'matched characters are highlighted');
    await press(r, KEY.enter);
    await waitFrame(r, (s) => !/\/frnt\s*$/m.test(s.split('\n').slice(-2).join('\n')));
    await press(r, KEY.esc);
    await waitFrame(r, (s) => !s.includes('</frnt>'));
    frame = await waitFrame(r, (s) => s.includes('pods(all)[4]') && !s.includes('</frnt>'));
    assert.match(frame, /redis-0/);
    await press(r, '/', '!', 'e', 'n', 'd');
    await waitFrame(r, (s) => s.includes('pods(all)[1] </!end>'));
    // ESC followed at once by another key is Alt+key on a terminal: wait for Esc's effect before typing on
    await press(r, KEY.esc);
    await waitFrame(r, (s) => s.includes('pods(all)[4]') && !s.includes('</!end>'));
    await press(r, '/', '-', 'l', ' ', 'a', 'p', 'p', '=', 'w', 'e', 'b', KEY.enter);
    await waitFrame(r, () => f.last().req.labelSelector === 'app=web');
    await press(r, KEY.esc);
    await waitFrame(r, () => f.last().req.labelSelector === undefined);
    await press(r, '/', '-', 'l', ' ', 'a', 'p', 'p', ' ', 'i', 'n', KEY.enter);
    frame = await waitFrame(r, (s) => /app in/.test(s) && /error|expected|bad|invalid/i.test(s));
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('Enter on a namespace drills to its pods; Esc goes back to the same row; crumbs show the path', async () => {
  const { f, store, r } = await namespacesShown();
  try {
    await press(r, 'j', 'j');
    await waitFrame(r, (s) => /shop/.test(selectedLine(r.lastFrame() ?? '')) || !s);
    await press(r, KEY.enter);
    const frame = await waitFrame(r, (s) => s.includes('pods(shop)[0]'));
    assert.equal(f.last().req.namespace, 'shop');
    assert.equal(f.last().req.resource.plural, 'pods');
    assert.match(frame, /<namespaces>\s+<namespace shop>/);
    await press(r, KEY.esc);
    await waitFrame(r, (s) => s.includes('namespaces(all)'));
    f.last().put(ns('default'), ns('kube-system'), ns('shop'));
    await waitFrame(r, () => /shop/.test(selectedLine(r.lastFrame() ?? '')));
  } finally {
    r.unmount();
    store.dispose();
  }
});

// Type-ahead: keys that arrive before the frame showing the user's own change act on that change, not on
// the frame before it (`/shop⏎⏎` in one read drilled into the row selected before the filter applied).
test('keys typed ahead of a filter act on the filtered rows: "/shop⏎⏎" in one read drills into shop', async () => {
  const { f, store, r } = await namespacesShown();
  try {
    assert.match(selectedLine(r.lastFrame() ?? ''), /default/);
    await press(r, '/shop\r\r');
    await waitFrame(r, (s) => s.includes('pods(shop)'));
    assert.equal(f.last().req.namespace, 'shop');
    // and a sort key typed with a move after it: the move is made in the sorted table
    await press(r, KEY.esc);
    await waitFrame(r, (s) => s.includes('namespaces(all)'));
    f.last().put(ns('default'), ns('kube-system'), ns('shop'));
    await waitFrame(r, (s) => s.includes('namespaces(all)[1] </shop>'));
    await press(r, KEY.esc);
    await waitFrame(r, (s) => s.includes('namespaces(all)[3]') && !s.includes('</shop>'));
    await press(r, 'g/kube\r\r');
    await waitFrame(r, (s) => s.includes('pods(kube-system)'));
    assert.equal(f.last().req.namespace, 'kube-system');
  } finally {
    r.unmount();
    store.dispose();
  }
});
