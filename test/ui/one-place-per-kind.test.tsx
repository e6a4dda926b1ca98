// The bugs that "one place per kind, one router per screen" fixes, each through the whole App: keys mean
// what the view's kind declares (nothing else), read-only notices name that kind's capability, a terminal
// too small to show the UI takes no action keys, and Ctrl-D in :ctx is nothing to send to a cluster.
import '../helpers/force-color.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { App } from '../../src/ui/App.js';
import { AppStore } from '../../src/store/app-store.js';
import { staticSource } from '../../src/store/sources/static-source.js';
import { createKeymap } from '../../src/keys/commands.js';
import { monochromeTheme } from '../../src/ui/theme/theme.js';
import { contexts } from '../../src/resources/contexts.js';
import type { ContextObject } from '../../src/resources/contexts.js';
import { resolveResource } from '../../src/resources/registry.js';
import type { ResourceDef } from '../../src/resources/types.js';
import type { KObject, Pod } from '../../src/util/k8s.js';
import { fakeSources } from '../helpers/fake-source.js';
import { recordingTransport, testServices } from '../helpers/services.js';
import { press, renderSized, waitFrame } from '../helpers/ink.js';
import type { Rendered } from '../helpers/ink.js';

const info = (readonly: boolean) => ({ context: 'c', server: 's', user: 'u', simulated: false, readonly, version: '0' });
const def = (name: string) => resolveResource(name) as ResourceDef;
const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}), uid: name, resourceVersion: '1', creationTimestamp: new Date().toISOString() });

function mount(resource: ResourceDef, objects: KObject[], opts: { readOnly?: boolean; columns?: number; rows?: number } = {}) {
  const f = fakeSources();
  const rec = recordingTransport(opts.readOnly ?? false, () => ({ items: [] }));
  const store = new AppStore({ sources: f.factory, initial: { resource, namespace: undefined } });
  const r = renderSized(
    <App store={store} info={info(opts.readOnly ?? false)} keymap={createKeymap({}, opts.readOnly ?? false)} theme={monochromeTheme} services={testServices({ transport: rec.transport, readOnly: opts.readOnly ?? false })} />,
    opts.columns ?? 140,
    opts.rows ?? 30,
  );
  f.last().put(...objects.map((o) => resource.project(o)));
  return { r, store, sent: rec.sent };
}

const done = (r: Rendered, store: AppStore) => {
  r.unmount();
  store.dispose();
};

test(':ctx: Ctrl-D offers nothing and sends nothing (a context is not a cluster object); Enter still switches', async () => {
  const ctx = (name: string, current: boolean) => contexts.project({ metadata: { name }, spec: { cluster: `${name}-c`, user: 'admin', current } } as ContextObject);
  const rec = recordingTransport(false);
  const store = new AppStore({ sources: () => staticSource([ctx('dev', true), ctx('prod', false)]), initial: { resource: contexts, namespace: undefined } });
  const switched: string[] = [];
  const r = renderSized(
    <App store={store} info={info(false)} keymap={createKeymap()} theme={monochromeTheme} services={testServices({ transport: rec.transport })} onSwitchContext={(n) => switched.push(n)} />,
  );
  try {
    await waitFrame(r, (s) => s.includes('contexts(all)[2]'));
    await press(r, 'j', '\x04');
    await press(r, 'y');
    const frame = await waitFrame(r, (s) => s.includes('contexts(all)[2]'));
    assert.doesNotMatch(frame, /Delete context|delete/i);
    assert.deepEqual(rec.sent, [], 'no request at all');
    assert.doesNotMatch(frame, /<ctrl-d>/, 'and no Ctrl-D hint');
    await press(r, '\r');
    assert.deepEqual(switched, ['prod']);
  } finally {
    done(r, store);
  }
});

test('read-only on nodes: u, r, c and e name what they are there (uncordon, drain, cordon, edit)', async () => {
  const node: KObject = { kind: 'Node', metadata: meta('n1'), spec: { unschedulable: true } } as KObject;
  const { r, store, sent } = mount(def('nodes'), [node], { readOnly: true });
  try {
    await waitFrame(r, (s) => s.includes('nodes(all)[1]'));
    for (const [key, word] of [['u', 'uncordon'], ['r', 'drain'], ['c', 'cordon'], ['e', 'edit']] as const) {
      await press(r, key);
      await waitFrame(r, (s) => s.includes(`read-only mode: ${word} is disabled`));
    }
    const frame = await waitFrame(r, () => true);
    assert.doesNotMatch(frame, /rollout|\$editor/i);
    assert.deepEqual(sent, []);
  } finally {
    done(r, store);
  }
});

test('s is Shell on pods and Scale on deployments: what the kind declares, whatever the order of checks', async () => {
  const pod: Pod = { kind: 'Pod', metadata: meta('web-1', 'shop'), spec: { containers: [{ name: 'c' }] }, status: { phase: 'Running' } };
  const p = mount(def('pods'), [pod as KObject], { readOnly: true });
  try {
    await waitFrame(p.r, (s) => s.includes('pods(all)[1]'));
    await press(p.r, 's');
    await waitFrame(p.r, (s) => s.includes('read-only mode: shell is disabled'));
  } finally {
    done(p.r, p.store);
  }
  const dep = { kind: 'Deployment', metadata: meta('web', 'shop'), spec: { replicas: 2, selector: { matchLabels: { app: 'web' } } }, status: {} } as KObject;
  const d = mount(def('deployments'), [dep]);
  try {
    await waitFrame(d.r, (s) => s.includes('deployments(all)[1]'));
    await press(d.r, 's');
    await waitFrame(d.r, (s) => s.includes('scale deployment shop/web') && s.includes('Replicas: [2]'));
  } finally {
    done(d.r, d.store);
  }
});

test('u on statefulsets and daemonsets opens their rollout history (through ControllerRevisions)', async () => {
  for (const kind of ['statefulsets', 'daemonsets']) {
    const obj = { kind: 'X', metadata: meta('db', 'data'), spec: { selector: { matchLabels: { app: 'db' } } }, status: {} } as KObject;
    const { r, store, sent } = mount(def(kind), [obj]);
    try {
      const frame = await waitFrame(r, (s) => s.includes(`${kind}(all)[1]`));
      assert.match(frame, /<u> Rollback/, `u is hinted on ${kind}`);
      await press(r, 'u');
      await waitFrame(r, (s) => s.includes('rollout history') && s.includes('data/db'));
      await waitFrame(r, () => sent.some((x) => x.path.includes('/controllerrevisions')));
    } finally {
      done(r, store);
    }
  }
});

test('a terminal too small to show the UI takes no action keys: Ctrl-D then y at 40×8 deletes nothing', async () => {
  const pod: Pod = { kind: 'Pod', metadata: meta('web-1', 'shop'), spec: { containers: [{ name: 'c' }] }, status: { phase: 'Running' } };
  const { r, store, sent } = mount(def('pods'), [pod as KObject], { columns: 40, rows: 8 });
  try {
    await waitFrame(r, (s) => s.includes('Terminal too small (40×8)'));
    await press(r, '\x04', 'y', 's', 'l', 'F', '\x0b', 'y');
    await waitFrame(r, (s) => s.includes('Terminal too small'));
    assert.deepEqual(sent, [], 'no request left the process');
    // and nothing is waiting behind the message: once the terminal is big enough, the table, no dialog
    Object.defineProperty(r.stdout, 'columns', { get: () => 140, configurable: true });
    Object.defineProperty(r.stdout, 'rows', { get: () => 30, configurable: true });
    r.stdout.emit('resize');
    const frame = await waitFrame(r, (s) => s.includes('pods(all)[1]'));
    assert.doesNotMatch(frame, /Delete pod|Kill pod/);
    assert.deepEqual(sent, []);
  } finally {
    done(r, store);
  }
});
