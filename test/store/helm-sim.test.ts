// `:helm` in the data layer against the simulated cluster (HTTPS on a loopback port): the release rows come
// from watches of the record collections, the history and texts from the HelmService, and rollback and
// uninstall run as kube actions through the ActionService, writing records the way helm does; read-only
// refuses both below the UI.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseKubeconfig } from '../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../src/kube/kubeconfig.js';
import { createTransport } from '../../src/kube/transport.js';
import type { Transport } from '../../src/kube/transport.js';
import { Reflector } from '../../src/kube/reflector.js';
import { startSim } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { CONFIGMAPS, DEPLOYMENTS, PODS, SECRETS, SERVICES } from '../../src/sim/resources.js';
import type { Deployment, KObject, Pod } from '../../src/util/k8s.js';
import { decodeRecordData } from '../../src/util/helm/codec.js';
import type { ReleaseJson } from '../../src/util/helm/codec.js';
import { helmReleases } from '../../src/resources/helmreleases.js';
import { releaseRecord } from '../../src/util/helm/records.js';
import type { HelmReleaseRec } from '../../src/resources/helmreleases.js';
import { helmResources } from '../../src/resources/helmresources.js';
import type { HelmResourceRec } from '../../src/resources/helmresources.js';
import { HelmService } from '../../src/store/helm/service.js';
import { ActionService } from '../../src/store/actions/actions.js';
import type { Source, SourceFactory } from '../../src/store/sources/source.js';
import { HELM_STORAGE } from '../helpers/declared.js';
import { waitFor } from '../helpers/wait.js';

async function transportFor(kubeconfig: string, readOnly = false): Promise<Transport> {
  const load = parseKubeconfig(kubeconfig, 'test');
  assert.equal(load.kind, 'loaded');
  return createTransport((load as { config: LoadedKubeconfig }).config, undefined, { readOnly });
}

/** The connection's cluster sources, reduced to what this test needs: a reflector per request. */
const reflectors = (t: Transport): SourceFactory => (req) =>
  new Reflector({
    transport: t,
    path: { group: req.resource.group, version: req.resource.version, plural: req.resource.plural, ...(req.namespace ? { namespace: req.namespace } : {}) },
    ...(req.labelSelector ? { labelSelector: req.labelSelector } : {}),
    project: req.resource.project,
    onChange: req.onChange,
  });

const records = (sim: SimHandle): { name: string; labels: Record<string, string>; release: ReleaseJson }[] =>
  sim.storage
    .list(SECRETS, 'default')
    .items.filter((s) => s.metadata.labels?.['owner'] === 'helm')
    .map((s) => {
      const d = decodeRecordData('secret', (s as KObject & { data: Record<string, string> }).data['release']);
      assert.ok(d.ok, `${s.metadata.name ?? ''} decodes`);
      return { name: s.metadata.name ?? '', labels: s.metadata.labels ?? {}, release: d.release };
    })
    .sort((a, b) => (a.release.version ?? 0) - (b.release.version ?? 0));

const image = (sim: SimHandle): string | undefined =>
  (sim.storage.get(DEPLOYMENTS, 'default', 'podinfo') as Deployment | undefined)?.spec?.template?.spec?.containers[0]?.image;

void describe(':helm against the simulated cluster', () => {
  let sim: SimHandle;
  let t: Transport;
  let ro: Transport;
  let source: Source;
  let objects: Source;
  const rows = (): HelmReleaseRec[] => [...source.items()] as HelmReleaseRec[];
  const objectRows = (): string[] => ([...objects.items()] as HelmResourceRec[]).map((r) => `${r.objectKind}/${r.name}:${r.statusText}`).sort();
  before(async () => {
    sim = await startSim({ scenario: 'demo', seed: 7 });
    t = await transportFor(sim.kubeconfig());
    ro = await transportFor(sim.kubeconfig(), true);
    const helm = new HelmService(Promise.resolve(t));
    source = helm.source(reflectors(t), { resource: helmReleases, namespace: undefined, onChange: () => undefined }) as Source;
    source.start();
    // Enter on the release: its objects, by the drill-down its row declares
    const drill = helmReleases.drill?.({ ...helmReleases.project({ metadata: { name: 'x' } }), name: 'podinfo', namespace: 'default' });
    assert.deepEqual(drill, { resource: 'helmresources', namespace: 'default', labelSelector: 'name=podinfo' });
    objects = helm.source(reflectors(t), { resource: helmResources, namespace: drill?.namespace, labelSelector: drill?.labelSelector ?? '', onChange: () => undefined }) as Source;
    objects.start();
  });
  after(async () => {
    source?.stop();
    objects?.stop();
    await t?.close();
    await ro?.close();
    await sim?.close();
  });

  it('lists the demo release at its latest revision (3, failed) and its history with revision 2 current', async () => {
    const row = await waitFor(() => rows().find((r) => r.name === 'podinfo'), { what: 'the podinfo row' });
    assert.equal(rows().length, 1, 'one row per release, not per revision');
    assert.deepEqual([row.namespace, row.revision, row.releaseStatus, row.chart, row.appVersion], ['default', 3, 'failed', 'podinfo-6.8.0', '6.8.0']);
    assert.deepEqual(helmReleases.row(row, Date.now()).slice(0, 3), ['podinfo', 'default', '3']);
    const h = await new HelmService(Promise.resolve(t)).history(row, HELM_STORAGE);
    assert.ok(h.ok);
    assert.deepEqual(h.revisions.map((r) => [r.revision, r.status, r.current]), [
      [3, 'failed', false],
      [2, 'deployed', true],
      [1, 'superseded', false],
    ]);
    await waitFor(() => objectRows().join(' ') === 'ConfigMap/podinfo-ui:Active Deployment/podinfo:Available Service/podinfo:ClusterIP', {
      what: () => `the release's objects with their status: ${objectRows().join(' ')}`,
    });
    const values = await new HelmService(Promise.resolve(t)).text(row, HELM_STORAGE, 'values', true);
    assert.ok(values.ok && values.computable);
    assert.equal(values.lines[0], 'COMPUTED VALUES:');
    assert.ok(values.lines.includes('  repository: ghcr.io/stefanprodan/podinfo'), values.lines.join('\n'));
  });

  it('read-only mode refuses rollback and uninstall below the UI; nothing changes', async () => {
    const row = rows().find((r) => r.name === 'podinfo') as HelmReleaseRec;
    const before = records(sim).map((r) => r.labels['status']);
    const actions = new ActionService(Promise.resolve(ro), true);
    const rb = await actions.run('helm-rollback', helmReleases, row, { storage: HELM_STORAGE, toRevision: 1 });
    const un = await actions.run('helm-uninstall', helmReleases, row, { storage: HELM_STORAGE });
    assert.equal(rb.ok, false);
    assert.match(rb.message, /read-only mode: helm rollback refused/);
    assert.equal(un.ok, false);
    assert.match(un.message, /read-only mode: helm uninstall refused/);
    assert.deepEqual(records(sim).map((r) => r.labels['status']), before);
    assert.equal(image(sim), 'ghcr.io/stefanprodan/podinfo:6.7.1');
  });

  it('rolls back as helm rollback does: revision 1 applied, what it lacks deleted, revision 4 deployed', async () => {
    const row = rows().find((r) => r.name === 'podinfo') as HelmReleaseRec;
    assert.ok(sim.storage.get(CONFIGMAPS, 'default', 'podinfo-ui'), 'revision 2 has a ConfigMap');
    const r = await new ActionService(Promise.resolve(t), false).run('helm-rollback', helmReleases, row, { storage: HELM_STORAGE, toRevision: 1 });
    assert.ok(r.ok, r.message);
    assert.deepEqual(r.value, { revision: 4, to: 1 });
    assert.equal(image(sim), 'ghcr.io/stefanprodan/podinfo:6.7.0');
    const d = sim.storage.get(DEPLOYMENTS, 'default', 'podinfo') as Deployment;
    assert.equal(d.spec?.replicas, 1);
    assert.equal((d.spec?.template.spec?.containers[0] as { envFrom?: unknown } | undefined)?.envFrom, undefined, 'what revision 1 does not set is removed (helm 3 patches from the old manifest)');
    assert.equal(d.metadata.annotations?.['meta.helm.sh/release-name'], 'podinfo');
    assert.equal(d.metadata.labels?.['app.kubernetes.io/managed-by'], 'Helm');
    assert.equal(sim.storage.get(CONFIGMAPS, 'default', 'podinfo-ui'), undefined, 'the object revision 1 does not have is deleted');
    assert.ok(sim.storage.get(SERVICES, 'default', 'podinfo'));
    const recs = records(sim);
    assert.deepEqual(recs.map((x) => [x.name, x.labels['status'], x.release.info?.status]), [
      ['sh.helm.release.v1.podinfo.v1', 'superseded', 'superseded'],
      ['sh.helm.release.v1.podinfo.v2', 'superseded', 'superseded'],
      ['sh.helm.release.v1.podinfo.v3', 'failed', 'failed'],
      ['sh.helm.release.v1.podinfo.v4', 'deployed', 'deployed'],
    ]);
    const v4 = recs[3] as (typeof recs)[number];
    const v1 = recs[0] as (typeof recs)[number];
    assert.equal(v4.release.info?.description, 'Rollback to 1');
    assert.equal(v4.release.info?.rollback_revision, 1);
    assert.equal(v4.release.info?.first_deployed, v1.release.info?.first_deployed);
    assert.equal(v4.release.manifest, v1.release.manifest);
    assert.deepEqual(v4.release.config, v1.release.config);
    assert.equal(v4.release.chart?.metadata?.version, '6.7.0');
    assert.equal(v4.labels['version'], '4');
    assert.equal(v4.labels['name'], 'podinfo');
    assert.equal(v4.labels['owner'], 'helm');
    assert.equal((sim.storage.get(SECRETS, 'default', 'sh.helm.release.v1.podinfo.v4') as KObject & { type?: string }).type, 'helm.sh/release.v1');
    // the rows follow the records live, and the cluster's controllers roll the pods to the old image
    await waitFor(() => rows().find((x) => x.name === 'podinfo' && x.revision === 4 && x.releaseStatus === 'deployed'), { what: 'row at revision 4' });
    await waitFor(() => objectRows().join(' ') === 'Deployment/podinfo:Available Service/podinfo:ClusterIP', { what: () => `revision 1's objects: ${objectRows().join(' ')}` });
    // rolling back to the failed revision 3 fails as its upgrade did (a Deployment's selector is immutable)
    const again = await new ActionService(Promise.resolve(t), false).run('helm-rollback', helmReleases, row, { storage: HELM_STORAGE, toRevision: 3 });
    assert.equal(again.ok, false);
    assert.match(again.message, /Rollback "podinfo" failed: .*spec\.selector: .*field is immutable/);
    assert.deepEqual(records(sim).map((x) => x.labels['status']), ['superseded', 'superseded', 'failed', 'superseded', 'failed']);
    assert.equal(image(sim), 'ghcr.io/stefanprodan/podinfo:6.7.0', 'the refused patch changed nothing');
    await waitFor(
      () => {
        const pods = (sim.storage.list(PODS, 'default').items as Pod[]).filter((p) => p.metadata.labels?.['app.kubernetes.io/instance'] === 'podinfo' && !p.metadata.deletionTimestamp);
        return pods.length === 1 && pods.every((p) => p.spec?.containers[0]?.image === 'ghcr.io/stefanprodan/podinfo:6.7.0');
      },
      { what: 'podinfo pods on 6.7.0', timeoutMs: 60_000 },
    );
  });

  it('a rollback the server refuses leaves the new revision failed and the deployed one superseded, as helm does; an unknown kind writes nothing', async () => {
    const cm = (name: string) => `---\n# Source: b/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: b\n`;
    const rel = (version: number, status: string, manifest: string): ReleaseJson => ({
      name: 'broken',
      namespace: 'shop',
      version,
      info: { first_deployed: '2026-11-01T10:00:00Z', last_deployed: '2026-11-02T10:00:00Z', status, description: 'Upgrade complete' },
      chart: { metadata: { name: 'b', version: `0.${version}.0` } },
      manifest,
    });
    const put = (r: ReleaseJson) => t.request('/api/v1/namespaces/shop/secrets', { method: 'POST', body: releaseRecord('secret', r) });
    await put(rel(1, 'superseded', '---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n'));
    await put(rel(2, 'superseded', cm('Not_A_Name')));
    await put(rel(3, 'deployed', cm('broken-ok')));
    const row = await waitFor(() => rows().find((r) => r.name === 'broken'), { what: 'the broken row' });
    const actions = new ActionService(Promise.resolve(t), false);
    const statuses = () =>
      sim.storage
        .list(SECRETS, 'shop')
        .items.filter((x) => x.metadata.labels?.['name'] === 'broken')
        .map((x) => `${x.metadata.labels?.['version'] ?? ''}:${x.metadata.labels?.['status'] ?? ''}`)
        .sort();
    const unknown = await actions.run('helm-rollback', helmReleases, row, { storage: HELM_STORAGE, toRevision: 1 });
    assert.equal(unknown.ok, false);
    assert.match(unknown.message, /no matches for kind "Widget" in version "example.com\/v1"/);
    assert.deepEqual(statuses(), ['1:superseded', '2:superseded', '3:deployed'], 'nothing written');
    const refused = await actions.run('helm-rollback', helmReleases, row, { storage: HELM_STORAGE, toRevision: 2 });
    assert.equal(refused.ok, false);
    assert.match(refused.message, /Rollback "broken" failed: /);
    assert.deepEqual(statuses(), ['1:superseded', '2:superseded', '3:superseded', '4:failed']);
    const v4 = sim.storage.get(SECRETS, 'shop', 'sh.helm.release.v1.broken.v4') as KObject & { data: Record<string, string> };
    const d = decodeRecordData('secret', v4.data['release']);
    assert.ok(d.ok);
    assert.match(d.release.info?.description ?? '', /^Rollback "broken" failed: /);
  });

  it('a release stored by the configmap driver is listed, rolled back and uninstalled in ConfigMaps', async () => {
    const cm = (value: string) => `---\n# Source: c/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cmrel-settings\ndata:\n  value: ${value}\n`;
    const rel = (version: number, status: string, value: string): ReleaseJson => ({
      name: 'cmrel',
      namespace: 'shop',
      version,
      info: { first_deployed: '2026-11-01T10:00:00Z', last_deployed: `2026-11-0${version}T10:00:00Z`, status, description: 'Upgrade complete' },
      chart: { metadata: { name: 'c', version: `1.${version}.0`, appVersion: '1' } },
      config: { value },
      manifest: cm(value),
    });
    await t.request('/api/v1/namespaces/shop/configmaps', { method: 'POST', body: releaseRecord('configmap', rel(1, 'superseded', 'one')) });
    await t.request('/api/v1/namespaces/shop/configmaps', { method: 'POST', body: releaseRecord('configmap', rel(2, 'deployed', 'two')) });
    await t.request('/api/v1/namespaces/shop/configmaps', { method: 'POST', body: { metadata: { name: 'cmrel-settings', namespace: 'shop' }, data: { value: 'two' } } });
    const row = await waitFor(() => rows().find((r) => r.name === 'cmrel' && r.revision === 2), { what: 'the cmrel row' });
    assert.equal(row.driver, 'configmap');
    assert.equal(row.chart, 'c-1.2.0');
    const actions = new ActionService(Promise.resolve(t), false);
    const r = await actions.run('helm-rollback', helmReleases, row, { storage: HELM_STORAGE, toRevision: 1 });
    assert.ok(r.ok, r.message);
    const settings = sim.storage.get(CONFIGMAPS, 'shop', 'cmrel-settings') as KObject & { data: Record<string, string> };
    assert.equal(settings.data['value'], 'one');
    const v3 = sim.storage.get(CONFIGMAPS, 'shop', 'sh.helm.release.v1.cmrel.v3') as KObject & { data: Record<string, string> };
    assert.ok(v3, 'the new revision is a ConfigMap, as the release was stored');
    assert.equal(sim.storage.get(SECRETS, 'shop', 'sh.helm.release.v1.cmrel.v3'), undefined);
    const d = decodeRecordData('configmap', v3.data['release']);
    assert.ok(d.ok);
    assert.equal(d.release.info?.status, 'deployed');
    assert.equal(v3.metadata.labels?.['status'], 'deployed');
    const latest = await waitFor(() => rows().find((x) => x.name === 'cmrel' && x.revision === 3), { what: 'cmrel at 3' });
    const u = await actions.run('helm-uninstall', helmReleases, latest, { storage: HELM_STORAGE });
    assert.ok(u.ok, u.message);
    assert.deepEqual(sim.storage.list(CONFIGMAPS, 'shop').items.filter((x) => x.metadata.name?.includes('cmrel')), []);
  });

  it('uninstalls as helm uninstall does: the manifest objects, then every record', async () => {
    const row = rows().find((r) => r.name === 'podinfo') as HelmReleaseRec;
    const r = await new ActionService(Promise.resolve(t), false).run('helm-uninstall', helmReleases, row, { storage: HELM_STORAGE });
    assert.ok(r.ok, r.message);
    assert.equal(r.message, 'release "podinfo" uninstalled');
    assert.equal(records(sim).length, 0);
    await waitFor(() => !sim.storage.get(DEPLOYMENTS, 'default', 'podinfo'), { what: 'deployment gone' });
    assert.equal(sim.storage.get(SERVICES, 'default', 'podinfo'), undefined);
    await waitFor(() => !rows().some((x) => x.name === 'podinfo'), { what: 'no podinfo row' });
  });
});
