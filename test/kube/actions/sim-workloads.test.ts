// Workload actions against the real simulated cluster: scale → pods appear; delete → the pod is replaced;
// kill → gone at once; label/annotate; restart → a new ReplicaSet; pause/resume; history and undo with the
// revision numbers kubectl shows.
import { RS_REVISIONS } from '../../helpers/declared.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rolloutHistory, rolloutUndo } from '../../../src/kube/actions/revisions.js';
import { runAction } from '../../../src/kube/actions/runner.js';
import { templateDiff } from '../../../src/kube/actions/template.js';
import type { ActionContext, ActionTarget } from '../../../src/kube/actions/types.js';
import type { Transport } from '../../../src/kube/transport.js';
import { DEPLOYMENTS, PODS, REPLICASETS } from '../../../src/sim/index.js';
import type { SimHandle } from '../../../src/sim/index.js';
import type { Deployment, Pod } from '../../../src/util/k8s.js';
import { livePods, simWithTransport } from './sim-helpers.js';
import { waitFor } from '../../helpers/wait.js';

const deploy = (namespace: string, name: string): ActionTarget => ({ group: 'apps', version: 'v1', plural: 'deployments', namespace, name });
const podT = (namespace: string, name: string): ActionTarget => ({ group: '', version: 'v1', plural: 'pods', namespace, name });

void describe('workload actions against the simulator', { timeout: 120_000 }, () => {
  let sim: SimHandle;
  let t: Transport;
  let ctx: ActionContext;
  before(async () => {
    ({ sim, t } = await simWithTransport(11));
    ctx = { transport: t };
  });
  after(async () => {
    await t?.close();
    await sim?.close();
  });
  const getDeploy = (ns: string, name: string): Deployment => sim.storage.get(DEPLOYMENTS, ns, name) as Deployment;
  const ownedRs = (ns: string, d: string) => sim.storage.list(REPLICASETS, ns).items.filter((rs) => rs.metadata.ownerReferences?.some((o) => o.name === d));

  void it('scale frontend to 5 → 5 pods', async () => {
    await waitFor(() => livePods(sim, 'shop', 'frontend').length === 3, { what: '3 frontend pods' });
    const r = await runAction(ctx, 'scale', { target: deploy('shop', 'frontend'), replicas: '5' });
    assert.deepEqual(r, { ok: true, message: 'deployment.apps/frontend scaled', value: { replicas: 5 } });
    assert.equal((getDeploy('shop', 'frontend').spec?.replicas), 5);
    await waitFor(() => livePods(sim, 'shop', 'frontend').length === 5, { what: '5 frontend pods' });
    const bad = await runAction(ctx, 'scale', { target: deploy('shop', 'frontend'), replicas: 10_001 });
    assert.ok(!bad.ok && bad.error.reason === 'Invalid');
    const missing = await runAction(ctx, 'scale', { target: deploy('shop', 'nope'), replicas: 1 });
    assert.ok(!missing.ok && missing.error.reason === 'NotFound', missing.message);
  });

  void it('delete a pod → Terminating, then replaced by the controller; kill removes at once', async () => {
    const [victim] = await waitFor(() => {
      const p = livePods(sim, 'shop', 'cart');
      return p.length === 2 && p;
    }, { what: '2 cart pods' });
    const name = victim?.metadata.name ?? '';
    const r = await runAction(ctx, 'delete', { target: podT('shop', name) });
    assert.equal(r.message, `pod "${name}" deleted`);
    await waitFor(() => livePods(sim, 'shop', 'cart').length === 2 && !livePods(sim, 'shop', 'cart').some((p) => p.metadata.name === name), { what: 'a replacement cart pod' });
    const [k] = livePods(sim, 'shop', 'cart');
    const kname = k?.metadata.name ?? '';
    const kr = await runAction(ctx, 'kill', { target: podT('shop', kname) });
    assert.ok(kr.ok, kr.message);
    assert.equal(sim.storage.get(PODS, 'shop', kname), undefined);
    await waitFor(() => livePods(sim, 'shop', 'cart').length === 2, { what: 'cart back to 2 pods' });
  });

  void it('label and annotate a deployment', async () => {
    const target = deploy('monitoring', 'grafana');
    assert.ok((await runAction(ctx, 'label', { target, changes: 'tier=ops team=obs' })).ok);
    assert.ok((await runAction(ctx, 'label', { target, changes: ['team-'] })).ok);
    assert.ok((await runAction(ctx, 'annotate', { target, changes: 'note=checked' })).ok);
    const m = getDeploy('monitoring', 'grafana').metadata;
    assert.equal(m.labels?.['tier'], 'ops');
    assert.equal(m.labels?.['team'], undefined);
    assert.equal(m.annotations?.['note'], 'checked');
  });

  void it('pause, refuse restart and undo while paused, resume, restart → a new ReplicaSet', async () => {
    const target = deploy('shop', 'redis');
    await waitFor(() => ownedRs('shop', 'redis').length === 1, { what: 'redis replica set' });
    assert.equal((await runAction(ctx, 'pause', { target })).message, 'deployment.apps/redis paused');
    assert.equal(getDeploy('shop', 'redis').spec?.paused, true);
    const rr = await runAction(ctx, 'restart', { target });
    assert.ok(!rr.ok && /paused/.test(rr.message));
    const ur = await runAction(ctx, 'undo', { target, revisions: RS_REVISIONS });
    assert.ok(!ur.ok && /paused/.test(ur.message));
    assert.equal((await runAction(ctx, 'resume', { target })).message, 'deployment.apps/redis resumed');
    assert.ok(!getDeploy('shop', 'redis').spec?.paused);
    const r = await runAction(ctx, 'restart', { target });
    assert.ok(r.ok, r.message);
    assert.equal(getDeploy('shop', 'redis').spec?.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'], r.value.restartedAt);
    await waitFor(() => ownedRs('shop', 'redis').length === 2, { what: 'a second redis replica set' });
  });

  void it('history and undo after an image change: the old template is back, revisions as kubectl shows', async () => {
    const target = deploy('shop', 'catalog');
    await waitFor(() => ownedRs('shop', 'catalog').length === 1, { what: 'catalog replica set' });
    const before = getDeploy('shop', 'catalog');
    const image0 = before.spec?.template.spec.containers[0]?.image ?? '';
    const cname = before.spec?.template.spec.containers[0]?.name ?? '';
    // kubectl set image: a strategic merge patch of the container
    await t.request(`/apis/apps/v1/namespaces/shop/deployments/catalog`, {
      method: 'PATCH',
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { template: { spec: { containers: [{ name: cname, image: 'busybox:9' }] } } } },
    });
    const h1 = await waitFor(async () => {
      const h = await rolloutHistory(ctx, target, RS_REVISIONS);
      return h.ok && h.value.length === 2 && h.value[0]?.current && h.value;
    }, { what: 'two revisions' });
    assert.deepEqual(h1.map((x) => [x.revision, x.current]), [[2, true], [1, false]]);
    assert.equal(h1[1]?.template.spec.containers[0]?.image, image0);
    const diff = templateDiff(h1[0]?.template, h1[1]?.template);
    assert.ok(diff.some((l) => /^- .*image: busybox:9$/.test(l)) && diff.some((l) => l.startsWith('+ ') && l.endsWith(`image: ${image0}`)), diff.join('\n'));
    const missing = await rolloutUndo(ctx, target, RS_REVISIONS, 7);
    assert.ok(!missing.ok && missing.error.detail === 'unable to find specified revision 7 in history');
    const u = await rolloutUndo(ctx, target, RS_REVISIONS);
    assert.deepEqual(u, { ok: true, message: 'deployment.apps/catalog rolled back to revision 1', value: { revision: 1, skipped: false } });
    assert.equal(getDeploy('shop', 'catalog').spec?.template.spec.containers[0]?.image, image0);
    // the old ReplicaSet is re-adopted as revision 3; kubectl rollout history now shows 2 and 3. The
    // ReplicaSet's revision and the Deployment's are two writes: wait for both (as for h1 above)
    const h2 = await waitFor(async () => {
      const h = await rolloutHistory(ctx, target, RS_REVISIONS);
      return h.ok && h.value[0]?.revision === 3 && h.value[0]?.current && h.value;
    }, { what: 'revision 3, current' });
    assert.deepEqual(h2.map((x) => [x.revision, x.current]), [[3, true], [2, false]]);
    assert.equal(h2[0]?.source, h1[1]?.source);
    const again = await rolloutUndo(ctx, target, RS_REVISIONS, 3);
    assert.equal(again.message, 'skipped rollback (current template already matches revision 3)');
    await waitFor(() => livePods(sim, 'shop', 'catalog').every((p) => (p as Pod).spec?.containers[0]?.image === image0) && livePods(sim, 'shop', 'catalog').length > 0, { what: 'catalog pods back on the old image' });
  });
});
