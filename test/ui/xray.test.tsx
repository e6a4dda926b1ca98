// `:xray` in the App: the tree over the caches it opens (fake sources, real projections), collapse and
// expand, the filter that keeps paths, and the row keys of each node's kind (scale on a Deployment,
// describe and delete on a Pod, logs on a Container), with read-only and missing references.
import '../helpers/force-color.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { App } from '../../src/ui/App.js';
import { AppStore } from '../../src/store/app-store.js';
import { createKeymap } from '../../src/keys/commands.js';
import { monochromeTheme } from '../../src/ui/theme/theme.js';
import type { ResourceDef, SlimBase } from '../../src/resources/types.js';
import type { KObject } from '../../src/util/k8s.js';
import { fakeSources } from '../helpers/fake-source.js';
import type { FakeSource } from '../helpers/fake-source.js';
import { recordingTransport, testServices } from '../helpers/services.js';
import { KEY, press, renderSized, waitFrame } from '../helpers/ink.js';
import { deployment, kind, plain, pod, replicaSet, webPodSpec } from '../helpers/xray-fixtures.js';
import { waitFor } from '../helpers/wait.js';

function setup(readOnly = false, onQuit?: () => void) {
  const f = fakeSources();
  const rec = recordingTransport(readOnly);
  const described: { resource: ResourceDef; rec: SlimBase }[] = [];
  const detail = (resource: ResourceDef, r: SlimBase) => {
    described.push({ resource, rec: r });
    return Promise.resolve({ object: { apiVersion: 'v1', kind: resource.kind, metadata: { name: r.name, namespace: r.namespace } } as KObject, events: [] });
  };
  const store = new AppStore({ sources: f.factory, initial: { resource: kind('deployments'), namespace: 'shop' }, publishIntervalMs: 0 });
  const info = { context: 'c', server: 's', user: 'u', simulated: false, readonly: readOnly, version: '0' };
  const r = renderSized(
    <App store={store} info={info} keymap={createKeymap({}, readOnly)} theme={monochromeTheme} services={testServices({ transport: rec.transport, readOnly, detail })} {...(onQuit ? { onQuit } : {})} />,
    120,
    40,
  );
  const table = f.last();
  const cache = (plural: string): FakeSource => {
    const s = f.all.find((x) => x !== table && x.req.resource.plural === plural && !x.stopped);
    if (!s) throw new Error(`no open xray cache of ${plural}`);
    return s;
  };
  const put = (plural: string, ...objs: KObject[]) => cache(plural).put(...objs.map((o) => cache(plural).req.resource.project(o)));
  /** `:xray deploy shop` with web (1 RS, 2 pods, the first naming a ConfigMap and a missing Secret) and api. */
  const openTree = async () => {
    await press(r, ':xray deploy shop\r');
    await waitFrame(r, (s) => s.includes('xray(shop)[0]'));
    put('deployments', deployment('web', 'shop', 2), deployment('api', 'shop', 0));
    put('replicasets', replicaSet('web-5d8', 'shop', 'web', 2));
    put('pods', pod('web-5d8-aaa', 'shop', 'web', 'web-5d8', webPodSpec), pod('web-5d8-bbb', 'shop', 'web', 'web-5d8'));
    for (const p of ['configmaps', 'secrets', 'persistentvolumeclaims', 'persistentvolumes']) put(p);
    put('configmaps', plain('ConfigMap', 'web-config', 'shop'));
    put('serviceaccounts', plain('ServiceAccount', 'default', 'shop'), plain('ServiceAccount', 'web-sa', 'shop'));
    return waitFrame(r, (s) => s.includes('xray(shop)[2]') && s.includes('Pod web-5d8-bbb'));
  };
  return { f, store, r, sent: rec.sent, described, table, openTree, put };
}

/** The line of the frame that contains `s`. */
const lineOf = (frame: string, s: string): string => frame.split('\n').find((l) => l.includes(s)) ?? '';

test(':xray deploy shop draws the tree; Space/Enter collapse and expand a branch, - and + all; Esc closes it and its caches', async () => {
  const { f, store, r, table, openTree } = setup();
  try {
    const frame = await openTree();
    assert.match(lineOf(frame, 'Deployment web'), /^▾ Deployment web {2}Available/);
    assert.match(lineOf(frame, 'ReplicaSet web-5d8'), /^└─ ▾ ReplicaSet web-5d8 {2}Ready/);
    assert.match(lineOf(frame, 'Pod web-5d8-aaa'), /^ {3}├─ ▾ Pod web-5d8-aaa {2}Running/);
    assert.match(lineOf(frame, 'Container sidecar'), /│ {2}├─ · Container sidecar {2}Running/);
    assert.match(lineOf(frame, 'Secret web-password'), /· Secret web-password {2}missing/);
    assert.match(lineOf(frame, 'PersistentVolumeClaim web-data'), /missing/);
    assert.match(frame, /Deployment api {2}ScaledDown/);
    // j j: the ReplicaSet (api, then web, then its RS); Space collapses it, Enter opens it again
    await press(r, 'j', 'j', ' ');
    let s = await waitFrame(r, (x) => x.includes('▸ ReplicaSet web-5d8'));
    assert.ok(!s.includes('Pod web-5d8-aaa'));
    await press(r, KEY.enter);
    s = await waitFrame(r, (x) => x.includes('▾ ReplicaSet web-5d8') && x.includes('Pod web-5d8-aaa'));
    await press(r, '-');
    s = await waitFrame(r, (x) => x.includes('▸ Deployment web') && !x.includes('ReplicaSet'));
    assert.match(s, /▸ Deployment web/);
    await press(r, '+');
    await waitFrame(r, (x) => x.includes('Pod web-5d8-bbb'));
    const opened = f.all.filter((x) => x !== table);
    assert.equal(opened.length, 8);
    await press(r, KEY.esc);
    await waitFrame(r, (x) => x.includes('deployments(shop)[0]'));
    assert.ok(opened.every((x) => x.stopped), 'the caches close with the view');
    assert.ok(!table.stopped, "the table's own cache stays");
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('/ filters by name and keeps the path to each match; Esc clears the filter, then closes', async () => {
  const { store, r, openTree } = setup();
  try {
    await openTree();
    await press(r, '/', 'b', 'b', 'b');
    let s = await waitFrame(r, (x) => x.includes('xray(shop)[1] </bbb>') && !x.includes('web-5d8-aaa'));
    assert.match(s, /▾ Deployment web/);
    assert.match(s, /└─ ▾ ReplicaSet web-5d8/);
    assert.match(s, /└─ ▾ Pod web-5d8-bbb/);
    assert.ok(!s.includes('Deployment api'));
    await press(r, KEY.enter, KEY.esc);
    s = await waitFrame(r, (x) => x.includes('xray(shop)[2]') && !x.includes('</bbb>'));
    assert.match(s, /Pod web-5d8-aaa/);
    await press(r, KEY.esc);
    await waitFrame(r, (x) => x.includes('deployments(shop)'));
  } finally {
    r.unmount();
    store.dispose();
  }
});

test("row keys act as the node's kind declares: s scales a Deployment, d describes a Pod, Ctrl-D deletes it after y, l on a Container", async () => {
  const { store, r, sent, described, openTree } = setup();
  try {
    await openTree();
    // the header hints follow the selected node's kind
    await press(r, 'j');
    await waitFrame(r, (x) => x.includes('<s> Scale'));
    await press(r, 's');
    await waitFrame(r, (x) => x.includes('scale deployment shop/web') && x.includes('Replicas: [2]'));
    await press(r, KEY.esc);
    await waitFrame(r, (x) => x.includes('xray(shop)[2]'));
    // the first pod: describe loads it as a pod
    await press(r, 'j', 'j');
    await waitFrame(r, (x) => x.includes('<s> Shell'));
    await press(r, 'd');
    await waitFrame(r, (x) => described.length === 1 && x.includes('web-5d8-aaa'));
    assert.equal(described[0]?.resource.plural, 'pods');
    assert.equal(described[0]?.rec.key, 'shop/web-5d8-aaa');
    await press(r, KEY.esc);
    await waitFrame(r, (x) => x.includes('xray(shop)[2]'));
    await press(r, '\x04');
    await waitFrame(r, (x) => x.includes('Delete pod shop/web-5d8-aaa?'));
    await press(r, 'y');
    await waitFrame(r, () => sent.some((q) => q.method === 'DELETE'));
    assert.equal(sent.find((q) => q.method === 'DELETE')?.path, '/api/v1/namespaces/shop/pods/web-5d8-aaa');
    // a container: logs of that one container
    await press(r, 'j');
    await waitFrame(r, (x) => x.includes('CONTAINERS') || x.includes('<l> Logs'));
    await press(r, 'l');
    await waitFrame(r, (x) => x.includes('logs(shop/app)'));
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('read-only: scale on a Deployment node says why and sends nothing; keys on a missing reference say it does not exist', async () => {
  const { store, r, sent, described, openTree } = setup(true);
  try {
    await openTree();
    await press(r, 'j', 's');
    await waitFrame(r, (x) => x.includes('read-only mode: scale is disabled'));
    await press(r, '/', 'p', 'a', 's', 's', 'w', KEY.enter);
    await waitFrame(r, (x) => x.includes('</passw>'));
    await press(r, 'G', 'd');
    await waitFrame(r, (x) => x.includes('secret shop/web-password does not exist'));
    assert.equal(described.length, 0);
    assert.equal(sent.length, 0);
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('a new store (a context switch) closes the tree and the caches it opened', async () => {
  const { store, r, f, table, openTree } = setup();
  const f2 = fakeSources();
  const store2 = new AppStore({ sources: f2.factory, initial: { resource: kind('pods'), namespace: 'shop' }, publishIntervalMs: 0 });
  try {
    await openTree();
    const opened = f.all.filter((x) => x !== table);
    const info = { context: 'c2', server: 's', user: 'u', simulated: false, readonly: false, version: '0' };
    r.rerender(<App store={store2} info={info} keymap={createKeymap({}, false)} theme={monochromeTheme} services={testServices({})} />);
    await waitFrame(r, (x) => x.includes('pods(shop)[0]'));
    assert.ok(opened.every((x) => x.stopped));
  } finally {
    r.unmount();
    store.dispose();
    store2.dispose();
  }
});

test('a view delivered later (a : command that waited for discovery) closes the tree instead of staying behind it', async () => {
  const { store, r, f, table, openTree } = setup();
  try {
    await openTree();
    const opened = f.all.filter((x) => x !== table);
    // what the catalog's delivery does (deliverToStore → openViewCommand)
    store.setView({ resource: kind('pods'), namespace: 'shop' });
    await waitFrame(r, (x) => x.includes('pods(shop)[0]') && !x.includes('xray('));
    assert.ok(opened.every((x) => x.stopped));
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('q over the tree quits, as the header hint says; while typing a filter it is a letter', async () => {
  let quits = 0;
  const { store, r, openTree } = setup(false, () => quits++);
  try {
    await openTree();
    await press(r, '/', 'q');
    await waitFrame(r, (x) => x.includes('/q'));
    assert.equal(quits, 0, 'q typed into the filter');
    await press(r, KEY.enter, KEY.esc);
    await waitFrame(r, (x) => x.includes('xray(shop)[2]') && !x.includes('</q>'));
    await press(r, 'q');
    await waitFor(() => quits === 1, { what: 'q quits' });
  } finally {
    r.unmount();
    store.dispose();
  }
});
