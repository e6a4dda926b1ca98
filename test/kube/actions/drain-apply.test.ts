// drain (cordon, then evict all but DaemonSet and mirror pods; kubectl's refusals) and apply of an
// edited YAML (parse errors with the line, identity checks, PUT with the original resourceVersion, 409).
import { DRAIN_PLAN } from '../../helpers/declared.js';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { NO_CHANGES, applyEdited } from '../../../src/kube/actions/apply.js';
import { drain } from '../../../src/kube/actions/nodes.js';
import type { ActionContext, ActionTarget } from '../../../src/kube/actions/types.js';
import type { Transport } from '../../../src/kube/transport.js';
import type { KObject, Pod } from '../../../src/util/k8s.js';
import { RecordingServer, statusBody } from './recording-server.js';

const NODE: ActionTarget = { group: '', version: 'v1', plural: 'nodes', name: 'n1' };
const CM: ActionTarget = { group: '', version: 'v1', plural: 'configmaps', namespace: 'shop', name: 'cfg' };
const CMPATH = '/api/v1/namespaces/shop/configmaps/cfg';

function pod(name: string, owner?: string, extra: Partial<Pod['metadata']> = {}, volumes?: unknown[]): Pod {
  return {
    metadata: { name, namespace: 'shop', ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: owner, name: 'x', uid: 'u', controller: true }] } : {}), ...extra },
    spec: { nodeName: 'n1', containers: [{ name: 'c' }], ...(volumes ? { volumes } : {}) } as Pod['spec'],
    status: { phase: 'Running' },
  };
}

void describe('drain', () => {
  let srv: RecordingServer;
  let t: Transport;
  let ctx: ActionContext;
  const serve = (pods: Pod[]): void => {
    srv.on('GET', '/api/v1/pods', { body: { items: pods } });
    srv.on('GET', '/api/v1/nodes/n1', { body: { metadata: { name: 'n1' }, spec: {} } });
    srv.on('PATCH', '/api/v1/nodes/n1', { body: {} });
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

  void it('cordons, evicts managed pods, skips DaemonSet and mirror pods, falls back to delete', async () => {
    serve([pod('web-1', 'ReplicaSet'), pod('ds-1', 'DaemonSet'), pod('static-n1', undefined, { annotations: { 'kubernetes.io/config.mirror': 'x' } }), pod('db-0', 'StatefulSet'), pod('old', 'ReplicaSet', { deletionTimestamp: '2026-01-01T00:00:00Z' })]);
    srv.on('POST', '/api/v1/namespaces/shop/pods/web-1/eviction', { status: 201, body: {} });
    // no eviction subresource for db-0 here: 404 → plain delete
    srv.on('DELETE', '/api/v1/namespaces/shop/pods/db-0', { body: {} });
    const r = await drain(ctx, NODE, DRAIN_PLAN);
    assert.ok(r.ok, r.message);
    assert.equal(r.message, 'node/n1 drained (2 evicted, 3 skipped)');
    assert.deepEqual(r.value, {
      cordoned: true,
      removed: ['shop/web-1', 'shop/db-0'],
      skipped: ['shop/ds-1 (DaemonSet-managed)', 'shop/static-n1 (mirror pod)', 'shop/old (already terminating)'],
      failed: [],
    });
    assert.deepEqual(srv.requests.find((q) => q.path === '/api/v1/pods')?.query, { fieldSelector: 'spec.nodeName=n1' });
    assert.deepEqual(
      srv.writes().map((w) => [w.method, w.path, w.body]),
      [
        ['PATCH', '/api/v1/nodes/n1', { spec: { unschedulable: true } }],
        ['POST', '/api/v1/namespaces/shop/pods/web-1/eviction', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-1', namespace: 'shop' } }],
        ['POST', '/api/v1/namespaces/shop/pods/db-0/eviction', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'db-0', namespace: 'shop' } }],
        ['DELETE', '/api/v1/namespaces/shop/pods/db-0', { propagationPolicy: 'Background' }],
      ],
    );
  });

  void it('a disruption budget refusal is listed as failed, the rest goes on', async () => {
    serve([pod('a', 'ReplicaSet'), pod('b', 'ReplicaSet')]);
    srv.on('POST', '/api/v1/namespaces/shop/pods/a/eviction', statusBody(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget."));
    srv.on('POST', '/api/v1/namespaces/shop/pods/b/eviction', { status: 201, body: {} });
    const r = await drain(ctx, NODE, DRAIN_PLAN);
    assert.ok(r.ok);
    assert.deepEqual(r.value.removed, ['shop/b']);
    assert.equal(r.value.failed.length, 1);
    assert.match(r.value.failed[0] ?? '', /^shop\/a: server error: Cannot evict pod/);
  });

  void it('refuses unmanaged and emptyDir pods before cordoning, unless forced', async () => {
    serve([pod('bare'), pod('cache', 'ReplicaSet', {}, [{ name: 'tmp', emptyDir: {} }])]);
    const r = await drain(ctx, NODE, DRAIN_PLAN);
    assert.ok(!r.ok);
    assert.match(r.message, /cannot drain node\/n1: shop\/bare declares no controller .*; shop\/cache uses emptyDir/);
    assert.equal(srv.writes().length, 0);
    srv.on('POST', '/api/v1/namespaces/shop/pods/bare/eviction', { status: 201, body: {} });
    srv.on('POST', '/api/v1/namespaces/shop/pods/cache/eviction', { status: 201, body: {} });
    const f = await drain(ctx, NODE, { ...DRAIN_PLAN,  force: true, deleteEmptyDirData: true });
    assert.ok(f.ok && f.value.removed.length === 2);
  });
});

void describe('apply edited YAML', () => {
  let srv: RecordingServer;
  let t: Transport;
  let ctx: ActionContext;
  const original: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop', resourceVersion: '41', managedFields: [{ manager: 'x' }] }, data: { a: '1' } } as KObject;
  const edited = (data: string, meta = 'name: cfg\n  namespace: shop'): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  ${meta}\n  resourceVersion: "7"\ndata:\n  a: "${data}"\n`;
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

  void it('PATCHes only what the edit changed, as a JSON merge patch (like kubectl edit)', async () => {
    srv.on('PATCH', CMPATH, (req) => ({ body: req.body }));
    const r = await applyEdited(ctx, CM, original, edited('2'));
    assert.ok(r.ok);
    assert.equal(r.message, 'configmap/cfg edited');
    const w = srv.writes()[0];
    assert.equal(w?.method, 'PATCH');
    assert.equal(w?.contentType, 'application/merge-patch+json');
    assert.deepEqual(w?.query, { fieldManager: 'kubedeck' });
    assert.deepEqual(w?.body, { data: { a: '2' } });
  });

  void it('a server refusal of the patch comes back as a clear value', async () => {
    srv.on('PATCH', CMPATH, statusBody(422, 'Invalid', 'ConfigMap "cfg" is invalid: data[a]: Invalid value'));
    const r = await applyEdited(ctx, CM, original, edited('2'));
    assert.ok(!r.ok);
    assert.equal(r.error.reason, 'Invalid');
    assert.match(r.message, /is invalid/);
  });

  void it('refuses bad YAML (with the line) and changed identity before any request', async () => {
    const bad = await applyEdited(ctx, CM, original, 'kind: ConfigMap\nmetadata:\n  name: cfg\n  bad: [unclosed\n');
    assert.ok(!bad.ok && bad.error.reason === 'Invalid');
    assert.match(bad.message, /^invalid: YAML line \d+: /);
    const renamed = await applyEdited(ctx, CM, original, edited('2', 'name: other\n  namespace: shop'));
    assert.ok(!renamed.ok && /name cannot be changed/.test(renamed.message));
    const moved = await applyEdited(ctx, CM, original, edited('2', 'name: cfg\n  namespace: prod'));
    assert.ok(!moved.ok && /namespace cannot be changed/.test(moved.message));
    const kind = await applyEdited(ctx, CM, original, edited('2').replace('kind: ConfigMap', 'kind: Secret'));
    assert.ok(!kind.ok && /kind cannot be changed/.test(kind.message));
    const list = await applyEdited(ctx, CM, original, '- a\n- b\n');
    assert.ok(!list.ok && /one object/.test(list.message));
    assert.equal(srv.requests.length, 0);
  });

  void it('an unchanged edit sends nothing', async () => {
    const r = await applyEdited(ctx, CM, original, edited('1'));
    assert.deepEqual(r, { ok: true, message: NO_CHANGES, value: undefined });
    assert.equal(srv.requests.length, 0);
  });
});
