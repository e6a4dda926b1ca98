// Mutating verbs over HTTPS on a cluster whose time moves only when the test says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSim, ManualScheduler, CONFIGMAPS, PODS } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { api } from './helpers.js';
import type { Reply } from './helpers.js';

let sim: SimHandle;
const clock = new ManualScheduler();

before(async () => {
  sim = await startSim({ scenario: 'empty', scheduler: clock });
});
after(() => sim.close());

const send = (
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<Reply> =>
  api(sim, path, {
    method,
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    headers: { 'Content-Type': contentType },
  });

type Obj = {
  metadata: {
    name: string;
    resourceVersion: string;
    generation?: number;
    uid: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    ownerReferences?: unknown[];
    finalizers?: string[];
  };
  spec: Record<string, unknown>;
  status?: Record<string, unknown>;
};
const POD = (name: string, extra: Record<string, unknown> = {}): unknown => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'busybox:1.36' }], ...extra },
});
const DEPLOY = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    },
  },
};

test('create: 201 with server fields and defaults; generateName; 409 AlreadyExists; 404/403 namespaces', async () => {
  const r = await send('POST', '/api/v1/namespaces/default/pods', POD('p1'));
  assert.equal(r.status, 201, r.body);
  const p = r.json<Obj>();
  assert.ok(p.metadata.uid && p.metadata.resourceVersion);
  assert.equal(p.spec['restartPolicy'], 'Always');
  assert.equal(p.spec['terminationGracePeriodSeconds'], 30);
  assert.equal(p.spec['dnsPolicy'], 'ClusterFirst');
  assert.equal(p.spec['schedulerName'], 'default-scheduler');
  const g = await send('POST', '/api/v1/namespaces/default/configmaps', {
    metadata: { generateName: 'cfg-' },
  });
  assert.equal(g.status, 201);
  assert.match(g.json<Obj>().metadata.name, /^cfg-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  const dup = await send('POST', '/api/v1/namespaces/default/pods', POD('p1'));
  assert.equal(dup.status, 409);
  assert.equal(dup.json()['reason'], 'AlreadyExists');
  assert.equal(dup.json()['message'], 'pods "p1" already exists');
  const nons = await send('POST', '/api/v1/namespaces/nope/pods', POD('p'));
  assert.equal(nons.status, 404);
  assert.equal(nons.json()['message'], 'namespaces "nope" not found');
  const mismatch = await send('POST', '/api/v1/namespaces/default/pods', {
    ...(POD('q') as object),
    metadata: { name: 'q', namespace: 'other' },
  });
  assert.equal(mismatch.status, 400);
});

test('defaulting: Service ClusterIP in 10.96.0.0/12 and NodePorts in 30000-32767; Deployment strategy', async () => {
  const s = await send('POST', '/api/v1/namespaces/default/services', {
    metadata: { name: 'np' },
    spec: { type: 'NodePort', selector: { app: 'x' }, ports: [{ port: 80 }, { port: 443 }] },
  });
  assert.equal(s.status, 201, s.body);
  const spec = s.json<Obj>().spec as { clusterIP: string; ports: { nodePort: number; targetPort: number }[] };
  const [, b] = /^10\.(\d+)\./.exec(spec.clusterIP) ?? [];
  assert.ok(Number(b) >= 96 && Number(b) <= 111, spec.clusterIP);
  for (const p of spec.ports) assert.ok(p.nodePort >= 30000 && p.nodePort <= 32767, String(p.nodePort));
  assert.notEqual(spec.ports[0]?.nodePort, spec.ports[1]?.nodePort);
  const d = await send('POST', '/apis/apps/v1/namespaces/default/deployments', DEPLOY);
  assert.equal(d.status, 201, d.body);
  const ds = d.json<Obj>().spec;
  assert.deepEqual(ds['strategy'], {
    type: 'RollingUpdate',
    rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
  });
  assert.equal(ds['revisionHistoryLimit'], 10);
  assert.equal(ds['progressDeadlineSeconds'], 600);
});

test('validation: 422 Invalid with causes', async () => {
  const r = await send('POST', '/api/v1/namespaces/default/pods', {
    metadata: { name: 'Bad_Name' },
    spec: { containers: [{ name: 'c' }] },
  });
  assert.equal(r.status, 422);
  const st = r.json<{
    reason: string;
    message: string;
    details: { kind: string; causes: { field: string }[] };
  }>();
  assert.equal(st.reason, 'Invalid');
  assert.equal(st.details.kind, 'Pod');
  assert.deepEqual(
    st.details.causes.map((c) => c.field),
    ['metadata.name', 'spec.containers[0].image'],
  );
  assert.match(
    st.message,
    /^Pod "Bad_Name" is invalid: \[metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123/,
  );
  const sel = await send('POST', '/apis/apps/v1/namespaces/default/deployments', {
    ...DEPLOY,
    metadata: { name: 'mismatch' },
    spec: { ...DEPLOY.spec, selector: { matchLabels: { app: 'other' } } },
  });
  assert.equal(sel.status, 422);
  assert.match(String(sel.json()['message']), /`selector` does not match template `labels`/);
});

test('update: PUT with a stale resourceVersion is 409 Conflict; status and spec are written separately', async () => {
  const cur = (await api(sim, '/apis/apps/v1/namespaces/default/deployments/web')).json<Obj>();
  const next = structuredClone(cur);
  next.spec['replicas'] = 5;
  next.status = { replicas: 99 };
  const ok = await send('PUT', '/apis/apps/v1/namespaces/default/deployments/web', next);
  assert.equal(ok.status, 200, ok.body);
  const stored = ok.json<Obj>();
  assert.equal(stored.spec['replicas'], 5);
  assert.notEqual(stored.status?.['replicas'], 99, 'PUT of the main resource keeps the status');
  assert.equal(stored.metadata.generation, (cur.metadata.generation ?? 1) + 1);
  const stale = await send('PUT', '/apis/apps/v1/namespaces/default/deployments/web', next);
  assert.equal(stale.status, 409);
  assert.equal(stale.json()['reason'], 'Conflict');
  assert.match(String(stale.json()['message']), /the object has been modified/);
  const st = structuredClone(stored);
  st.status = { observedGeneration: 77 };
  st.spec['replicas'] = 1;
  const sr = await send('PUT', '/apis/apps/v1/namespaces/default/deployments/web/status', st);
  assert.equal(sr.status, 200, sr.body);
  assert.equal(sr.json<Obj>().status?.['observedGeneration'], 77);
  assert.equal(sr.json<Obj>().spec['replicas'], 5, '/status does not change the spec');
  assert.equal(sr.json<Obj>().metadata.generation, stored.metadata.generation);
});

test('scale subresource: GET/PUT/PATCH an autoscaling/v1 Scale; generation bumps', async () => {
  const s = await api(sim, '/apis/apps/v1/namespaces/default/deployments/web/scale');
  assert.equal(s.status, 200);
  const scale = s.json<{
    kind: string;
    apiVersion: string;
    spec: { replicas: number };
    status: { selector: string };
  }>();
  assert.equal(scale.kind, 'Scale');
  assert.equal(scale.apiVersion, 'autoscaling/v1');
  assert.equal(scale.status.selector, 'app=web');
  const before = (await api(sim, '/apis/apps/v1/namespaces/default/deployments/web')).json<Obj>();
  const p = await send(
    'PATCH',
    '/apis/apps/v1/namespaces/default/deployments/web/scale',
    { spec: { replicas: 7 } },
    'application/merge-patch+json',
  );
  assert.equal(p.status, 200, p.body);
  assert.equal(p.json<{ spec: { replicas: number } }>().spec.replicas, 7);
  const j = await send(
    'PATCH',
    '/apis/apps/v1/namespaces/default/deployments/web/scale',
    [{ op: 'replace', path: '/spec/replicas', value: 3 }],
    'application/json-patch+json',
  );
  assert.equal(j.status, 200, j.body);
  const after = (await api(sim, '/apis/apps/v1/namespaces/default/deployments/web')).json<Obj>();
  assert.equal(after.spec['replicas'], 3);
  assert.equal(after.metadata.generation, (before.metadata.generation ?? 0) + 2);
  const neg = await send(
    'PATCH',
    '/apis/apps/v1/namespaces/default/deployments/web/scale',
    { spec: { replicas: -1 } },
    'application/merge-patch+json',
  );
  assert.equal(neg.status, 422);
  assert.equal((await api(sim, '/api/v1/namespaces/default/pods/p1/scale')).status, 404);
});

test('patch: unsupported content type 415; failed JSON patch test 422; server-side apply creates then merges', async () => {
  const bad = await send('PATCH', '/api/v1/namespaces/default/pods/p1', { a: 1 }, 'text/plain');
  assert.equal(bad.status, 415);
  const t = await send(
    'PATCH',
    '/api/v1/namespaces/default/pods/p1',
    [{ op: 'test', path: '/metadata/name', value: 'x' }],
    'application/json-patch+json',
  );
  assert.equal(t.status, 422);
  const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  a: "1"\n';
  const c = await send(
    'PATCH',
    '/api/v1/namespaces/default/configmaps/applied?fieldManager=t',
    yaml,
    'application/apply-patch+yaml',
  );
  assert.equal(c.status, 201, c.body);
  const u = await send(
    'PATCH',
    '/api/v1/namespaces/default/configmaps/applied?fieldManager=t',
    yaml.replace('"1"', '"2"') + '  b: "3"\n',
    'application/apply-patch+yaml',
  );
  assert.equal(u.status, 200, u.body);
  assert.deepEqual((u.json<Obj>() as unknown as { data: unknown }).data, { a: '2', b: '3' });
  const missing = await send(
    'PATCH',
    '/api/v1/namespaces/default/configmaps/nope',
    { data: {} },
    'application/merge-patch+json',
  );
  assert.equal(missing.status, 404);
});

test('dryRun=All validates and defaults but stores nothing', async () => {
  const rv = sim.storage.currentRV();
  const r = await send('POST', '/api/v1/namespaces/default/pods?dryRun=All', POD('dry'));
  assert.equal(r.status, 201);
  assert.equal(r.json<Obj>().spec['restartPolicy'], 'Always');
  assert.equal(sim.storage.get(PODS, 'default', 'dry'), undefined);
  const del = await send('DELETE', '/api/v1/namespaces/default/pods/p1?dryRun=All');
  assert.equal(del.status, 200);
  assert.ok(sim.storage.get(PODS, 'default', 'p1'));
  assert.equal(sim.storage.currentRV(), rv);
  assert.equal((await send('POST', '/api/v1/namespaces/default/pods?dryRun=Some', POD('dry'))).status, 400);
});

test('delete: a scheduled pod terminates gracefully; an unscheduled one goes at once', async () => {
  await send(
    'POST',
    '/api/v1/namespaces/default/pods',
    POD('graceful', { nodeName: 'kubedeck-control-plane', terminationGracePeriodSeconds: 5 }),
  );
  const d = await send('DELETE', '/api/v1/namespaces/default/pods/graceful', {
    propagationPolicy: 'Background',
  });
  assert.equal(d.status, 200, d.body);
  const body = d.json<Obj>();
  assert.ok(body.metadata.deletionTimestamp, 'the pod is returned with a deletionTimestamp');
  assert.ok(sim.storage.get(PODS, 'default', 'graceful')?.metadata.deletionTimestamp);
  clock.advance(5000);
  assert.equal(sim.storage.get(PODS, 'default', 'graceful'), undefined, 'gone after the grace period');
  await send('POST', '/api/v1/namespaces/default/pods', POD('pending-only'));
  const now = await send('DELETE', '/api/v1/namespaces/default/pods/pending-only');
  assert.equal(now.json()['status'], 'Success');
  assert.equal(sim.storage.get(PODS, 'default', 'pending-only'), undefined);
  assert.equal((await send('DELETE', '/api/v1/namespaces/default/pods/pending-only')).status, 404);
});

async function ownerAndDependent(owner: string): Promise<{ uid: string }> {
  const o = (
    await send('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: owner } })
  ).json<Obj>();
  const ref = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: owner,
    uid: o.metadata.uid,
    blockOwnerDeletion: true,
  };
  const r = await send('POST', '/api/v1/namespaces/default/configmaps', {
    metadata: { name: `${owner}-dep`, ownerReferences: [ref] },
  });
  assert.equal(r.status, 201, r.body);
  return { uid: o.metadata.uid };
}

test('propagationPolicy: Background, Orphan and Foreground through ownerReferences', async () => {
  await ownerAndDependent('bg');
  await send('DELETE', '/api/v1/namespaces/default/configmaps/bg', { propagationPolicy: 'Background' });
  assert.equal(sim.storage.get(CONFIGMAPS, 'default', 'bg'), undefined);
  clock.advance(0);
  assert.equal(sim.storage.get(CONFIGMAPS, 'default', 'bg-dep'), undefined, 'dependent collected');

  await ownerAndDependent('or');
  await send('DELETE', '/api/v1/namespaces/default/configmaps/or', { propagationPolicy: 'Orphan' });
  clock.advance(0);
  const orphan = sim.storage.get(CONFIGMAPS, 'default', 'or-dep');
  assert.ok(orphan, 'dependent kept');
  assert.equal(orphan.metadata.ownerReferences, undefined);

  await ownerAndDependent('fg');
  const f = await send('DELETE', '/api/v1/namespaces/default/configmaps/fg', {
    propagationPolicy: 'Foreground',
  });
  assert.equal(f.status, 200);
  assert.equal(
    sim.storage.get(CONFIGMAPS, 'default', 'fg'),
    undefined,
    'owner goes once its dependent is gone',
  );
  assert.equal(sim.storage.get(CONFIGMAPS, 'default', 'fg-dep'), undefined);
});

test('finalizers hold an object until removed; deletecollection with a label selector', async () => {
  await send('POST', '/api/v1/namespaces/default/configmaps', {
    metadata: { name: 'held', finalizers: ['example.com/hold'] },
  });
  await send('DELETE', '/api/v1/namespaces/default/configmaps/held');
  const held = sim.storage.get(CONFIGMAPS, 'default', 'held');
  assert.ok(held?.metadata.deletionTimestamp);
  await send(
    'PATCH',
    '/api/v1/namespaces/default/configmaps/held',
    { metadata: { finalizers: null } },
    'application/merge-patch+json',
  );
  assert.equal(sim.storage.get(CONFIGMAPS, 'default', 'held'), undefined);
  for (const n of ['a', 'b', 'c'])
    await send('POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: `dc-${n}`, labels: { set: n === 'c' ? 'no' : 'yes' } },
    });
  const dc = await send('DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=set%3Dyes');
  assert.equal(dc.status, 200, dc.body);
  assert.deepEqual(
    dc.json<{ items: Obj[] }>().items.map((i) => i.metadata.name),
    ['dc-a', 'dc-b'],
  );
  assert.ok(sim.storage.get(CONFIGMAPS, 'default', 'dc-c'));
  assert.equal(
    (await send('DELETE', '/api/v1/namespaces')).status,
    405,
    'namespaces have no deletecollection',
  );
});

test('namespace deletion: Terminating refuses new content (403), then the namespace goes', async () => {
  await send('POST', '/api/v1/namespaces', { metadata: { name: 'doomed' } });
  await send(
    'POST',
    '/api/v1/namespaces/doomed/pods',
    POD('x', { nodeName: 'kubedeck-control-plane', terminationGracePeriodSeconds: 2 }),
  );
  await send('POST', '/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'y' } });
  const d = await send('DELETE', '/api/v1/namespaces/doomed');
  assert.equal(d.status, 200);
  assert.equal(d.json<{ status: { phase: string } }>().status.phase, 'Terminating');
  const refused = await send('POST', '/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'z' } });
  assert.equal(refused.status, 403);
  assert.equal(
    refused.json()['message'],
    'configmaps "z" is forbidden: unable to create new content in namespace doomed because it is being terminated',
  );
  for (let i = 0; i < 10 && (await api(sim, '/api/v1/namespaces/doomed')).status === 200; i++)
    clock.advance(1000);
  assert.equal((await api(sim, '/api/v1/namespaces/doomed')).status, 404, 'namespace removed within 10 s');
  assert.equal(sim.storage.list(CONFIGMAPS, 'doomed').items.length, 0);
});

test('sim-viewer: 403 Forbidden on every mutating verb, in the real message shape', async () => {
  const as = (method: string, path: string, body?: unknown): Promise<Reply> =>
    api(sim, path, {
      method,
      token: sim.viewerToken,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      headers: { 'Content-Type': 'application/merge-patch+json' },
    });
  const del = await as('DELETE', '/api/v1/namespaces/default/pods/p1');
  assert.equal(del.status, 403);
  assert.equal(
    del.json()['message'],
    'pods "p1" is forbidden: User "sim-viewer" cannot delete resource "pods" in API group "" in the namespace "default"',
  );
  assert.equal(
    (await as('POST', '/api/v1/namespaces/default/pods', POD('v'))).json()['message'],
    'pods is forbidden: User "sim-viewer" cannot create resource "pods" in API group "" in the namespace "default"',
  );
  assert.equal(
    (await as('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', {})).json()['message'],
    'deployments.apps "web" is forbidden: User "sim-viewer" cannot patch resource "deployments/scale" in API group "apps" in the namespace "default"',
  );
  assert.equal(
    (await as('DELETE', '/api/v1/namespaces/default')).json()['message'],
    // as the real RequestInfo has it: a namespace's own path is "in the namespace" it names
    'namespaces "default" is forbidden: User "sim-viewer" cannot delete resource "namespaces" in API group "" in the namespace "default"',
  );
  assert.equal((await as('PUT', '/api/v1/namespaces/default/pods/p1', POD('p1'))).status, 403);
  assert.equal((await as('DELETE', '/api/v1/namespaces/default/pods')).status, 403);
  assert.ok(sim.storage.get(PODS, 'default', 'p1'), 'nothing changed');
});

test('bad bodies never crash the server', async () => {
  assert.equal((await send('POST', '/api/v1/namespaces/default/pods', '{not json')).status, 400);
  assert.equal((await send('POST', '/api/v1/namespaces/default/pods', '[1,2]')).status, 400);
  assert.equal((await send('POST', '/api/v1/namespaces/default/pods', { metadata: 'x' })).status, 400);
  assert.equal(
    (await send('PATCH', '/api/v1/namespaces/default/pods/p1', '"str"', 'application/merge-patch+json'))
      .status,
    422,
  );
  assert.equal(
    (
      await send(
        'PATCH',
        '/api/v1/namespaces/default/pods/p1',
        '{"spec":{"containers":[{"image":"x"}]}}',
        'application/strategic-merge-patch+json',
      )
    ).status,
    400,
  );
  assert.equal(
    (await send('POST', '/api/v1/namespaces/default/pods', 'x'.repeat(4 * 1024 * 1024))).status,
    413,
  );
  assert.equal((await api(sim, '/api/v1/namespaces/default/pods/p1')).status, 200);
});

test('LIST pages within one namespace stop at its boundary; remainingItemCount counts only that namespace', async () => {
  for (const ns of ['pg', 'pg-after', 'pa'])
    await send('POST', '/api/v1/namespaces', { metadata: { name: ns } });
  for (const ns of ['pg', 'pg-after', 'pa'])
    for (let i = 0; i < 7; i++)
      await send('POST', `/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: `cm-${i}` } });
  const names: string[] = [];
  let cont = '';
  const remaining: unknown[] = [];
  do {
    const r = await api(sim, `/api/v1/namespaces/pg/configmaps?limit=3${cont ? `&continue=${cont}` : ''}`);
    const j = r.json<{ items: Obj[]; metadata: { continue?: string; remainingItemCount?: number } }>();
    names.push(...j.items.map((i) => i.metadata.name));
    remaining.push(j.metadata.remainingItemCount);
    cont = j.metadata.continue ?? '';
  } while (cont);
  assert.deepEqual(names, ['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4', 'cm-5', 'cm-6']);
  assert.deepEqual(remaining, [4, 1, undefined]);
});
