// Each mutating action against the recording server: the exact method, path, query, content type and
// body kubectl would send, and one-line KubeError values for refusals and server errors.
import { JOB_CREATES } from '../../helpers/declared.js';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { annotate, label } from '../../../src/kube/actions/metadata.js';
import { cordon, uncordon } from '../../../src/kube/actions/nodes.js';
import { deleteObject, killPod } from '../../../src/kube/actions/delete.js';
import { pause, restart, resume } from '../../../src/kube/actions/rollout.js';
import { runAction } from '../../../src/kube/actions/runner.js';
import { scale } from '../../../src/kube/actions/scale.js';
import { triggerCronJob } from '../../../src/kube/actions/cronjob.js';
import type { ActionContext, ActionTarget } from '../../../src/kube/actions/types.js';
import type { Transport } from '../../../src/kube/transport.js';
import { RecordingServer, statusBody } from './recording-server.js';

const DEPLOY: ActionTarget = { group: 'apps', version: 'v1', plural: 'deployments', namespace: 'shop', name: 'web' };
const POD: ActionTarget = { group: '', version: 'v1', plural: 'pods', namespace: 'shop', name: 'web-1' };
const NODE: ActionTarget = { group: '', version: 'v1', plural: 'nodes', name: 'n1' };
const CJ: ActionTarget = { group: 'batch', version: 'v1', plural: 'cronjobs', namespace: 'shop', name: 'nightly' };
const DPATH = '/apis/apps/v1/namespaces/shop/deployments/web';
const FM = { fieldManager: 'kubedeck' };

void describe('actions on the wire', () => {
  let srv: RecordingServer;
  let t: Transport;
  let ctx: ActionContext;
  before(async () => {
    srv = await new RecordingServer().listen();
    t = await srv.transport();
    ctx = { transport: t, now: () => new Date('2026-03-04T05:06:07.890Z'), random: () => 0 };
  });
  after(async () => {
    await t.close();
    await srv.close();
  });
  beforeEach(() => srv.reset());

  void it('scale: merge patch of the scale subresource', async () => {
    srv.on('PATCH', `${DPATH}/scale`, { body: { kind: 'Scale', spec: { replicas: 5 } } });
    const r = await scale(ctx, DEPLOY, '5');
    assert.deepEqual(r, { ok: true, message: 'deployment.apps/web scaled', value: { replicas: 5 } });
    assert.deepEqual(srv.requests, [{ method: 'PATCH', path: `${DPATH}/scale`, query: FM, contentType: 'application/merge-patch+json', body: { spec: { replicas: 5 } } }]);
  });

  void it('scale: validates N before any request (which kinds scale is declared by the kinds, not checked here)', async () => {
    for (const bad of ['-1', '2.5', 'five', '10001', '']) {
      const r = await scale(ctx, DEPLOY, bad);
      assert.equal(r.ok, false);
      assert.ok(!r.ok && r.error.reason === 'Invalid', bad);
    }
    assert.ok((await scale(ctx, DEPLOY, 10000)).ok === false); // 404 from the empty route table
    assert.equal(srv.requests.length, 1);
  });

  void it('server errors come back as one-line KubeError values', async () => {
    srv.on('PATCH', `${DPATH}/scale`, statusBody(404, 'NotFound', 'deployments.apps "web" not found'));
    const r = await scale(ctx, DEPLOY, 2);
    assert.ok(!r.ok);
    assert.equal(r.error.reason, 'NotFound');
    assert.equal(r.message, 'not found: deployments.apps "web" not found');
  });

  void it('delete: DeleteOptions body, Background by default, grace and propagation when given', async () => {
    srv.on('DELETE', DPATH, { body: {} }).on('DELETE', '/api/v1/namespaces/shop/pods/web-1', { body: {} });
    assert.equal((await deleteObject(ctx, DEPLOY)).message, 'deployment.apps "web" deleted');
    await deleteObject(ctx, DEPLOY, { gracePeriodSeconds: 30, propagationPolicy: 'Foreground' });
    const k = await killPod(ctx, POD);
    assert.equal(k.message, 'pod "web-1" force deleted');
    assert.deepEqual(
      srv.requests.map((r) => [r.method, r.path, r.contentType, r.body, r.query]),
      [
        ['DELETE', DPATH, 'application/json', { propagationPolicy: 'Background' }, {}],
        ['DELETE', DPATH, 'application/json', { gracePeriodSeconds: 30, propagationPolicy: 'Foreground' }, {}],
        ['DELETE', '/api/v1/namespaces/shop/pods/web-1', 'application/json', { gracePeriodSeconds: 0, propagationPolicy: 'Background' }, {}],
      ],
    );
    assert.equal((await deleteObject(ctx, DEPLOY, { gracePeriodSeconds: -3 })).ok, false);
    assert.equal(srv.requests.length, 3);
  });

  void it('label and annotate: merge patch, key- removes', async () => {
    srv.on('PATCH', DPATH, { body: {} });
    const r = await label(ctx, DEPLOY, 'tier=web team- example.com/x=');
    assert.equal(r.message, 'deployment.apps/web labeled');
    await annotate(ctx, DEPLOY, ['note=hello world', 'old-']);
    assert.deepEqual(
      srv.requests.map((x) => [x.method, x.contentType, x.body, x.query]),
      [
        ['PATCH', 'application/merge-patch+json', { metadata: { labels: { tier: 'web', 'example.com/x': '', team: null } } }, FM],
        ['PATCH', 'application/merge-patch+json', { metadata: { annotations: { note: 'hello world', old: null } } }, FM],
      ],
    );
    for (const bad of ['', 'noequals', 'a=b a-', 'bad key=1', 'k=not valid!']) {
      const x = await label(ctx, DEPLOY, bad);
      assert.ok(!x.ok && x.error.reason === 'Invalid', bad);
    }
    assert.equal(srv.requests.length, 2);
  });

  void it('label with overwrite off refuses to replace an existing value', async () => {
    srv.on('GET', DPATH, { body: { metadata: { name: 'web', labels: { tier: 'api' } } } });
    const r = await label(ctx, DEPLOY, 'tier=web', { overwrite: false });
    assert.ok(!r.ok && /'tier' already has a value \(api\)/.test(r.message));
    assert.equal(srv.writes().length, 0);
  });

  void it('rollout restart: strategic merge patch of restartedAt (RFC 3339), refused when paused', async () => {
    srv.on('GET', DPATH, { body: { metadata: { name: 'web' }, spec: {} } }).on('PATCH', DPATH, { body: {} });
    const r = await restart(ctx, DEPLOY);
    assert.deepEqual(r, { ok: true, message: 'deployment.apps/web restarted', value: { restartedAt: '2026-03-04T05:06:07Z' } });
    const w = srv.writes()[0];
    assert.equal(w?.contentType, 'application/strategic-merge-patch+json');
    assert.deepEqual(w?.body, { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-03-04T05:06:07Z' } } } } });
    srv.on('GET', DPATH, { body: { metadata: { name: 'web' }, spec: { paused: true } } });
    const p = await restart(ctx, DEPLOY);
    assert.ok(!p.ok && /can't restart paused deployment/.test(p.message));
    assert.equal(srv.writes().length, 1);
  });

  void it('pause and resume: merge patch of spec.paused, no write when already there', async () => {
    let paused = false;
    srv.on('GET', DPATH, () => ({ body: { metadata: { name: 'web' }, spec: paused ? { paused } : {} } }));
    srv.on('PATCH', DPATH, (req) => {
      paused = (req.body as { spec: { paused: boolean | null } }).spec.paused === true;
      return { body: {} };
    });
    assert.equal((await pause(ctx, DEPLOY)).message, 'deployment.apps/web paused');
    assert.equal((await pause(ctx, DEPLOY)).message, 'deployment.apps/web already paused');
    assert.equal((await resume(ctx, DEPLOY)).message, 'deployment.apps/web resumed');
    assert.equal((await resume(ctx, DEPLOY)).message, 'deployment.apps/web is not paused');
    assert.deepEqual(srv.writes().map((w) => [w.contentType, w.body]), [
      ['application/merge-patch+json', { spec: { paused: true } }],
      ['application/merge-patch+json', { spec: { paused: null } }],
    ]);
  });

  void it('cordon and uncordon: merge patch of spec.unschedulable', async () => {
    let cordoned = false;
    srv.on('GET', '/api/v1/nodes/n1', () => ({ body: { metadata: { name: 'n1' }, spec: cordoned ? { unschedulable: true } : {} } }));
    srv.on('PATCH', '/api/v1/nodes/n1', (req) => {
      cordoned = (req.body as { spec: { unschedulable: boolean | null } }).spec.unschedulable === true;
      return { body: {} };
    });
    assert.equal((await cordon(ctx, NODE)).message, 'node/n1 cordoned');
    assert.equal((await cordon(ctx, NODE)).message, 'node/n1 already cordoned');
    assert.equal((await runAction(ctx, 'uncordon', { target: NODE })).message, 'node/n1 uncordoned');
    assert.deepEqual(srv.writes().map((w) => [w.path, w.contentType, w.body]), [
      ['/api/v1/nodes/n1', 'application/merge-patch+json', { spec: { unschedulable: true } }],
      ['/api/v1/nodes/n1', 'application/merge-patch+json', { spec: { unschedulable: null } }],
    ]);
    assert.equal((await uncordon(ctx, DEPLOY)).ok, false);
  });

  void it('cronjob trigger: POST a Job from the jobTemplate, owned by the CronJob', async () => {
    const jobTemplate = { metadata: { labels: { app: 'nightly' }, annotations: { team: 'ops' } }, spec: { backoffLimit: 2, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } };
    srv.on('GET', '/apis/batch/v1/namespaces/shop/cronjobs/nightly', { body: { kind: 'CronJob', metadata: { name: 'nightly', namespace: 'shop', uid: 'cj-uid' }, spec: { schedule: '0 0 * * *', jobTemplate } } });
    srv.on('POST', '/apis/batch/v1/namespaces/shop/jobs', (req) => ({ status: 201, body: req.body }));
    const r = await triggerCronJob(ctx, CJ, JOB_CREATES);
    assert.deepEqual(r, { ok: true, message: 'job.batch/nightly-manual-bbbbb created from cronjob.batch/nightly', value: { job: 'nightly-manual-bbbbb' } });
    const w = srv.writes()[0];
    assert.equal(w?.contentType, 'application/json');
    assert.deepEqual(w?.query, FM);
    assert.deepEqual(w?.body, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'nightly-manual-bbbbb',
        namespace: 'shop',
        annotations: { team: 'ops', 'cronjob.kubernetes.io/instantiate': 'manual' },
        labels: { app: 'nightly' },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: 'cj-uid', controller: true }],
      },
      spec: jobTemplate.spec,
    });
  });
});
