// `:helm` in the App with the real services around a test transport: the release list built from record
// watches (fake sources fed with records encoded as helm encodes them), the history with its diff, and the
// rollback and uninstall dialogs (refused in read-only mode before any write).
import '../helpers/force-color.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { App } from '../../src/ui/App.js';
import { AppStore } from '../../src/store/app-store.js';
import { createKeymap } from '../../src/keys/commands.js';
import { monochromeTheme } from '../../src/ui/theme/theme.js';
import { helmReleases } from '../../src/resources/helmreleases.js';
import type { ReleaseJson } from '../../src/util/helm/codec.js';
import { releaseRecord } from '../../src/util/helm/records.js';
import type { SourceFactory } from '../../src/store/sources/source.js';
import type { Services } from '../../src/store/services.js';
import { fakeSources } from '../helpers/fake-source.js';
import { recordingTransport, testServices } from '../helpers/services.js';
import { KEY, plain, press, renderSized, waitFrame } from '../helpers/ink.js';

const MANIFEST = (image: string) => `---\n# Source: web/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: ${image}\n`;

function release(name: string, ns: string, version: number, status: string, chart: string, extra: Partial<ReleaseJson> = {}): ReleaseJson {
  return {
    name,
    namespace: ns,
    version,
    info: { first_deployed: '2026-11-01T10:00:00Z', last_deployed: `2026-11-0${version}T10:00:00Z`, status, description: version === 1 ? 'Install complete' : 'Upgrade complete' },
    chart: { metadata: { name, version: chart, appVersion: `${chart}-app` }, values: { replicaCount: 1 } },
    config: { replicaCount: version },
    manifest: MANIFEST(`${name}:${chart}`),
    ...extra,
  };
}

const WEB = [release('web', 'shop', 1, 'superseded', '1.0.0'), release('web', 'shop', 2, 'deployed', '1.1.0')];
const asRecord = (driver: 'secret' | 'configmap', r: ReleaseJson, rv = '1') => {
  const o = releaseRecord(driver, r);
  return { ...o, metadata: { ...o.metadata, uid: o.metadata.name, resourceVersion: rv, creationTimestamp: '2026-11-01T10:00:00Z' } };
};

/** Aggregated discovery naming apps/v1 Deployments: what rollback maps the manifest's objects with. */
const DISCOVERY: Record<string, unknown> = {
  '/api': { kind: 'APIGroupDiscoveryList', items: [] },
  '/apis': {
    kind: 'APIGroupDiscoveryList',
    items: [{ metadata: { name: 'apps' }, versions: [{ version: 'v1', resources: [{ resource: 'deployments', responseKind: { kind: 'Deployment' }, scope: 'Namespaced', verbs: ['list', 'watch'] }] }] }],
  },
};

function setup(readOnly: boolean) {
  const f = fakeSources();
  // what the transport answers: the records of `web` (Secrets), none in ConfigMaps
  const rec = recordingTransport(readOnly, (path) => (path in DISCOVERY ? DISCOVERY[path] : { items: path.endsWith('/secrets') ? WEB.map((r) => asRecord('secret', r)) : [] }));
  const services: Services = testServices({ transport: rec.transport, readOnly });
  const sources: SourceFactory = (req) => services.helm?.source(f.factory, req) ?? f.factory(req);
  const store = new AppStore({ sources, initial: { resource: helmReleases, namespace: undefined } });
  const info = { context: 'c', server: 's', user: 'u', simulated: false, readonly: readOnly, version: '0' };
  const r = renderSized(<App store={store} info={info} keymap={createKeymap({}, readOnly)} theme={monochromeTheme} services={services} />, 150, 34);
  const secrets = () => f.all.find((s) => s.req.resource.plural === 'secrets');
  const configmaps = () => f.all.find((s) => s.req.resource.plural === 'configmaps');
  return { f, store, r, sent: rec.sent, secrets, configmaps };
}

test(':helm lists the latest revision of each release, from Secrets and ConfigMaps, with helm list columns, live', async () => {
  const { store, r, secrets, configmaps } = setup(false);
  try {
    const [sec, cm] = [secrets(), configmaps()];
    assert.ok(sec && cm, 'both record collections are watched');
    assert.equal(sec.req.labelSelector, 'owner=helm');
    assert.equal(cm.req.labelSelector, 'owner=helm');
    const def = (plural: string) => helmReleases.records.find((x) => x.def.plural === plural)?.def;
    for (const x of WEB) sec.put(def('secrets')?.project(asRecord('secret', x)) as never);
    cm.put(def('configmaps')?.project(asRecord('configmap', release('redis', 'data', 1, 'deployed', '19.0.1'))) as never);
    const frame = plain(await waitFrame(r, (s) => s.includes('helm(all)[2]') && s.includes('redis')));
    assert.match(frame, /NAME\s+NAMESPACE\s+REVISION\s+UPDATED\s+STATUS\s+CHART\s+APP VERSION/);
    assert.doesNotMatch(frame, /NAMESPACE\s+NAME\s+NAMESPACE/, 'NAMESPACE once, where helm list has it');
    assert.match(frame, /web\s+shop\s+2\s+2026-11-02 10:00:00 \+0000 UTC\s+deployed\s+web-1\.1\.0\s+1\.1\.0-app/);
    assert.match(frame, /redis\s+data\s+1\s+2026-11-01 10:00:00 \+0000 UTC\s+deployed\s+redis-19\.0\.1\s+19\.0\.1-app/);
    assert.doesNotMatch(frame, /web\s+shop\s+1\s/, 'one row per release');
    // an upgrade by someone else shows up: revision 3, failed
    sec.put(def('secrets')?.project(asRecord('secret', release('web', 'shop', 3, 'failed', '1.2.0'))) as never);
    await waitFrame(r, (s) => /web\s+shop\s+3\s+.*failed\s+web-1\.2\.0/.test(plain(s)));
    // the keys the kind declares are in the header
    assert.match(frame, /<v> Values/);
    assert.match(frame, /<u> History/);
    assert.match(frame, /<ctrl-d> Uninstall/);
  } finally {
    r.unmount();
    store.dispose();
  }
});

async function showWeb(x: ReturnType<typeof setup>) {
  const def = helmReleases.records.find((d) => d.def.plural === 'secrets')?.def;
  for (const w of WEB) x.secrets()?.put(def?.project(asRecord('secret', w)) as never);
  await waitFrame(x.r, (s) => s.includes('helm(all)[1]'));
}

test('u shows the history newest first, the current revision marked; another shows the values and manifest diff; y rolls back', async () => {
  const x = setup(false);
  const { r, store, sent } = x;
  try {
    await showWeb(x);
    await press(r, 'u');
    let frame = plain(await waitFrame(r, (s) => s.includes('history(shop/web)') && s.includes('Install complete')));
    assert.match(frame, /REVISION\s+UPDATED\s+STATUS\s+CHART\s+APP VERSION\s+DESCRIPTION/);
    assert.match(frame, /\*2\s+Mon Nov {2}2 10:00:00 2026\s+deployed\s+web-1\.1\.0\s+1\.1\.0-app\s+Upgrade complete/);
    assert.ok(frame.indexOf('*2 ') < frame.indexOf(' 1 '), 'newest first');
    assert.match(frame, /The current revision \(\*\) is selected/);
    await press(r, 'j');
    frame = plain(await waitFrame(r, (s) => s.includes('Values: revision 2 → 1')));
    assert.match(frame, /- replicaCount: 2/);
    assert.match(frame, /\+ replicaCount: 1/);
    assert.match(frame, /Manifest: revision 2 → 1/);
    assert.match(frame, /- +image: web:1\.1\.0/);
    assert.match(frame, /\+ +image: web:1\.0\.0/);
    assert.deepEqual(sent.filter((q) => q.method !== 'GET'), [], 'reading the history writes nothing');
    await press(r, KEY.enter);
    await waitFrame(r, (s) => s.includes('Roll release shop/web back to revision 1 (web-1.0.0)?'));
    await press(r, 'y');
    await waitFrame(r, () => sent.some((q) => q.method === 'POST'));
    const post = sent.find((q) => q.method === 'POST');
    assert.equal(post?.path, '/api/v1/namespaces/shop/secrets');
    const body = post?.body as { metadata: { name: string; labels: Record<string, string> } };
    assert.equal(body.metadata.name, 'sh.helm.release.v1.web.v3');
    assert.equal(body.metadata.labels['status'], 'pending-rollback');
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('read-only: the history opens, but rollback and uninstall are refused before any write', async () => {
  const x = setup(true);
  const { r, store, sent } = x;
  try {
    await showWeb(x);
    let frame = plain(await waitFrame(r, (s) => s.includes('<u> History')));
    assert.doesNotMatch(frame, /<ctrl-d> Uninstall/);
    await press(r, '\x04');
    await waitFrame(r, (s) => s.includes('read-only mode: uninstall is disabled'));
    await press(r, 'u');
    await waitFrame(r, (s) => s.includes('Install complete'));
    await press(r, 'j', KEY.enter);
    frame = await waitFrame(r, (s) => s.includes('read-only mode: rollback is disabled'));
    assert.doesNotMatch(frame, /Roll release/);
    assert.deepEqual(sent.filter((q) => q.method !== 'GET'), []);
  } finally {
    r.unmount();
    store.dispose();
  }
});

test('v shows the user-supplied values, a the computed ones; m the manifest', async () => {
  const x = setup(false);
  const { r, store } = x;
  try {
    await showWeb(x);
    await press(r, 'v');
    await waitFrame(r, (s) => s.includes('USER-SUPPLIED VALUES:') && s.includes('replicaCount: 2'));
    await press(r, 'a');
    await waitFrame(r, (s) => s.includes('COMPUTED VALUES:'));
    await press(r, KEY.esc, 'm');
    await waitFrame(r, (s) => s.includes('# Source: web/templates/deploy.yaml') && s.includes('image: web:1.1.0'));
    // ctrl-d asks before uninstalling; n sends nothing
    await press(r, KEY.esc, '\x04');
    await waitFrame(r, (s) => s.includes('Uninstall release shop/web?'));
    await press(r, 'n');
    await waitFrame(r, (s) => s.includes('helm(all)[1]') && !s.includes('Uninstall release'));
    assert.deepEqual(x.sent.filter((q) => q.method !== 'GET'), []);
  } finally {
    r.unmount();
    store.dispose();
  }
});
