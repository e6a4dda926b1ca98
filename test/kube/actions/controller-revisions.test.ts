// StatefulSet and DaemonSet rollout history and undo with kubectl's algorithm (history.go, rollback.go),
// against the recording server: which ControllerRevisions count, the template each restores, which one is
// current, which one undo picks, the exact patch it sends (the revision's data as a strategic merge patch),
// and kubectl's errors.
import { CR_REVISIONS } from '../../helpers/declared.js';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { controllerRevisionsOf, findRevision, revisionPatch, revisionTemplate } from '../../../src/kube/actions/controller-revisions.js';
import type { ControllerRevision, RevisionedWorkload } from '../../../src/kube/actions/controller-revisions.js';
import { rolloutHistory, rolloutUndo } from '../../../src/kube/actions/revisions.js';
import { runAction } from '../../../src/kube/actions/runner.js';
import type { ActionContext, ActionTarget } from '../../../src/kube/actions/types.js';
import type { Transport } from '../../../src/kube/transport.js';
import type { PodTemplateSpec } from '../../../src/util/k8s.js';
import { RecordingServer, statusBody } from './recording-server.js';

const STS: ActionTarget = { group: 'apps', version: 'v1', plural: 'statefulsets', namespace: 'db', name: 'web' };
const DS: ActionTarget = { ...STS, plural: 'daemonsets' };
const SPATH = '/apis/apps/v1/namespaces/db/statefulsets/web';
const DPATH = '/apis/apps/v1/namespaces/db/daemonsets/web';
const CRPATH = '/apis/apps/v1/namespaces/db/controllerrevisions';

function template(image: string): PodTemplateSpec {
  return {
    metadata: { labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', image, imagePullPolicy: 'IfNotPresent', resources: {} }] } as unknown as PodTemplateSpec['spec'],
  };
}

/** The data a controller stores: keys sorted, `$patch: replace`, creationTimestamp null. */
function data(image: string): unknown {
  return {
    spec: {
      template: {
        $patch: 'replace',
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: { containers: [{ image, imagePullPolicy: 'IfNotPresent', name: 'web', resources: {} }] },
      },
    },
  };
}

function cr(name: string, revision: number, image: string, opts: { owner?: string; controller?: boolean; cause?: string } = {}): ControllerRevision {
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: 'db',
      creationTimestamp: `2026-01-0${revision % 10}T00:00:00Z`,
      labels: { app: 'web', 'controller.kubernetes.io/hash': name.slice(4) },
      ...(opts.cause ? { annotations: { 'kubernetes.io/change-cause': opts.cause } } : {}),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: opts.owner ?? 's-uid', controller: opts.controller ?? true }],
    },
    data: data(image),
    revision,
  };
}

function workload(image: string, updateRevision?: string): RevisionedWorkload {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'db', uid: 's-uid' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: template(image) },
    ...(updateRevision ? { status: { updateRevision, currentRevision: updateRevision } } : {}),
  };
}

const HISTORY = [
  cr('web-bbb', 2, 'nginx:2', { cause: 'image 2' }),
  cr('web-aaa', 1, 'nginx:1', { cause: 'image 1' }),
  cr('web-ccc', 3, 'nginx:3'),
  cr('web-other', 9, 'nginx:9', { owner: 'someone-else' }),
  cr('web-loose', 8, 'nginx:8', { controller: false }),
];
const image = (t: PodTemplateSpec | undefined): string | undefined => t?.spec.containers[0]?.image;

void describe('ControllerRevision history and undo (statefulsets, daemonsets)', () => {
  let srv: RecordingServer;
  let t: Transport;
  let ctx: ActionContext;
  const serve = (path: string, w: RevisionedWorkload, revs: ControllerRevision[]): void => {
    srv.on('GET', path, { body: w }).on('GET', CRPATH, { body: { kind: 'ControllerRevisionList', items: revs } }).on('PATCH', path, { body: w });
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

  void it('history: owned revisions by the selector, newest first, change-cause, the template each restores, current marked', async () => {
    serve(SPATH, workload('nginx:3', 'web-ccc'), HISTORY);
    const r = await rolloutHistory(ctx, STS, CR_REVISIONS);
    assert.ok(r.ok, r.message);
    assert.equal(r.message, 'statefulset.apps/web: 3 revisions');
    assert.deepEqual(r.value.map((x) => [x.revision, x.source, x.changeCause, x.current, x.created, image(x.template)]), [
      [3, 'web-ccc', '', true, '2026-01-03T00:00:00Z', 'nginx:3'],
      [2, 'web-bbb', 'image 2', false, '2026-01-02T00:00:00Z', 'nginx:2'],
      [1, 'web-aaa', 'image 1', false, '2026-01-01T00:00:00Z', 'nginx:1'],
    ]);
    assert.ok(!('$patch' in (r.value[0]?.template ?? {})), 'the directive is not part of the template');
    assert.deepEqual(srv.requests.find((q) => q.path === CRPATH)?.query, { labelSelector: 'app=web' });
  });

  void it('undo with no revision: the second-highest, its data sent unchanged as a strategic merge patch', async () => {
    serve(SPATH, workload('nginx:3', 'web-ccc'), HISTORY);
    const r = await rolloutUndo(ctx, STS, CR_REVISIONS);
    assert.deepEqual(r, { ok: true, message: 'statefulset.apps/web rolled back to revision 2', value: { revision: 2, skipped: false } });
    const w = srv.writes();
    assert.equal(w.length, 1);
    assert.equal(w[0]?.method, 'PATCH');
    assert.equal(w[0]?.path, SPATH);
    assert.equal(w[0]?.contentType, 'application/strategic-merge-patch+json');
    assert.deepEqual(w[0]?.query, { fieldManager: 'kubedeck' });
    assert.deepEqual(w[0]?.body, data('nginx:2'));
  });

  void it('undo to a chosen revision; a missing or foreign one is kubectl\'s error, and nothing is written', async () => {
    serve(DPATH, { ...workload('nginx:3'), kind: 'DaemonSet' }, HISTORY);
    const r = await rolloutUndo(ctx, DS, CR_REVISIONS, 1);
    assert.deepEqual(r, { ok: true, message: 'daemonset.apps/web rolled back to revision 1', value: { revision: 1, skipped: false } });
    assert.deepEqual(srv.writes()[0]?.body, data('nginx:1'));
    for (const n of [9, 8, 4]) {
      const missing = await rolloutUndo(ctx, DS, CR_REVISIONS, n);
      assert.ok(!missing.ok && missing.error.reason === 'NotFound' && missing.error.detail === `unable to find specified revision ${n} in history`, missing.message);
    }
    assert.equal(srv.writes().length, 1);
  });

  void it('the action runner reaches the same sources by id', async () => {
    serve(SPATH, workload('nginx:3', 'web-ccc'), HISTORY);
    const h = await runAction(ctx, 'history', { target: STS , revisions: CR_REVISIONS});
    assert.ok(h.ok && h.value.length === 3, h.message);
    const u = await runAction(ctx, 'undo', { target: STS, revisions: CR_REVISIONS, toRevision: 1 });
    assert.equal(u.message, 'statefulset.apps/web rolled back to revision 1');
    assert.deepEqual(srv.writes()[0]?.body, data('nginx:1'));
  });

  void it('undo with a single revision: no last revision to roll back to', async () => {
    serve(SPATH, workload('nginx:3', 'web-ccc'), [cr('web-ccc', 3, 'nginx:3')]);
    const r = await rolloutUndo(ctx, STS, CR_REVISIONS);
    assert.ok(!r.ok && r.error.detail === 'no last revision to roll back to', r.message);
    assert.equal(srv.writes().length, 0);
  });

  void it('undo to the template already there is skipped (empty fields and creationTimestamp: null ignored)', async () => {
    const w = workload('nginx:3', 'web-ccc');
    (w.spec as { template: PodTemplateSpec }).template.metadata = { labels: { app: 'web' }, annotations: {} };
    serve(SPATH, w, HISTORY);
    const r = await rolloutUndo(ctx, STS, CR_REVISIONS, 3);
    assert.deepEqual(r, { ok: true, message: 'skipped rollback (current template already matches revision 3)', value: { revision: 3, skipped: true } });
    assert.equal(srv.writes().length, 0);
  });

  void it('a refused patch is kubectl\'s "failed restoring revision N"', async () => {
    serve(SPATH, workload('nginx:3', 'web-ccc'), HISTORY);
    srv.on('PATCH', SPATH, statusBody(422, 'Invalid', 'StatefulSet.apps "web" is invalid: spec.template: bad'));
    const r = await rolloutUndo(ctx, STS, CR_REVISIONS, 1);
    assert.ok(!r.ok && r.error.detail.startsWith('failed restoring revision 1: '), r.message);
    assert.match(r.message, /spec\.template: bad/);
  });

  void it('read-only: undo is refused before any request, history still reads', async () => {
    const ro = await srv.transport(true);
    try {
      serve(SPATH, workload('nginx:3', 'web-ccc'), HISTORY);
      const r = await rolloutUndo({ transport: ro }, STS, CR_REVISIONS, 1);
      assert.ok(!r.ok && r.error.reason === 'Forbidden');
      assert.equal(srv.requests.length, 0);
      assert.ok((await rolloutHistory({ transport: ro }, STS, CR_REVISIONS)).ok);
    } finally {
      await ro.close();
    }
  });
});

void describe('ControllerRevision pieces', () => {
  void it('revisionPatch is the revision\'s data, the very object, with $patch: replace', () => {
    const c = cr('web-aaa', 1, 'nginx:1');
    assert.equal(revisionPatch(c), c.data);
    assert.deepEqual(revisionPatch(c), data('nginx:1'));
    assert.throws(() => revisionPatch({ ...c, data: undefined }), /has no data to restore/);
  });

  void it('revisionTemplate: a replace is the template; without the directive it merges over the current one', () => {
    const cur = template('nginx:3');
    assert.deepEqual(revisionTemplate(cr('web-aaa', 1, 'nginx:1'), cur), {
      metadata: { creationTimestamp: null, labels: { app: 'web' } },
      spec: { containers: [{ image: 'nginx:1', imagePullPolicy: 'IfNotPresent', name: 'web', resources: {} }] },
    });
    const merged = revisionTemplate({ ...cr('web-x', 1, ''), data: { spec: { template: { metadata: { annotations: { a: 'b' } } } } } }, cur);
    assert.deepEqual(merged, { ...cur, metadata: { labels: { app: 'web' }, annotations: { a: 'b' } } });
    assert.deepEqual(revisionTemplate({ ...cr('web-y', 1, ''), data: {} }, cur), cur);
  });

  void it('findRevision: kubectl\'s findHistory', () => {
    assert.equal(findRevision(0, HISTORY.slice(0, 3)).metadata.name, 'web-bbb');
    assert.equal(findRevision(1, HISTORY).metadata.name, 'web-aaa');
    assert.throws(() => findRevision(0, [HISTORY[0] as ControllerRevision]), /no last revision to roll back to/);
    assert.throws(() => findRevision(7, HISTORY), /unable to find specified revision 7 in history/);
  });

  void it('current: the revision matching the template (right after an undo), else status.updateRevision, else the newest', () => {
    const revs = HISTORY.slice(0, 3);
    const cur = (w: RevisionedWorkload): string[] => controllerRevisionsOf(w, revs).filter((r) => r.current).map((r) => r.source);
    assert.deepEqual(cur(workload('nginx:1', 'web-ccc')), ['web-aaa']);
    assert.deepEqual(cur(workload('nginx:7', 'web-bbb')), ['web-bbb']);
    assert.deepEqual(cur(workload('nginx:7')), ['web-ccc']);
  });
});
