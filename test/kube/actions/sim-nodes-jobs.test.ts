// Node, CronJob and edit actions against the real simulated cluster: cordon/uncordon, drain (pods leave
// the node and come back elsewhere), CronJob trigger (a Job owned by the CronJob), apply of an edited YAML
// with a 409 on a concurrent change, the sim-viewer user's 403 as a value, and read-only sending nothing.
import { DRAIN_PLAN, JOB_CREATES } from '../../helpers/declared.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dump } from 'js-yaml';
import { runAction } from '../../../src/kube/actions/runner.js';
import type { ActionContext, ActionTarget } from '../../../src/kube/actions/types.js';
import { parseKubeconfig } from '../../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../../src/kube/kubeconfig.js';
import { createTransport } from '../../../src/kube/transport.js';
import type { Transport } from '../../../src/kube/transport.js';
import { CONFIGMAPS, DEPLOYMENTS, JOBS, NAMESPACES, NODES, PODS } from '../../../src/sim/index.js';
import type { SimHandle } from '../../../src/sim/index.js';
import type { KObject } from '../../../src/util/k8s.js';
import { simWithTransport } from './sim-helpers.js';
import { waitFor } from '../../helpers/wait.js';

const node = (name: string): ActionTarget => ({ group: '', version: 'v1', plural: 'nodes', name });

void describe('node, cronjob and edit actions against the simulator', { timeout: 120_000 }, () => {
  let sim: SimHandle;
  let t: Transport;
  let ctx: ActionContext;
  before(async () => {
    ({ sim, t } = await simWithTransport(12));
    ctx = { transport: t };
  });
  after(async () => {
    await t?.close();
    await sim?.close();
  });
  const unschedulable = (n: string): boolean => (sim.storage.get(NODES, undefined, n) as { spec?: { unschedulable?: boolean } }).spec?.unschedulable === true;
  // drain leaves DaemonSet pods where they are (as kubectl does), so they are not counted
  const livePodsOn = (n: string): KObject[] =>
    sim.storage
      .list(PODS)
      .items.filter(
        (p) =>
          (p.spec as { nodeName?: string }).nodeName === n &&
          !p.metadata.deletionTimestamp &&
          !p.metadata.ownerReferences?.some((o) => o.kind === 'DaemonSet'),
      );

  void it('cordon and uncordon', async () => {
    assert.equal((await runAction(ctx, 'cordon', { target: node('kubedeck-worker2') })).message, 'node/kubedeck-worker2 cordoned');
    assert.ok(unschedulable('kubedeck-worker2'));
    assert.equal((await runAction(ctx, 'cordon', { target: node('kubedeck-worker2') })).message, 'node/kubedeck-worker2 already cordoned');
    assert.equal((await runAction(ctx, 'uncordon', { target: node('kubedeck-worker2') })).message, 'node/kubedeck-worker2 uncordoned');
    assert.ok(!unschedulable('kubedeck-worker2'));
  });

  void it('drain: cordons, removes every pod from the node, controllers recreate them elsewhere', async () => {
    const before = await waitFor(() => {
      const p = livePodsOn('kubedeck-worker');
      return p.length > 0 && p;
    }, { what: 'pods on kubedeck-worker' });
    const total = sim.storage.list(PODS).items.filter((p) => !p.metadata.deletionTimestamp).length;
    const r = await runAction(ctx, 'drain', { target: node('kubedeck-worker'), ...DRAIN_PLAN, deleteEmptyDirData: true });
    assert.ok(r.ok, r.message);
    assert.equal(r.value.cordoned, true);
    assert.deepEqual([...r.value.removed].sort(), before.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort());
    assert.deepEqual(r.value.failed, []);
    assert.ok(unschedulable('kubedeck-worker'));
    await waitFor(() => livePodsOn('kubedeck-worker').length === 0, { what: 'no live pods left on the node', timeoutMs: 30_000 });
    await waitFor(() => {
      const live = sim.storage.list(PODS).items.filter((p) => !p.metadata.deletionTimestamp);
      return live.length === total && live.every((p) => (p.spec as { nodeName?: string }).nodeName !== 'kubedeck-worker' || p.metadata.ownerReferences?.some((o) => o.kind === 'DaemonSet'));
    }, { what: 'replacements scheduled elsewhere', timeoutMs: 30_000 });
    assert.ok((await runAction(ctx, 'uncordon', { target: node('kubedeck-worker') })).ok);
  });

  void it('cronjob trigger creates a manual Job owned by the CronJob', async () => {
    const jobTemplate = { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } };
    const cj = await t.request<KObject>('/apis/batch/v1/namespaces/default/cronjobs', {
      method: 'POST',
      body: { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly', namespace: 'default' }, spec: { schedule: '0 0 * * *', jobTemplate } },
    });
    const r = await runAction(ctx, 'trigger', { target: { group: 'batch', version: 'v1', plural: 'cronjobs', namespace: 'default', name: 'nightly' }, creates: JOB_CREATES });
    assert.ok(r.ok, r.message);
    assert.match(r.value.job, /^nightly-manual-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const job = sim.storage.get(JOBS, 'default', r.value.job);
    assert.ok(job, 'job stored');
    assert.equal(job.metadata.annotations?.['cronjob.kubernetes.io/instantiate'], 'manual');
    assert.deepEqual(job.metadata.ownerReferences?.map((o) => [o.kind, o.name, o.uid, o.controller]), [['CronJob', 'nightly', cj.metadata.uid, true]]);
  });

  void it('apply an edited YAML as a merge patch: concurrent changes to other fields survive', async () => {
    await t.request('/api/v1/namespaces/default/configmaps', { method: 'POST', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { a: '1' } } });
    const target: ActionTarget = { group: '', version: 'v1', plural: 'configmaps', namespace: 'default', name: 'cfg' };
    const original = await t.request<KObject & { data: Record<string, string> }>('/api/v1/namespaces/default/configmaps/cfg');
    const r = await runAction(ctx, 'edit', { target, original, yaml: dump({ ...original, data: { a: '2' } }) });
    assert.ok(r.ok, r.message);
    assert.equal((sim.storage.get(CONFIGMAPS, 'default', 'cfg') as unknown as { data: Record<string, string> }).data['a'], '2');
    // editing the stale copy again (the server has moved on, and someone added a label meanwhile):
    // only what this edit changed is sent, so the label stays, like `kubectl edit`
    await t.request('/api/v1/namespaces/default/configmaps/cfg', {
      method: 'PATCH',
      body: { metadata: { labels: { team: 'x' } } },
      contentType: 'application/merge-patch+json',
    });
    const stale = await runAction(ctx, 'edit', { target, original, yaml: dump({ ...original, data: { a: '3' } }) });
    assert.ok(stale.ok, stale.message);
    const now = sim.storage.get(CONFIGMAPS, 'default', 'cfg') as unknown as { data: Record<string, string>; metadata: { labels?: Record<string, string> } };
    assert.equal(now.data['a'], '3');
    assert.deepEqual(now.metadata.labels, { team: 'x' });
    const invalid = await runAction(ctx, 'edit', { target, original, yaml: 'metadata:\n  name: cfg\n  labels: [\n' });
    assert.ok(!invalid.ok && invalid.error.reason === 'Invalid' && /YAML line \d+/.test(invalid.message));
  });

  void it('the sim-viewer user gets a forbidden value, not an exception', async () => {
    const load = parseKubeconfig(sim.kubeconfig(), 'sim');
    assert.equal(load.kind, 'loaded');
    const cfg = (load as { config: LoadedKubeconfig }).config;
    const viewerCtx = cfg.contexts.find((c) => c.name !== 'kubedeck-sim')?.name;
    if (!viewerCtx) return; // no viewer context in the generated kubeconfig
    const vt = await createTransport(cfg, viewerCtx);
    try {
      const r = await runAction({ transport: vt }, 'scale', { target: { group: 'apps', version: 'v1', plural: 'deployments', namespace: 'shop', name: 'frontend' }, replicas: 1 });
      assert.ok(!r.ok);
      assert.equal(r.error.reason, 'Forbidden');
      assert.ok(!r.message.includes('\n'));
    } finally {
      await vt.close();
    }
  });

  void it('read-only: no action reaches the server', async () => {
    const { sim: s2, t: ro } = await simWithTransport(13, true);
    try {
      const c: ActionContext = { transport: ro };
      const results = [
        await runAction(c, 'scale', { target: { group: 'apps', version: 'v1', plural: 'deployments', namespace: 'shop', name: 'frontend' }, replicas: 9 }),
        await runAction(c, 'drain', { target: node('kubedeck-worker'), ...DRAIN_PLAN, force: true }),
        await runAction(c, 'delete', { target: { group: '', version: 'v1', plural: 'namespaces', name: 'shop' } }),
      ];
      assert.ok(results.every((r) => !r.ok && r.error.reason === 'Forbidden'));
      assert.ok(!(s2.storage.get(NODES, undefined, 'kubedeck-worker') as { spec?: { unschedulable?: boolean } }).spec?.unschedulable);
      assert.equal((s2.storage.get(DEPLOYMENTS, 'shop', 'frontend') as { spec?: { replicas?: number } }).spec?.replicas, 3);
      assert.ok(!s2.storage.get(NAMESPACES, undefined, 'shop')?.metadata.deletionTimestamp);
    } finally {
      await ro.close();
      await s2.close();
    }
  });
});
