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

const info = { context: 'kind-dev', server: 'https://127.0.0.1:6443', user: 'admin', simulated: false, readonly: false, version: '0.1.0' };
const pods = resolveResource('pods') as ResourceDef;

function pod(ns: string, name: string, phase: 'Running' | 'Pending' = 'Running'): Pod {
  return {
    metadata: { name, namespace: ns, uid: `${ns}-${name}`, resourceVersion: '1', creationTimestamp: new Date(Date.now() - 65_000).toISOString() },
    spec: { containers: [{ name: 'app', image: 'nginx' }] },
    status:
      phase === 'Running'
        ? {
            phase,
            conditions: [{ type: 'Ready', status: 'True' }],
            containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }],
          }
        : { phase },
  };
}

function setup(rows = 30) {
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: pods, namespace: undefined } });
  const r = renderSized(<App store={store} info={info} keymap={createKeymap()} theme={monochromeTheme} />, 120, rows);
  return { f, store, r };
}

test('shows the header, the k9s title and kubectl columns, live', async () => {
  const { f, store, r } = setup();
  try {
    let frame = await waitFrame(r, (s) => s.includes('pods(all)[0]'));
    assert.match(frame, /connecting…/);
    assert.match(frame, /Context:\s+kind-dev/);
    assert.match(frame, /https:\/\/127\.0\.0\.1:6443/);
    f.last().put(pods.project(pod('shop', 'web-1')), pods.project(pod('default', 'api-1', 'Pending')));
    frame = await waitFrame(r, (s) => s.includes('pods(all)[2]'));
    assert.match(frame, /NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    assert.match(frame, /shop\s+web-1\s+1\/1\s+Running\s+0\s+6\ds/);
    assert.match(frame, /default\s+api-1\s+0\/1\s+Pending\s+0/);
    assert.ok(frame.indexOf('api-1') < frame.indexOf('web-1'), 'sorted by namespace');
    assert.doesNotMatch(frame, /connecting…/);
    f.last().remove('shop/web-1');
    frame = await waitFrame(r, (s) => s.includes('pods(all)[1]'));
    assert.doesNotMatch(frame, /web-1/);
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('the : prompt switches views by name and alias, with a namespace', async () => {
  const { f, store, r } = setup();
  try {
    await press(r, ':', 'd', 'e', 'p', 'l', 'o', 'y', KEY.enter);
    await waitFrame(r, (s) => s.includes('deployments(all)[0]'));
    assert.equal(f.last().req.resource.plural, 'deployments');
    await press(r, ':', 's', 'v', 'c', ' ', 's', 'h', 'o', 'p', KEY.enter);
    await waitFrame(r, (s) => s.includes('services(shop)[0]'));
    assert.equal(f.last().req.namespace, 'shop');
    await press(r, ':', 'n', 's', KEY.enter);
    await waitFrame(r, (s) => s.includes('namespaces(all)[0]'));
    await press(r, ':', 'p', 'o', ' ', '-', 'A', KEY.enter);
    await waitFrame(r, (s) => s.includes('pods(all)[0]'));
    // a label selector with the command: the cache is reopened with it, the title shows it
    await press(r, ':po shop -l app in (web,api)\r');
    await waitFrame(r, (s) => s.includes('pods(shop)[0]') && s.includes('-l app in (web,api)'));
    assert.equal(f.last().req.labelSelector, 'app in (api,web)', 'the canonical form, as kubectl sends it');
    // a bad one is reported; the view still opens
    await press(r, ':deploy -l tier in (a\r');
    await waitFrame(r, (s) => s.includes('deployments(') && /invalid|selector/i.test(s));
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('keys arriving in one chunk are each handled: ":deploy⏎" and "jjj"', async () => {
  const { f, store, r } = setup();
  try {
    f.last().put(...['a', 'b', 'c', 'd', 'e'].map((n) => pods.project(pod('ns', n))));
    await waitFrame(r, (s) => s.includes('pods(all)[5]'));
    await press(r, 'jjj');
    const selectedLine = () => (r.lastFrame() ?? '').split('\n').find((l) => l.includes('\x1b[7m')) ?? '';
    await waitFrame(r, () => /\bd\b/.test(plain(selectedLine())));
    await press(r, ':deploy\r');
    await waitFrame(r, (s) => s.includes('deployments(all)[0]'));
    assert.equal(f.last().req.resource.plural, 'deployments');
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('the prompt shows what is typed, completes with Tab, cancels with Esc, reports unknown commands', async () => {
  const { store, r } = setup();
  try {
    await press(r, ':', 'd', 'e', 'p');
    await waitFrame(r, (s) => /:dep/.test(s));
    await press(r, KEY.tab);
    await waitFrame(r, (s) => /:deployments? /.test(s) || /:deploy/.test(s));
    await press(r, KEY.esc);
    await waitFrame(r, (s) => !/:dep/.test(s));
    await press(r, ':', 'x', 'y', 'z', KEY.enter);
    await waitFrame(r, (s) => s.includes('unknown command "xyz"'));
    assert.match(plain(r.lastFrame() ?? ''), /pods\(all\)/, 'the view is unchanged');
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('user aliases from config expand at the prompt', async () => {
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: pods, namespace: undefined } });
  const r = renderSized(
    <App store={store} info={info} keymap={createKeymap()} theme={monochromeTheme} aliases={{ kp: 'pods kube-system' }} />,
  );
  try {
    await press(r, ':kp\r');
    await waitFrame(r, (s) => s.includes('pods(kube-system)[0]'));
    assert.equal(f.last().req.namespace, 'kube-system');
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('j/k/G/g move the selection and the window follows it', async () => {
  const { f, store, r } = setup(20);
  try {
    const many = Array.from({ length: 60 }, (_, i) => pods.project(pod('ns', `pod-${String(i).padStart(2, '0')}`)));
    f.last().put(...many);
    await waitFrame(r, (s) => s.includes('pods(all)[60]'));
    let frame = plain(r.lastFrame() ?? '');
    assert.match(frame, /pod-00/);
    assert.doesNotMatch(frame, /pod-59/, 'windowed: only visible rows rendered');
    await press(r, 'G');
    frame = await waitFrame(r, (s) => s.includes('pod-59'));
    assert.doesNotMatch(frame, /pod-00/);
    await press(r, 'g');
    await waitFrame(r, (s) => s.includes('pod-00'));
    const selectedLine = () => (r.lastFrame() ?? '').split('\n').find((l) => l.includes('\x1b[7m')) ?? '';
    assert.match(selectedLine(), /pod-00/);
    await press(r, 'j', 'j', KEY.down, 'k');
    await waitFrame(r, () => /pod-02/.test(selectedLine()));
    // the selection keeps following pod-02 when rows are inserted before it
    f.last().put(pods.project(pod('aaa', 'first')));
    await waitFrame(r, (s) => s.includes('pods(all)[61]'));
    assert.match(selectedLine(), /pod-02/);
    await press(r, KEY.pgdn);
    await waitFrame(r, () => !/pod-02/.test(selectedLine()) && /pod-/.test(selectedLine()));
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('? shows help generated from the keymap; Esc closes it; a tiny terminal gets a message', async () => {
  const { store, r } = setup();
  try {
    await press(r, '?');
    let frame = await waitFrame(r, (s) => s.includes('GENERAL'));
    assert.match(frame, /<ctrl-c>\s+Quit from anywhere/);
    assert.match(frame, /<j> <down>\s+Down/);
    await press(r, KEY.esc);
    frame = await waitFrame(r, (s) => !s.includes('GENERAL'));
    assert.match(frame, /pods\(all\)/);
  } finally {
    r.unmount();
    store.dispose();
  }
  const small = setup(8);
  try {
    await waitFrame(small.r, (s) => s.includes('Terminal too small'));
  } finally {
    small.r.unmount();
    small.store.dispose();
  }
});

test('? help scrolls to its last sections (j, G, g, / search) and is titled help', async () => {
  const { store, r } = setup();
  try {
    await press(r, '?');
    let frame = await waitFrame(r, (s) => s.includes('GENERAL'));
    assert.match(frame, /─ help ─/);
    assert.doesNotMatch(frame, /help\(all\)/);
    assert.doesNotMatch(frame, /PROMPT|VIEWS \(type after :\)/, 'a 30-row terminal cannot show all of help at once');
    await press(r, 'j');
    frame = await waitFrame(r, (s) => !s.includes('GENERAL'));
    await press(r, 'G');
    frame = await waitFrame(r, (s) => s.includes('VIEWS (type after :)'));
    assert.match(frame, /Esc or \? closes this help/);
    assert.match(frame, /PROMPT/);
    await press(r, 'g');
    await waitFrame(r, (s) => s.includes('GENERAL'));
    await press(r, '/', ...'dialogs', KEY.enter);
    frame = await waitFrame(r, (s) => s.includes('DIALOGS') && !s.includes('GENERAL'));
    await press(r, KEY.esc);
    frame = await waitFrame(r, (s) => s.includes('pods(all)'));
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('a refused selector (as -c "pods -l a=(b" gives it) is not shown in the title as if it applied', async () => {
  const { f, store, r } = setup();
  try {
    f.last().put(pods.project(pod('shop', 'web-1')));
    await waitFrame(r, (s) => s.includes('pods(all)[1]'));
    store.setFilter('-l a=(b');
    const frame = await waitFrame(r, (s) => s.includes('invalid label selector'));
    assert.doesNotMatch(frame, /<\/-l a=\(b>/);
    assert.match(frame, /pods\(all\)\[1\]/);
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('config problems are a notice over the table, one per line, whole, until Esc', async () => {
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: pods, namespace: undefined } });
  const long = `keys.quit: ${'x'.repeat(150)} END-OF-PROBLEM`;
  const notice = { title: 'config: 2 problems', lines: ['/home/u/.config/kubedeck/config.yaml:', `  ${long}`, '  refreshMs: must be a number'] };
  const r = renderSized(<App store={store} info={info} keymap={createKeymap()} theme={monochromeTheme} notice={notice} />, 100, 30);
  try {
    f.last().put(pods.project(pod('shop', 'web-1')));
    let frame = await waitFrame(r, (s) => s.includes('config: 2 problems'));
    assert.match(frame, /END-OF-PROBLEM/, 'a long problem wraps instead of being cut');
    assert.match(frame, /refreshMs: must be a number/);
    assert.equal(frame.split('config.yaml').length - 1, 1);
    await press(r, 'j', 'x');
    frame = await waitFrame(r, (s) => s.includes('config: 2 problems'));
    await press(r, KEY.esc);
    frame = await waitFrame(r, (s) => !s.includes('config: 2 problems'));
    assert.match(frame, /web-1/);
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('cluster strings cannot smuggle escape sequences into the frame', async () => {
  const { f, store, r } = setup();
  try {
    f.last().put(pods.project(pod('shop', 'evil\x1b]0;pwned\x07\x1b[2J')));
    const frame = await waitFrame(r, (s) => s.includes('pods(all)[1]'));
    assert.match(frame, /evil\^\[\]0;pwned/);
    const raw = r.lastFrame() ?? '';
    assert.doesNotMatch(raw, /\x1b\]0;/);
    assert.doesNotMatch(raw, /\x1b\[2J/);
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('a row whose object changed shows bold for a moment', async () => {
  const { f, store, r } = setup();
  try {
    f.last().put(pods.project(pod('shop', 'web-1')), pods.project(pod('shop', 'web-2')));
    await waitFrame(r, (s) => s.includes('pods(all)[2]'));
    const line = (name: string) => (r.lastFrame() ?? '').split('\n').find((l) => l.includes(name)) ?? '';
    assert.doesNotMatch(line('web-2'), /\x1b\[1m/, 'not bold when first shown');
    const changed = pod('shop', 'web-2', 'Pending');
    changed.metadata.resourceVersion = '2';
    f.last().put(pods.project(changed));
    await waitFrame(r, () => /\x1b\[1m/.test(line('web-2')) && /Pending/.test(line('web-2')));
    assert.doesNotMatch(line('web-1'), /\x1b\[1m/);
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('> sorts by the next column and marks it in the header; < goes back to the default order', async () => {
  const { f, store, r } = setup();
  try {
    f.last().put(pods.project(pod('a', 'zeta')), pods.project(pod('b', 'alpha', 'Pending')));
    await waitFrame(r, (s) => s.includes('pods(all)[2]'));
    // NAMESPACE is not a resource column: > goes from NAME to READY (0/1 before 1/1)
    await press(r, '>');
    let frame = plain(await waitFrame(r, (s) => plain(s).includes('READY↑')));
    assert.ok(frame.indexOf('alpha') < frame.indexOf('zeta'), 'READY ascending puts 0/1 first');
    await press(r, '<');
    frame = plain(await waitFrame(r, (s) => !plain(s).includes('READY↑')));
    assert.match(frame, /NAMESPACE\s+NAME\s+READY/);
    assert.ok(frame.indexOf('zeta') < frame.indexOf('alpha'), 'back to namespace, name');
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('header hints are the view’s own: Shell and Port-forward on pods, Scale and Rollout on deployments', async () => {
  const { store, r } = setup();
  try {
    let frame = plain(await waitFrame(r, (s) => s.includes('pods(all)')));
    assert.match(frame, /<s> Shell/);
    assert.match(frame, /<F> Port-forward/);
    assert.doesNotMatch(frame, /<s> Scale|Rollout/);
    await press(r, ':deploy\r');
    frame = plain(await waitFrame(r, (s) => s.includes('deployments(all)')));
    assert.match(frame, /<s> Scale/);
    assert.match(frame, /<u> Rollback/);
    assert.doesNotMatch(frame, /<s> Shell|Port-forward/);
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('over pods days old, a changed row still loses its bold after a moment (the tick that clears it is not skipped)', async () => {
  const { f, store, r } = setup();
  const old = (name: string, rv: string, phase: 'Running' | 'Pending' = 'Running') => {
    const p = pod('shop', name, phase);
    p.metadata.creationTimestamp = new Date(Date.now() - 3 * 86_400_000).toISOString();
    p.metadata.resourceVersion = rv;
    return pods.project(p);
  };
  try {
    f.last().put(old('web-1', '1'), old('web-2', '1'));
    await waitFrame(r, (s) => s.includes('pods(all)[2]') && /web-2\s+1\/1\s+Running\s+0\s+3d/.test(s));
    const line = (name: string) => (r.lastFrame() ?? '').split('\n').find((l) => l.includes(name)) ?? '';
    f.last().put(old('web-2', '2', 'Pending'));
    await waitFrame(r, () => /\x1b\[1m/.test(line('web-2')) && /Pending/.test(line('web-2')));
    await waitFrame(r, () => !/\x1b\[1m/.test(line('web-2')), 5000);
  } finally {
    r.unmount();
    store.dispose();
  }
});
