import '../helpers/force-color.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { App } from '../../src/ui/App.js';
import { AppStore } from '../../src/store/app-store.js';
import { createKeymap } from '../../src/keys/commands.js';
import { monochromeTheme } from '../../src/ui/theme/theme.js';
import type { DetailLoader } from '../../src/ui/hooks/use-detail.js';
import type { KObject } from '../../src/util/k8s.js';
import { fakeSources } from '../helpers/fake-source.js';
import { rec, things } from '../helpers/tiny-resource.js';
import { testServices } from '../helpers/services.js';
import { KEY, press, renderSized, waitFrame } from '../helpers/ink.js';

const info = { context: 'c', server: 'https://x', user: 'u', simulated: false, readonly: false, version: '0.1.0' };

const secret: KObject & { data: Record<string, string>; type: string } = {
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'Opaque',
  metadata: { name: 'db', namespace: 'shop', managedFields: [{ manager: 'kubectl' }] },
  data: { password: Buffer.from('hunter2').toString('base64'), evil: Buffer.from('x\x1b]0;t\x07').toString('base64') },
};
const event: KObject = {
  kind: 'Event',
  metadata: { name: 'e1', namespace: 'shop', creationTimestamp: new Date(Date.now() - 30_000).toISOString() },
  ...{ type: 'Normal', reason: 'Created', message: 'made it', source: { component: 'kubelet' } },
};

function setup(load: DetailLoader) {
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: things, namespace: undefined } });
  const r = renderSized(<App store={store} info={info} keymap={createKeymap()} theme={monochromeTheme} services={testServices({ detail: load })} />, 120, 30);
  f.last().put(rec('shop', 'db'), rec('shop', 'other'));
  return { store, r, f };
}

test('y shows YAML with managedFields hidden until m, Secret values masked until x decodes them', async () => {
  const asked: string[] = [];
  const { store, r } = setup(async (_res, row) => {
    asked.push(row.key);
    return { object: secret, events: [] };
  });
  try {
    await waitFrame(r, (s) => s.includes('things(all)[2]'));
    await press(r, 'y');
    let frame = await waitFrame(r, (s) => s.includes('yaml(shop/db)'));
    assert.deepEqual(asked, ['shop/db']);
    assert.match(frame, /managedFields hidden/);
    assert.match(frame, /password: ••••••••/);
    assert.doesNotMatch(frame, /hunter2/);
    await press(r, 'x');
    frame = await waitFrame(r, (s) => s.includes('hunter2'));
    assert.match(frame, /DECODED/);
    assert.match(frame, /evil: "x\\e\]0;t\\a"/, "control characters in decoded values are escaped");
    assert.doesNotMatch(r.lastFrame() ?? '', /\x1b\]0;t/);
    await press(r, 'm');
    await waitFrame(r, (s) => s.includes('manager: kubectl'));
    await press(r, KEY.esc);
    await waitFrame(r, (s) => s.includes('things(all)[2]'));
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('d shows describe (a Secret: sizes, no values, no events); / searches; load errors are shown, not thrown', async () => {
  let fail = false;
  const { store, r } = setup(async () => {
    if (fail) throw new Error('forbidden: secrets "db" is forbidden');
    return { object: secret, events: [event] };
  });
  try {
    await waitFrame(r, (s) => s.includes('things(all)[2]'));
    await press(r, 'd');
    let frame = await waitFrame(r, (s) => s.includes('describe(shop/db)') && s.includes('password:'));
    // kubectl describes a Secret without its Events (util/describe.test.ts has the Events table)
    assert.doesNotMatch(frame, /Events:|made it/);
    assert.match(frame, /password:\s+7 bytes/);
    assert.doesNotMatch(frame, /hunter2/);
    await press(r, '/', 'e', 'v', 'e', 'n', 't', 's');
    await waitFrame(r, (s) => s.includes('/events'));
    await press(r, KEY.enter);
    frame = await waitFrame(r, (s) => !s.includes('/events'));
    await press(r, KEY.esc);
    fail = true;
    await press(r, 'j', 'y');
    await waitFrame(r, (s) => s.includes('forbidden: secrets "db" is forbidden'));
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('describe and YAML fetch the object again when its row shows a new resourceVersion', async () => {
  let version = 1;
  const asked: string[] = [];
  const { store, r, f } = setup(async (_res, row) => {
    asked.push(`${row.key}@${row.rv}`);
    return { object: { ...secret, data: { [`key-v${version}`]: 'eA==' } }, events: [] };
  });
  try {
    await waitFrame(r, (s) => s.includes('things(all)[2]'));
    await press(r, 'd');
    await waitFrame(r, (s) => s.includes('describe(shop/db)') && s.includes('key-v1:'));
    version = 2;
    f.last().put({ ...rec('shop', 'other'), rv: '7' });
    f.last().put({ ...rec('shop', 'db'), rv: '8' });
    const frame = await waitFrame(r, (s) => s.includes('key-v2:'));
    assert.doesNotMatch(frame, /key-v1/);
    assert.deepEqual(asked, ['shop/db@1', 'shop/db@8'], 'another row changing does not reload');
  } finally {
    r.unmount();
    store.dispose();
  }
});
