// Read-only mode: every mutating action, through the runner and called directly, is refused before any
// request (the server sees nothing at all), with `read-only mode: <verb> refused`. Plus the catalog.
import { RS_REVISIONS, DRAIN_PLAN, JOB_CREATES, HELM_STORAGE } from '../../helpers/declared.js';
import { helmRollback, helmUninstall } from '../../../src/kube/actions/helm.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACTIONS } from '../../../src/kube/actions/catalog.js';
import type { ActionId } from '../../../src/kube/actions/catalog.js';
import { applyEdited } from '../../../src/kube/actions/apply.js';
import { triggerCronJob } from '../../../src/kube/actions/cronjob.js';
import { deleteObject, killPod } from '../../../src/kube/actions/delete.js';
import { rolloutHistory, rolloutUndo } from '../../../src/kube/actions/revisions.js';
import { annotate, label } from '../../../src/kube/actions/metadata.js';
import { cordon, drain, uncordon } from '../../../src/kube/actions/nodes.js';
import { pause, restart, resume } from '../../../src/kube/actions/rollout.js';
import { runAction } from '../../../src/kube/actions/runner.js';
import type { ActionArgs } from '../../../src/kube/actions/runner.js';
import { scale } from '../../../src/kube/actions/scale.js';
import type { ActionContext, ActionResult, ActionTarget } from '../../../src/kube/actions/types.js';
import { KubeError } from '../../../src/kube/errors.js';
import type { Transport } from '../../../src/kube/transport.js';
import { RecordingServer } from './recording-server.js';

const T = (plural: string, group = '', namespace: string | undefined = 'default'): ActionTarget => ({ group, version: 'v1', plural, name: 'x', ...(namespace ? { namespace } : {}) });
const DEPLOY = T('deployments', 'apps');
const POD = T('pods');
const NODE = T('nodes', '', undefined);
const CJ = T('cronjobs', 'batch');
const RELEASE = T('helm', 'helm.kubedeck.local');
const ORIGINAL = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: 'default', resourceVersion: '1' } };

const RUNNER_ARGS: { [K in ActionId]: ActionArgs[K] } = {
  scale: { target: DEPLOY, replicas: 3 },
  history: { target: DEPLOY, revisions: RS_REVISIONS },
  undo: { target: DEPLOY, revisions: RS_REVISIONS },
  restart: { target: DEPLOY },
  pause: { target: DEPLOY },
  resume: { target: DEPLOY },
  delete: { target: POD },
  kill: { target: POD },
  label: { target: POD, changes: 'a=b' },
  annotate: { target: POD, changes: 'a=b' },
  cordon: { target: NODE },
  uncordon: { target: NODE },
  drain: { target: NODE, ...DRAIN_PLAN },
  trigger: { target: CJ, creates: JOB_CREATES },
  edit: { target: POD, original: ORIGINAL, yaml: 'metadata: {name: x}\nspec: {}\n' },
  'helm-rollback': { target: RELEASE, storage: HELM_STORAGE, toRevision: 1 },
  'helm-uninstall': { target: RELEASE, storage: HELM_STORAGE },
};

void describe('read-only mode', () => {
  let srv: RecordingServer;
  let t: Transport;
  let ctx: ActionContext;
  before(async () => {
    srv = await new RecordingServer().listen();
    t = await srv.transport(true);
    ctx = { transport: t };
  });
  after(async () => {
    await t.close();
    await srv.close();
  });

  const refused = (r: ActionResult<unknown>, verb: string): void => {
    assert.ok(!r.ok, `${verb} was not refused`);
    assert.ok(r.error instanceof KubeError);
    assert.equal(r.error.reason, 'Forbidden');
    assert.equal(r.message, `forbidden: read-only mode: ${verb} refused`);
  };

  void it('the runner refuses every mutating action; the server sees no request at all', async () => {
    for (const spec of ACTIONS.filter((a) => a.mutating)) {
      const r = await runAction(ctx, spec.id, RUNNER_ARGS[spec.id] as never);
      refused(r, spec.verb);
    }
    assert.deepEqual(srv.requests, []);
  });

  void it('each action function refuses on its own too', async () => {
    const calls: [string, () => Promise<ActionResult<unknown>>][] = [
      ['scale', () => scale(ctx, DEPLOY, 2)],
      ['rollout undo', () => rolloutUndo(ctx, DEPLOY, RS_REVISIONS, 1)],
      ['rollout restart', () => restart(ctx, DEPLOY)],
      ['rollout pause', () => pause(ctx, DEPLOY)],
      ['rollout resume', () => resume(ctx, DEPLOY)],
      ['delete', () => deleteObject(ctx, POD, { gracePeriodSeconds: 5 })],
      ['kill', () => killPod(ctx, POD)],
      ['label', () => label(ctx, POD, 'a=b')],
      ['annotate', () => annotate(ctx, POD, 'a-')],
      ['cordon', () => cordon(ctx, NODE)],
      ['uncordon', () => uncordon(ctx, NODE)],
      ['drain', () => drain(ctx, NODE, { ...DRAIN_PLAN,  force: true })],
      ['trigger', () => triggerCronJob(ctx, CJ, JOB_CREATES)],
      ['apply', () => applyEdited(ctx, POD, ORIGINAL, 'metadata: {name: x}\n')],
      ['helm rollback', () => helmRollback(ctx, RELEASE, HELM_STORAGE, 1)],
      ['helm uninstall', () => helmUninstall(ctx, RELEASE, HELM_STORAGE)],
    ];
    for (const [verb, call] of calls) refused(await call(), verb);
    assert.deepEqual(srv.requests, []);
  });

  void it('rollout history still reads', async () => {
    srv.on('GET', '/apis/apps/v1/namespaces/default/deployments/x', { body: { metadata: { name: 'x', uid: 'u' }, spec: { selector: { matchLabels: { app: 'x' } } } } });
    srv.on('GET', '/apis/apps/v1/namespaces/default/replicasets', { body: { items: [] } });
    const r = await rolloutHistory(ctx, DEPLOY, RS_REVISIONS);
    assert.ok(r.ok);
    assert.deepEqual(srv.requests.map((q) => q.method), ['GET', 'GET']);
    assert.equal(srv.writes().length, 0);
  });
});

void describe('catalog', () => {
  void it('lists each verb once; only rollout history reads (which kinds offer what is declared by the kinds)', () => {
    assert.equal(new Set(ACTIONS.map((a) => a.id)).size, ACTIONS.length);
    assert.deepEqual(ACTIONS.filter((a) => !a.mutating).map((a) => a.id), ['history']);
  });
});
