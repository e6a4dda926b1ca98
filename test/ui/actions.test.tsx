import '../helpers/force-color.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { App } from '../../src/ui/App.js';
import { AppStore } from '../../src/store/app-store.js';
import { createKeymap } from '../../src/keys/commands.js';
import { monochromeTheme } from '../../src/ui/theme/theme.js';
import { resolveResource } from '../../src/resources/registry.js';
import type { ResourceDef } from '../../src/resources/types.js';
import type { Deployment, Pod } from '../../src/util/k8s.js';
import { fakeSources } from '../helpers/fake-source.js';
import { recordingTransport as recording, testServices } from '../helpers/services.js';
import { KEY, press, renderSized, waitFrame } from '../helpers/ink.js';

const deployments = resolveResource('deployments') as ResourceDef;
const pods = resolveResource('pods') as ResourceDef;

const deploy = (name: string, replicas: number): Deployment => ({
  metadata: { name, namespace: 'shop', uid: name, resourceVersion: '1', creationTimestamp: new Date().toISOString() },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: { spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  status: { replicas, readyReplicas: replicas, availableReplicas: replicas, updatedReplicas: replicas },
});
const pod = (name: string): Pod => ({
  metadata: { name, namespace: 'shop', uid: name, resourceVersion: '1', creationTimestamp: new Date().toISOString() },
  spec: { containers: [{ name: 'c' }] },
  status: { phase: 'Running' },
});

function setup(resource: ResourceDef, readOnly: boolean) {
  const f = fakeSources();
  const rec = recording(readOnly);
  const store = new AppStore({ sources: f.factory, initial: { resource, namespace: 'shop' } });
  const info = { context: 'c', server: 's', user: 'u', simulated: false, readonly: readOnly, version: '0' };
  const r = renderSized(
    <App store={store} info={info} keymap={createKeymap({}, readOnly)} theme={monochromeTheme} services={testServices({ transport: rec.transport, readOnly })} />,
    120,
    30,
  );
  return { f, store, r, sent: rec.sent };
}

test('s opens the scale dialog prefilled with the replicas, validates, and Enter sends a merge patch to /scale', async () => {
  const { f, store, r, sent } = setup(deployments, false);
  try {
    f.last().put(deployments.project(deploy('web', 3)));
    await waitFrame(r, (s) => s.includes('deployments(shop)[1]'));
    await press(r, 's');
    await waitFrame(r, (s) => s.includes('scale deployment shop/web') && s.includes('Replicas: [3]'));
    // a sign, a point or an exponent is refused with the reason, and the value is left as it was
    for (const bad of ['-', '.', 'e']) {
      await press(r, bad);
      await waitFrame(r, (s) => s.includes(`"${bad}": replicas are a whole number from 0 to 10000`) && s.includes('Replicas: [3]'));
    }
    // the prefilled value is selected: typing replaces it (2 then 5 is 25, not 325)
    await press(r, '2', '5');
    await waitFrame(r, (s) => s.includes('Replicas: 25'));
    await press(r, '0', '0', '0', KEY.enter);
    await waitFrame(r, (s) => s.includes('replicas must be at most 10000'));
    for (let i = 0; i < 5; i++) await press(r, KEY.backspace);
    await press(r, '5', KEY.enter);
    await waitFrame(r, (s) => s.includes('scaled'));
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.method, 'PATCH');
    assert.equal(sent[0]?.path, '/apis/apps/v1/namespaces/shop/deployments/web/scale');
    assert.deepEqual(sent[0]?.body, { spec: { replicas: 5 } });
    assert.match(sent[0]?.contentType ?? '', /merge-patch/);
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('ctrl-d asks first: n cancels and sends nothing, y deletes', async () => {
  const { f, store, r, sent } = setup(pods, false);
  try {
    f.last().put(pods.project(pod('web-1')));
    await waitFrame(r, (s) => s.includes('pods(shop)[1]'));
    await press(r, '\x04');
    await waitFrame(r, (s) => s.includes('Delete pod shop/web-1?'));
    await press(r, 'n');
    await waitFrame(r, (s) => !s.includes('Delete pod shop/web-1?'));
    assert.equal(sent.length, 0);
    // one chunk, as tmux send-keys or a fast typist over SSH delivers it: Ctrl-D in the middle is Ctrl-D
    await press(r, 'j\x04y');
    await waitFrame(r, (s) => s.includes('deleted'));
    assert.deepEqual(
      sent.map((x) => `${x.method} ${x.path}`),
      ['DELETE /api/v1/namespaces/shop/pods/web-1'],
    );
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('read-only: mutating keys vanish from hints and help, and nothing is sent', async () => {
  const { f, store, r, sent } = setup(deployments, true);
  try {
    f.last().put(deployments.project(deploy('web', 3)));
    let frame = await waitFrame(r, (s) => s.includes('deployments(shop)[1]'));
    assert.doesNotMatch(frame, /<s> Scale|<ctrl-d> Delete/);
    await press(r, 's');
    // the key says why it did nothing
    await waitFrame(r, (s) => s.includes('read-only mode: scale is disabled'));
    // ctrl-k (kill) means nothing on deployments: the last notice stays the one for r
    await press(r, '\x04', 'u', 'r', '\x0b');
    await waitFrame(r, (s) => s.includes('read-only mode: restart is disabled'));
    await press(r, '?');
    frame = await waitFrame(r, (s) => s.includes('GENERAL'));
    assert.doesNotMatch(frame, /Scale|Delete|Rollout/);
    assert.equal(sent.length, 0);
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('read-only on pods: s says the shell is disabled, F the port-forward; nothing is sent', async () => {
  const { f, store, r, sent } = setup(pods, true);
  try {
    f.last().put(pods.project(pod('web-1')));
    await waitFrame(r, (s) => s.includes('pods(shop)[1]'));
    await press(r, 's');
    await waitFrame(r, (s) => s.includes('read-only mode: shell is disabled'));
    await press(r, 'F');
    await waitFrame(r, (s) => s.includes('read-only mode: port-forward is disabled'));
    assert.equal(sent.length, 0);
  } finally {
    r.unmount();
    store.dispose();
  }
});
