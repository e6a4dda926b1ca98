// Deployment rollout history and undo with kubectl's algorithm (rollback.go), against the recording
// server: which ReplicaSets count, which revision is picked, the exact JSON patch, and kubectl's errors.
import { RS_REVISIONS } from '../../helpers/declared.js';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { rolloutHistory, rolloutUndo } from '../../../src/kube/actions/revisions.js';
import { templateDiff } from '../../../src/kube/actions/template.js';
import type { ActionContext, ActionTarget } from '../../../src/kube/actions/types.js';
import type { Transport } from '../../../src/kube/transport.js';
import type { Deployment, KObject, PodTemplateSpec } from '../../../src/util/k8s.js';
import { RecordingServer } from './recording-server.js';

const DEPLOY: ActionTarget = { group: 'apps', version: 'v1', plural: 'deployments', namespace: 'shop', name: 'web' };
const DPATH = '/apis/apps/v1/namespaces/shop/deployments/web';
const RSPATH = '/apis/apps/v1/namespaces/shop/replicasets';

function template(image: string, hash?: string): PodTemplateSpec {
  return { metadata: { labels: { app: 'web', ...(hash ? { 'pod-template-hash': hash } : {}) } }, spec: { containers: [{ name: 'web', image }] } };
}

function deployment(image: string, extra: Partial<NonNullable<Deployment['spec']>> = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      uid: 'd-uid',
      annotations: { 'deployment.kubernetes.io/revision': '3', 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'kubernetes.io/change-cause': 'v3 rollout', team: 'shop' },
    },
    spec: { selector: { matchLabels: { app: 'web' } }, template: template(image), ...extra },
  };
}

function rs(name: string, revision: string | undefined, image: string, ownerUid = 'd-uid', controller = true, cause?: string): KObject {
  const annotations: Record<string, string> = { 'deployment.kubernetes.io/desired-replicas': '3' };
  if (revision !== undefined) annotations['deployment.kubernetes.io/revision'] = revision;
  if (cause) annotations['kubernetes.io/change-cause'] = cause;
  return {
    metadata: { name, namespace: 'shop', creationTimestamp: `2026-01-0${revision ?? 9}T00:00:00Z`, annotations, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: ownerUid, controller }] },
    spec: { template: template(image, name.slice(4)) },
  } as KObject;
}

const SETS = [
  rs('web-bbbb', '2', 'nginx:2', 'd-uid', true, 'image 2'),
  rs('web-aaaa', '1', 'nginx:1', 'd-uid', true, 'image 1'),
  rs('web-cccc', '3', 'nginx:3'),
  rs('web-other', '9', 'nginx:9', 'someone-else'),
  rs('web-loose', '8', 'nginx:8', 'd-uid', false),
];

void describe('rollout history and undo', () => {
  let srv: RecordingServer;
  let t: Transport;
  let ctx: ActionContext;
  const serve = (d: Deployment, sets: KObject[]): void => {
    srv.on('GET', DPATH, { body: d }).on('GET', RSPATH, { body: { kind: 'ReplicaSetList', items: sets } }).on('PATCH', DPATH, { body: d });
  };
  before(async () => {
    srv = await new RecordingServer().listen();
    t = await srv.transport();
    ctx = { transport: t };
  });
  after(async () => {
    await t.close();
    await srv.close();
  });
  beforeEach(() => srv.reset());

  void it('history: owned ReplicaSets newest first, with change-cause, hash label removed, current marked', async () => {
    serve(deployment('nginx:3'), SETS);
    const r = await rolloutHistory(ctx, DEPLOY, RS_REVISIONS);
    assert.ok(r.ok);
    assert.deepEqual(r.value.map((x) => [x.revision, x.source, x.changeCause, x.current, x.created]), [
      [3, 'web-cccc', '', true, '2026-01-03T00:00:00Z'],
      [2, 'web-bbbb', 'image 2', false, '2026-01-02T00:00:00Z'],
      [1, 'web-aaaa', 'image 1', false, '2026-01-01T00:00:00Z'],
    ]);
    assert.deepEqual(r.value[1]?.template, template('nginx:2'));
    assert.deepEqual(srv.requests.find((q) => q.path === RSPATH)?.query, { labelSelector: 'app=web' });
  });

  void it('undo: the previous revision by default, with kubectl\'s JSON patch', async () => {
    serve(deployment('nginx:3'), SETS);
    const r = await rolloutUndo(ctx, DEPLOY, RS_REVISIONS);
    assert.deepEqual(r, { ok: true, message: 'deployment.apps/web rolled back to revision 2', value: { revision: 2, skipped: false } });
    const w = srv.writes();
    assert.equal(w.length, 1);
    assert.equal(w[0]?.contentType, 'application/json-patch+json');
    assert.deepEqual(w[0]?.query, { fieldManager: 'kubedeck' });
    assert.deepEqual(w[0]?.body, [
      { op: 'replace', path: '/spec/template', value: template('nginx:2') },
      {
        op: 'replace',
        path: '/metadata/annotations',
        // revision and last-applied stay the deployment's own; change-cause comes from the ReplicaSet; the
        // deployment's other annotations (team) go, exactly as kubectl does
        value: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'deployment.kubernetes.io/revision': '3', 'kubernetes.io/change-cause': 'image 2' },
      },
    ]);
  });

  void it('undo to a chosen revision; a missing one is kubectl\'s error', async () => {
    serve(deployment('nginx:3'), SETS);
    const r = await rolloutUndo(ctx, DEPLOY, RS_REVISIONS, 1);
    assert.ok(r.ok && r.value.revision === 1);
    assert.deepEqual((srv.writes()[0]?.body as { value: unknown }[])[0]?.value, template('nginx:1'));
    const missing = await rolloutUndo(ctx, DEPLOY, RS_REVISIONS, 9); // revision 9 belongs to another deployment
    assert.ok(!missing.ok);
    assert.equal(missing.error.reason, 'NotFound');
    assert.equal(missing.error.detail, 'unable to find specified revision 9 in history');
    assert.equal(srv.writes().length, 1);
  });

  void it('undo with a single revision: no rollout history found', async () => {
    serve(deployment('nginx:3'), [SETS[2] as KObject]);
    const r = await rolloutUndo(ctx, DEPLOY, RS_REVISIONS);
    assert.ok(!r.ok && r.error.detail === 'no rollout history found for deployment "web"');
    assert.equal(srv.writes().length, 0);
  });

  void it('undo of a paused deployment is refused', async () => {
    serve(deployment('nginx:3', { paused: true }), SETS);
    const r = await rolloutUndo(ctx, DEPLOY, RS_REVISIONS);
    assert.ok(!r.ok && /cannot rollback a paused deployment/.test(r.message));
    assert.equal(srv.writes().length, 0);
  });

  void it('undo to the template already running is skipped (hash label and empty fields ignored)', async () => {
    const d = deployment('nginx:3');
    (d.spec as { template: PodTemplateSpec }).template.metadata = { labels: { app: 'web' }, annotations: {} };
    serve(d, SETS);
    const r = await rolloutUndo(ctx, DEPLOY, RS_REVISIONS, 3);
    assert.deepEqual(r, { ok: true, message: 'skipped rollback (current template already matches revision 3)', value: { revision: 3, skipped: true } });
    assert.equal(srv.writes().length, 0);
  });
});

void describe('templateDiff', () => {
  void it('shows the changed lines of two templates as sorted YAML', () => {
    const a = template('nginx:3', 'cccc');
    const b: PodTemplateSpec = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:2', args: ['-v'] }] } };
    assert.deepEqual(templateDiff(a, b), [
      '  metadata:',
      '    labels:',
      '      app: web',
      '  spec:',
      '    containers:',
      '-     - image: nginx:3',
      '+     - args:',
      '+         - -v',
      '+       image: nginx:2',
      '        name: web',
    ]);
  });

  void it('is empty for templates that differ only by the hash label or empty fields', () => {
    assert.deepEqual(templateDiff(template('x', 'h1'), { ...template('x'), metadata: { labels: { app: 'web' }, annotations: {} } }), []);
  });

  void it('folds long unchanged runs', () => {
    const env = Array.from({ length: 20 }, (_, i) => ({ name: `V${String(i).padStart(2, '0')}`, value: String(i) }));
    const a: PodTemplateSpec = { spec: { containers: [{ name: 'c', image: 'a', env }] } };
    const b: PodTemplateSpec = { spec: { containers: [{ name: 'c', image: 'a', env: [...env.slice(0, 19), { name: 'V19', value: 'changed' }] }] } };
    const d = templateDiff(a, b);
    assert.ok(d.some((l) => /⋯ \d+ unchanged lines/.test(l)));
    assert.deepEqual(d.filter((l) => l[0] !== ' '), ["-           value: '19'", '+           value: changed']);
  });
});
