// Messages are never cut (issue 13): a long connection error in the title's state, and a long flash, are
// on screen whole at 80 columns, wrapped onto lines of their own; the table gives up those rows.
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
import type { Transport } from '../../src/kube/transport.js';
import { KubeError } from '../../src/kube/errors.js';
import { testServices } from '../helpers/services.js';
import { fakeSources } from '../helpers/fake-source.js';
import { press, renderSized, waitFrame } from '../helpers/ink.js';

const pods = resolveResource('pods') as ResourceDef;
const info = { context: 'prod', server: 'https://api.prod.example.com:6443', user: 'admin', simulated: false, readonly: false, version: '0.1.0' };
const TLS =
  'unreachable: Get "https://api.prod.example.com:6443/api/v1/pods?limit=500": tls: failed to verify certificate: x509: certificate signed by unknown authority (possibly because of "crypto/rsa: verification error" while trying to verify candidate authority certificate "kubernetes")';

const pod = (i: number): Pod => ({
  metadata: { name: `web-5d4cd8f5f9-${String(i).padStart(5, '0')}`, namespace: 'shop', uid: String(i), resourceVersion: '1', creationTimestamp: new Date().toISOString() },
  spec: { containers: [{ name: 'c' }] },
  status: { phase: 'Running' },
});

/** The screen's text with line breaks and runs of spaces as one space, to find a wrapped message in it. */
const flat = (frame: string) => frame.replace(/\s+/g, ' ');

test('80 columns: a ~250-character TLS error in the state line is on screen whole, wrapped under the title', async () => {
  assert.ok(TLS.length > 200);
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: pods, namespace: undefined } });
  const r = renderSized(<App store={store} info={info} keymap={createKeymap()} theme={monochromeTheme} />, 80, 24);
  try {
    const src = f.last();
    src.put(...Array.from({ length: 30 }, (_, i) => pods.project(pod(i))));
    await waitFrame(r, (s) => s.includes('pods(all)[30]'));
    src.state = { phase: 'unreachable', message: TLS, since: 0, attempt: 3 };
    src.version++;
    src.req.onChange();
    const frame = await waitFrame(r, (s) => flat(s).includes('unknown authority'));
    assert.ok(flat(frame).includes(flat(TLS)), `the whole message is on screen:\n${frame}`);
    const lines = frame.split('\n');
    assert.equal(lines.length, 24, 'the screen keeps its size: the table gave up the rows');
    for (const l of lines) assert.ok(l.length <= 80);
    assert.match(lines[6] ?? '', /^─+ pods\(all\)\[30\] ─+$/, 'the title line keeps the title');
    // the table still shows its header and rows below the message
    assert.match(frame, /NAME\s+READY\s+STATUS/);
    assert.match(frame, /web-5d4cd8f5f9-00000/);
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('80 columns: a long flash error is on screen whole, wrapped above the bottom line; a short one keeps one line', async () => {
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: pods, namespace: undefined } });
  const r = renderSized(<App store={store} info={info} keymap={createKeymap()} theme={monochromeTheme} />, 80, 24);
  try {
    f.last().put(...Array.from({ length: 30 }, (_, i) => pods.project(pod(i))));
    await waitFrame(r, (s) => s.includes('pods(all)[30]'));
    const msg = `cannot delete pod shop/web-5d4cd8f5f9-00000: ${TLS}`;
    store.flash(msg, 'error');
    const frame = await waitFrame(r, (s) => flat(s).includes('unknown authority'));
    assert.ok(flat(frame).includes(flat(msg)), `the whole flash is on screen:\n${frame}`);
    assert.equal(frame.split('\n').length, 24);
    store.flash('scaled deployment shop/web to 3', 'info');
    const short = await waitFrame(r, (s) => s.includes('scaled deployment'));
    assert.equal(short.split('\n').length, 24);
    assert.match(short.split('\n')[23] ?? '', /scaled deployment shop\/web to 3/);
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('80 columns: a long error in a dialog (rollout history that cannot be read) is wrapped in the frame, whole', async () => {
  const deployments = resolveResource('deployments') as ResourceDef;
  const failing = { readOnly: false, request: () => Promise.reject(new KubeError('Unreachable', TLS)) } as unknown as Transport;
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: deployments, namespace: undefined } });
  const r = renderSized(<App store={store} info={info} keymap={createKeymap()} theme={monochromeTheme} services={testServices({ transport: failing })} />, 80, 24);
  try {
    f.last().put(
      deployments.project({
        metadata: { name: 'web', namespace: 'shop', uid: 'w', resourceVersion: '1', creationTimestamp: new Date().toISOString() },
        spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
        status: { replicas: 1 },
      } as Deployment),
    );
    await waitFrame(r, (s) => s.includes('deployments(all)[1]'));
    await press(r, 'u');
    const frame = await waitFrame(r, (s) => flat(s).includes('authority certificate'));
    // inside the frame: strip the borders before joining the lines
    const inner = frame
      .split('\n')
      .map((l) => l.replace(/^│ ?/, '').replace(/ ?│\s*$/, ''))
      .join('\n');
    assert.ok(flat(inner).includes(flat(TLS.slice('unreachable: '.length))), `the whole error is in the dialog:\n${frame}`);
  } finally {
    r.unmount();
    store.dispose();
  }
});
