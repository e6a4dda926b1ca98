// Generic views in the TUI, wired as the cli wires them (openConnection: store, transport, discovery,
// Table reflectors) against the simulated cluster: `:widgets` shows the CRD's printer columns and rows
// (wide columns on Ctrl-W), live updates, filters, YAML, delete; `:crd` → Enter lists a CRD's objects;
// Tab completes discovered names; an unknown name flashes after discovery was asked.
import '../helpers/force-color.js';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { App } from '../../src/ui/App.js';
import { createKeymap } from '../../src/keys/commands.js';
import { monochromeTheme } from '../../src/ui/theme/theme.js';
import { resolveResource } from '../../src/resources/registry.js';
import type { ResourceDef } from '../../src/resources/types.js';
import { openConnection } from '../../src/cli/connection.js';
import type { Connection } from '../../src/cli/connection.js';
import { parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../src/kube/kubeconfig.js';
import { createTransport } from '../../src/kube/transport.js';
import type { Transport } from '../../src/kube/transport.js';
import { startSim } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { KEY, press, renderSized, waitFrame } from '../helpers/ink.js';
import type { Rendered } from '../helpers/ink.js';
import { widgetCrd } from '../helpers/widget-crd.js';

const pods = resolveResource('pods') as ResourceDef;

const crd = widgetCrd();
const widget = (namespace: string, name: string, color: string, size: number, tier: string) => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name, namespace, labels: { tier } },
  spec: { color, size, owner: 'team-a' },
});

let sim: SimHandle;
let admin: Transport;
let config: LoadedKubeconfig;

before(async () => {
  sim = await startSim({ scenario: 'empty', seed: 5 });
  const load = parseKubeconfig(sim.kubeconfig(), 'sim');
  assert.equal(load.kind, 'loaded');
  config = (load as { config: LoadedKubeconfig }).config;
  admin = await createTransport(config);
  await admin.request('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { method: 'POST', body: crd });
  await admin.request('/api/v1/namespaces', { method: 'POST', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } } });
  await admin.request('/apis/example.com/v1/namespaces/default/widgets', { method: 'POST', body: widget('default', 'alpha', 'red', 3, 'front') });
  await admin.request('/apis/example.com/v1/namespaces/shop/widgets', { method: 'POST', body: widget('shop', 'bravo', 'blue', 12, 'back') });
});
after(async () => {
  await admin?.close();
  await sim?.close();
});

function mount(): { conn: Connection; r: Rendered } {
  const conn = openConnection({ config, simulated: false, readonly: false, initial: () => ({ resource: pods, namespace: undefined }) });
  if (conn instanceof Error) throw conn;
  conn.start(() => undefined);
  const r = renderSized(
    <App
      store={conn.store}
      info={conn.info}
      keymap={createKeymap()}
      theme={monochromeTheme}
      services={conn.services}
    />,
    140,
    30,
  );
  return { conn, r };
}

const type = (r: Rendered, text: string) => press(r, ...text.split(''));

test(':widgets shows the CRD printer columns and rows, live; wide adds priority columns; filters work', async () => {
  const { conn, r } = mount();
  try {
    await waitFrame(r, (s) => s.includes('pods(all)[0]'));
    await type(r, ':widgets');
    await press(r, KEY.enter);
    let frame = await waitFrame(r, (s) => s.includes('widgets(all)[2]'), 10_000);
    assert.match(frame, /NAMESPACE\s+NAME\S*\s+COLOR\s+SIZE\s+AGE/);
    assert.doesNotMatch(frame, /OWNER/, 'priority 1 only in wide');
    assert.match(frame, /default\s+alpha\s+red\s+3\s+\d+s/);
    assert.match(frame, /shop\s+bravo\s+blue\s+12\s+\d+s/);
    await press(r, '\x17'); // Ctrl-W
    frame = await waitFrame(r, (s) => /OWNER/.test(s));
    assert.match(frame, /NAME\S*\s+COLOR\s+SIZE\s+OWNER\s+AGE/);
    assert.match(frame, /alpha\s+red\s+3\s+team-a/);
    await press(r, '\x17');

    // live: MODIFIED and ADDED
    await admin.request('/apis/example.com/v1/namespaces/shop/widgets/bravo', {
      method: 'PATCH',
      body: { spec: { color: 'green' } },
      contentType: 'application/merge-patch+json',
    });
    await waitFrame(r, (s) => /shop\s+bravo\s+green\s+12/.test(s));

    // label selector filter (server-side) and fuzzy filter
    await type(r, '/-l tier=back');
    await press(r, KEY.enter);
    frame = await waitFrame(r, (s) => s.includes('widgets(all)[1]') && s.includes('bravo'));
    assert.doesNotMatch(frame, /alpha/);
    await press(r, KEY.esc);
    await waitFrame(r, (s) => s.includes('widgets(all)[2]'));
    await type(r, '/alp');
    frame = await waitFrame(r, (s) => s.includes('widgets(all)[1]'));
    assert.match(frame, /alpha/);
    await press(r, KEY.enter, KEY.esc);
    await waitFrame(r, (s) => s.includes('widgets(all)[2]'));

    // one namespace, short name
    await type(r, ':wg shop');
    await press(r, KEY.enter);
    frame = await waitFrame(r, (s) => s.includes('widgets(shop)[1]'));
    assert.match(frame, /NAME\S*\s+COLOR\s+SIZE\s+AGE/);
    assert.doesNotMatch(frame, /NAMESPACE/);
  } finally {
    r.unmount();
    await conn.close();
  }
});

test(':crd → Enter lists the CRD objects; y shows the full object; Ctrl-D deletes it', async () => {
  const { conn, r } = mount();
  try {
    await waitFrame(r, (s) => s.includes('pods(all)[0]'));
    await type(r, ':crd');
    await press(r, KEY.enter);
    let frame = await waitFrame(r, (s) => s.includes('customresourcedefinitions') && s.includes('widgets.example.com'), 10_000);
    assert.match(frame, /NAME\S*\s+CREATED AT/);
    await press(r, KEY.enter);
    frame = await waitFrame(r, (s) => s.includes('widgets(all)[2]'), 10_000);
    assert.match(frame, /default\s+alpha\s+red\s+3/);
    assert.match(frame, /customresourcedefinition widgets\.example\.com/, 'crumb of the drill-down');

    await press(r, 'y');
    frame = await waitFrame(r, (s) => s.includes('kind: Widget'));
    assert.match(frame, /color: red/);
    await press(r, KEY.esc);
    await waitFrame(r, (s) => s.includes('widgets(all)[2]'));
    await press(r, 'd');
    frame = await waitFrame(r, (s) => s.includes('describe(default/alpha)') && /Name:\s+alpha/.test(s));
    assert.match(frame, /Namespace:\s+default/);
    await press(r, KEY.esc);
    await waitFrame(r, (s) => s.includes('widgets(all)[2]'));

    await press(r, '\x04');
    await waitFrame(r, (s) => /Delete widget default\/alpha\?/.test(s));
    await press(r, 'y');
    frame = await waitFrame(r, (s) => s.includes('widgets(all)[1]'), 10_000);
    assert.doesNotMatch(frame, /default\s+alpha/);
    assert.match(frame, /widget\.example\.com "alpha" deleted/);
    await assert.rejects(admin.request('/apis/example.com/v1/namespaces/default/widgets/alpha'), /not found/);
  } finally {
    r.unmount();
    await conn.close();
  }
});

test('Tab completes discovered names; an unknown name flashes after discovery was asked', async () => {
  const { conn, r } = mount();
  try {
    await waitFrame(r, (s) => s.includes('pods(all)[0]'));
    // discovery loads in the background once connected
    await waitFrame(r, () => conn.services.commands.names().includes('widgets'), 10_000);
    await type(r, ':widg');
    await press(r, KEY.tab);
    await waitFrame(r, (s) => /:widget\b/.test(s), 10_000);
    await press(r, 's', KEY.enter);
    await waitFrame(r, (s) => s.includes('widgets(all)['), 10_000);
    await type(r, ':nosuchthing');
    await press(r, KEY.enter);
    await waitFrame(r, (s) => s.includes('unknown command "nosuchthing"'), 10_000);
  } finally {
    r.unmount();
    await conn.close();
  }
});
