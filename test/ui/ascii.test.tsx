// ASCII mode (a locale that is not UTF-8, or --ascii): every screen is drawn, with cluster strings that hold
// non-ASCII characters, and every byte of every frame Ink writes is checked to be below 0x80.
import '../helpers/force-color.js';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { App } from '../../src/ui/App.js';
import { AppStore } from '../../src/store/app-store.js';
import { createKeymap } from '../../src/keys/commands.js';
import { defaultTheme } from '../../src/ui/theme/theme.js';
import { resolveResource } from '../../src/resources/registry.js';
import type { ResourceDef } from '../../src/resources/types.js';
import { createTransport } from '../../src/kube/transport.js';
import type { Transport } from '../../src/kube/transport.js';
import type { Deployment, KObject, Pod } from '../../src/util/k8s.js';
import { ASCII_GLYPHS, setAsciiOnly } from '../../src/util/charset.js';
import { fakeSources } from '../helpers/fake-source.js';
import { testServices } from '../helpers/services.js';
import { KEY, plain, press, renderSized, waitFrame } from '../helpers/ink.js';
import type { Rendered } from '../helpers/ink.js';
import { FakeLogServer, tsAt } from '../kube/logs/fake-log-server.js';

const pods = resolveResource('pods') as ResourceDef;
const deployments = resolveResource('deployments') as ResourceDef;
const theme = { ...defaultTheme, glyphs: ASCII_GLYPHS };
const info = { context: 'prod-café', server: 'https://10.0.0.1:6443', user: 'jürgen', simulated: false, readonly: false, version: '0.1.0' };

const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();
const pod = (ns: string, name: string, extra: Partial<Pod['metadata']> = {}): Pod => ({
  metadata: { name, namespace: ns, uid: name, resourceVersion: '1', creationTimestamp: ago(300), annotations: { note: 'crème brûlée ✓' }, ...extra },
  spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 8080, name: 'http' }] }] },
  status: { phase: 'Running', podIP: '10.244.1.7', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'nginx', imageID: '', state: { running: { startedAt: ago(300) } } }] },
});
const deploy = (name: string): Deployment => ({
  metadata: { name, namespace: 'shop', uid: name, resourceVersion: '1', creationTimestamp: ago(3600) },
  spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  status: { replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2 },
});

let api: FakeLogServer;
let real: Transport;
before(async () => {
  setAsciiOnly(true);
  api = await new FakeLogServer().listen();
  real = await createTransport(api.kubeconfig());
  api.write('p1', 'app', 'démarrage… → prêt ✓ 日本語', tsAt(1));
  api.write('p1', 'app', `${'x'.repeat(300)} the end`, tsAt(2));
});
after(async () => {
  setAsciiOnly(false);
  await real.close();
  await api.close();
});

/** The pod GETs (port-forward, container picker) answer with our pod; the rest goes to the log server. */
function withPods(t: Transport): Transport {
  return new Proxy(t, {
    get(target, key) {
      if (key === 'request') {
        return (path: string, opts?: object) => {
          const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/.exec(path);
          return m ? Promise.resolve(pod(m[1] ?? '', m[2] ?? '')) : target.request(path, opts);
        };
      }
      const v: unknown = Reflect.get(target, key);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** Every frame Ink wrote so far is plain ASCII (escape sequences included). */
function assertAscii(r: Rendered, what: string): void {
  for (const f of r.frames) {
    for (let i = 0; i < f.length; i++) {
      if (f.charCodeAt(i) >= 0x80) assert.fail(`${what}: ${JSON.stringify(f[i])} at ${i} in frame:\n${plain(f)}`);
    }
  }
}

const detail = async (_r: ResourceDef, row: { name: string; namespace?: string }) => ({
  object: pod(row.namespace ?? '', row.name) as KObject,
  events: [{ kind: 'Event', metadata: { name: 'e', namespace: 'shop', creationTimestamp: ago(30) }, type: 'Warning', reason: 'BackOff', message: 'redémarrage… échoué ✗', source: { component: 'kubelet' } } as KObject],
});

function setup(resource: ResourceDef, notice?: { title: string; lines: string[] }) {
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource, namespace: undefined } });
  const app = (
    <App store={store} info={info} keymap={createKeymap()} theme={theme} services={testServices({ transport: withPods(real), detail })} {...(notice ? { notice } : {})} />
  );
  const r = renderSized(app, 80, 24);
  return { f, store, r };
}

test('ASCII mode: table, sort mark, filter, prompt, help, describe, YAML, logs, picker, dialogs, notice, state and flash write only ASCII', async () => {
  const { f, store, r } = setup(pods, { title: 'config problems…', lines: ['keys: “ä” is not a key → ignored'] });
  try {
    await waitFrame(r, (s) => s.includes('config problems...'));
    assertAscii(r, 'notice');
    assert.match(r.lastFrame() ?? '', /\+-{10}/, 'the frame is drawn with + - |');
    await press(r, KEY.esc);
    f.last().put(pods.project(pod('ns', 'p1')), pods.project(pod('zürich', 'web-5d4cd8f5f9-ssjxf')));
    let frame = await waitFrame(r, (s) => s.includes('pods(all)[2]'));
    assert.match(frame, /z\\u00fcrich/, 'a non-ASCII namespace is shown escaped');
    assert.match(frame, /jürgen|j\\u00fcrgen/);
    assert.doesNotMatch(frame, /jürgen/);
    await press(r, 'A');
    await waitFrame(r, (s) => /AGE[v^]/.test(s));
    await press(r, 'N');
    await waitFrame(r, (s) => !/AGE[v^]/.test(s));
    assertAscii(r, 'table');
    await press(r, '/', 'é');
    await waitFrame(r, (s) => s.includes('/\\u00e9'));
    await press(r, KEY.esc);
    await press(r, ':', 'p', 'ó');
    await waitFrame(r, (s) => s.includes(':p\\u00f3'));
    await press(r, KEY.esc);
    await press(r, '?');
    frame = await waitFrame(r, (s) => s.includes('GENERAL'));
    assert.match(frame, /node -> pods/, 'help labels are spelled in ASCII');
    await press(r, KEY.esc);
    assertAscii(r, 'filter, prompt and help');
    await waitFrame(r, (s) => s.includes('pods(all)[2]'));
    await press(r, 'g');
    await press(r, 'd');
    frame = await waitFrame(r, (s) => s.includes('describe(') && s.includes('Annotations:'));
    assert.match(frame, /cr\\u00e8me br\\u00fbl\\u00e9e \\u2713/, 'cluster text in describe is escaped');
    await press(r, 'G');
    frame = await waitFrame(r, (s) => s.includes('BackOff'));
    assert.match(frame, /red\\u00e9marrage\\u2026 \\u00e9chou\\u00e9/);
    await press(r, KEY.esc);
    await press(r, 'y');
    frame = await waitFrame(r, (s) => s.includes('yaml(') && s.includes('note:'));
    assert.match(frame, /cr\\u00e8me/);
    await press(r, KEY.esc);
    assertAscii(r, 'describe and YAML');
    await waitFrame(r, (s) => s.includes('pods(all)[2]'));
    // the first row: pod p1 in ns (before z\u00fcrich)
    await press(r, 'g', 'l');
    frame = await waitFrame(r, (s) => s.includes('logs(ns/p1)') && /xxxx~\n/.test(s), 5000);
    assert.match(frame, /d\\u00e9marrage\\u2026 \\u2192 pr\\u00eat/);
    assert.match(frame, / \| /, 'the status line is separated with |');
    assert.doesNotMatch(frame, /the end/, 'a long line is cut (w wraps it), with the ASCII cut mark');
    await press(r, 'c');
    await waitFrame(r, (s) => s.includes('Container'));
    await press(r, KEY.esc);
    await press(r, KEY.esc);
    assertAscii(r, 'logs');
    await waitFrame(r, (s) => s.includes('pods(all)[2]'));
    await press(r, '\x04');
    await waitFrame(r, (s) => s.includes('Delete pod'));
    await press(r, 'n');
    await press(r, 'F');
    await waitFrame(r, (s) => s.includes('Local port (127.0.0.1)') && s.includes('_'));
    await press(r, KEY.esc);
    assertAscii(r, 'confirmation and port-forward dialogs');
    store.flash('scaled café… → 3 replicas', 'info');
    frame = await waitFrame(r, (s) => s.includes('scaled caf\\u00e9... -> 3 replicas'));
    const src = f.last();
    src.state = { phase: 'unreachable', message: 'unreachable: Get "https://10.0.0.1:6443/api/v1/pods": dial tcp: connection refused — réseau ✗', since: 0, attempt: 1 };
    src.version++;
    src.req.onChange();
    await waitFrame(r, (s) => s.includes('connection') && s.includes('refused -- r\\u00e9seau'));
    assertAscii(r, 'state and flash');
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('ASCII mode: the scale and rollout history dialogs write only ASCII', async () => {
  const { f, store, r } = setup(deployments);
  try {
    f.last().put(deployments.project(deploy('web')));
    await waitFrame(r, (s) => s.includes('deployments(all)[1]'));
    await press(r, 's');
    await waitFrame(r, (s) => s.includes('Replicas: [2]_'));
    await press(r, KEY.esc);
    await press(r, 'u');
    await waitFrame(r, (s) => s.includes('rollout history'));
    await waitFrame(r, (s) => !s.includes('loading history'));
    await press(r, KEY.esc);
    assertAscii(r, 'scale and history');
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('ASCII mode: the too-small screen writes only ASCII', async () => {
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: pods, namespace: undefined } });
  const r = renderSized(<App store={store} info={info} keymap={createKeymap()} theme={theme} />, 50, 10);
  try {
    await waitFrame(r, (s) => s.includes('Terminal too small (50x10)'));
    assertAscii(r, 'too small');
  } finally {
    r.unmount();
    store.dispose();
  }
});
