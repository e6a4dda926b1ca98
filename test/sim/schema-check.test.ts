// Type checks of writes against the Kubernetes 1.32 schemas (src/sim/schema): the field paths and the
// words of each decoder, pruning and fieldValidation, CRD structural validation, and the same through
// HTTP with the Status a real API server sends (code, reason, details.causes, Warning headers).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadSchemas } from '../../src/sim/schema/catalog.js';
import type { SchemaCatalog } from '../../src/sim/schema/catalog.js';
import { checkWrite } from '../../src/sim/schema/check.js';
import type { CheckRequest } from '../../src/sim/schema/check.js';
import { findResource, RESOURCES } from '../../src/sim/resources.js';
import type { ResourceInfo } from '../../src/sim/resources.js';
import { StorageError } from '../../src/sim/storage/index.js';
import type { KObject } from '../../src/util/k8s.js';
import { startSim } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import { api } from './helpers.js';

let cat: SchemaCatalog;
let sim: SimHandle;
before(async () => {
  cat = await loadSchemas();
  sim = await startSim({ scenario: 'empty' });
});
after(async () => {
  await sim.close();
});

const info = (group: string, version: string, resource: string): ResourceInfo => {
  const r = findResource(group, version, resource);
  assert.ok(r, `${group}/${version}/${resource}`);
  return r;
};
const DEPLOYMENTS = (): ResourceInfo => info('apps', 'v1', 'deployments');

const deployment = (spec: Record<string, unknown>): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] },
    },
    ...spec,
  },
});

function fails(req: Partial<CheckRequest> & { obj: KObject }): StorageError {
  try {
    checkWrite(cat, { info: DEPLOYMENTS(), op: 'create', validation: 'Warn', ...req });
  } catch (e) {
    assert.ok(e instanceof StorageError, String(e));
    return e;
  }
  assert.fail('the write was accepted');
}

test('every built-in kind the simulator serves has its Kubernetes 1.32 schema', () => {
  const missing = RESOURCES.filter((r) => !cat.kindName(r.gvr.group, r.gvr.version, r.kind)).map(
    (r) => `${r.gvr.group}/${r.gvr.version}/${r.kind}`,
  );
  assert.deepEqual(missing, []);
  // and the kinds being added next are there too, found by group/version/kind alone
  for (const gvk of [
    'rbac.authorization.k8s.io/v1/ClusterRole',
    'policy/v1/PodDisruptionBudget',
    'autoscaling/v2/HorizontalPodAutoscaler',
    'networking.k8s.io/v1/NetworkPolicy',
    'networking.k8s.io/v1/IngressClass',
    '/v1/ResourceQuota',
    '/v1/LimitRange',
    'scheduling.k8s.io/v1/PriorityClass',
    '/v1/ReplicationController',
    'events.k8s.io/v1/Event',
  ]) {
    const [g = '', v = '', k = ''] = gvk.split('/');
    assert.ok(cat.kindName(g, v, k), gvk);
  }
});

test('create/update: 400 with encoding/json words and Go field paths', () => {
  let e = fails({ obj: deployment({ replicas: 'abc' }) });
  assert.equal(e.code, 400);
  assert.equal(e.reason, 'BadRequest');
  assert.equal(
    e.message,
    'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
  );
  const port = deployment({});
  const ps = port.spec as { template: { spec: { containers: { ports: { containerPort: unknown }[] }[] } } };
  const c0 = ps.template.spec.containers[0];
  if (c0?.ports[0]) c0.ports[0].containerPort = 'http';
  e = fails({ obj: port, op: 'update' });
  assert.match(
    e.message,
    /json: cannot unmarshal string into Go struct field ContainerPort\.spec\.template\.spec\.containers\.ports\.containerPort of type int32$/,
  );
  assert.match(
    fails({ obj: deployment({ replicas: 1.5 }) }).message,
    /cannot unmarshal number 1\.5 into Go struct field DeploymentSpec\.spec\.replicas of type int32/,
  );
  assert.match(
    fails({ obj: deployment({ paused: 'yes' }) }).message,
    /cannot unmarshal string into Go struct field DeploymentSpec\.spec\.paused of type bool/,
  );
  assert.match(
    fails({ obj: deployment({ selector: 'app=web' }) }).message,
    /cannot unmarshal string into Go struct field DeploymentSpec\.spec\.selector of type v1\.LabelSelector/,
  );
  const labels = deployment({});
  labels.metadata.labels = { app: 1 as unknown as string };
  assert.match(
    fails({ obj: labels }).message,
    /cannot unmarshal number into Go struct field ObjectMeta\.metadata\.labels of type string/,
  );
  const cpu = deployment({});
  const spec = cpu.spec as { template: { spec: { containers: Record<string, unknown>[] } } };
  const first = spec.template.spec.containers[0];
  if (first) first['resources'] = { limits: { cpu: 'lots' } };
  assert.match(fails({ obj: cpu }).message, /quantities must match the regular expression/);
});

test('JSON and merge patches: 422 Invalid with the patched object under "patch"; strategic: the unstructured converter', () => {
  let e = fails({ obj: deployment({ replicas: 'abc' }), op: 'merge-patch' });
  assert.equal(e.code, 422);
  assert.equal(e.reason, 'Invalid');
  assert.equal(e.details.causes?.length, 1);
  assert.equal(e.details.causes?.[0]?.field, 'patch');
  assert.equal(e.details.causes?.[0]?.reason, 'FieldValueInvalid');
  assert.match(e.message, /^ "" is invalid: patch: Invalid value: "\{\\"apiVersion\\":\\"apps\/v1\\",/);
  assert.match(
    e.message,
    /: json: cannot unmarshal string into Go struct field DeploymentSpec\.spec\.replicas of type int32$/,
  );
  e = fails({
    obj: deployment({ replicas: 'abc' }),
    op: 'strategic-patch',
    patch: { spec: { replicas: 'abc' } },
  });
  assert.equal(e.code, 422);
  assert.equal(
    e.message,
    ' "" is invalid: patch: Invalid value: "map[spec:map[replicas:abc]]": unrecognized type: int32',
  );
  e = fails({
    obj: deployment({ replicas: 2.5 }),
    op: 'strategic-patch',
    patch: { spec: { replicas: 2.5 } },
  });
  assert.match(e.message, /cannot convert float64 to int32$/);
  e = fails({
    obj: deployment({ template: 'x' }),
    op: 'strategic-patch',
    patch: { spec: { template: 'x' } },
  });
  assert.match(e.message, /cannot restore struct from: string$/);
});

test('server-side apply: structured-merge-diff paths with list keys, as a 500 without a reason', () => {
  const bad = deployment({ replicas: 'abc' });
  const e = fails({ obj: bad, op: 'apply', patch: structuredClone(bad) });
  assert.equal(e.code, 500);
  assert.equal(e.reason, '');
  assert.equal(
    e.message,
    'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string',
  );
  const port = deployment({});
  const c = (port.spec as { template: { spec: { containers: { ports: Record<string, unknown>[] }[] } } })
    .template.spec.containers[0];
  if (c) c.ports = [{ containerPort: 80, bogus: true }];
  assert.match(
    fails({ obj: port, op: 'apply', patch: structuredClone(port) }).message,
    /\.spec\.template\.spec\.containers\[name="web"\]\.ports\[containerPort=80\]\.bogus: field not declared in schema$/,
  );
});

test('undeclared fields are dropped; Strict fails the write, Warn warns, Ignore is silent', () => {
  const o = deployment({ replicas: 1, colour: 'red' });
  (o as unknown as Record<string, unknown>)['extra'] = 1;
  const r = checkWrite(cat, { info: DEPLOYMENTS(), op: 'create', validation: 'Warn', obj: o });
  assert.deepEqual(r.warnings, ['unknown field "spec.colour"', 'unknown field "extra"']);
  assert.equal((o.spec as Record<string, unknown>)['colour'], undefined);
  assert.equal((o as unknown as Record<string, unknown>)['extra'], undefined);
  const strict = deployment({ colour: 'red' });
  assert.equal(
    fails({ obj: strict, validation: 'Strict' }).message,
    'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.colour"',
  );
  const nested = deployment({});
  const c = (nested.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec
    .containers[0];
  if (c) c['imagePullPolicyy'] = 'Always';
  assert.match(
    fails({ obj: nested, validation: 'Strict' }).message,
    /unknown field "spec\.template\.spec\.containers\[0\]\.imagePullPolicyy"$/,
  );
  const ignored = deployment({ colour: 'red' });
  assert.deepEqual(
    checkWrite(cat, { info: DEPLOYMENTS(), op: 'create', validation: 'Ignore', obj: ignored }).warnings,
    [],
  );
});

test('free-form values are kept: CRD defaults and examples (JSON), ControllerRevision data (RawExtension)', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', kind: 'Widget' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: { spec: { type: 'object', default: { a: { b: 1 } }, example: [1, 'x'] } },
            },
          },
        },
      ],
    },
  } as unknown as KObject;
  const before = structuredClone(crd);
  const r = checkWrite(cat, {
    info: info('apiextensions.k8s.io', 'v1', 'customresourcedefinitions'),
    op: 'create',
    validation: 'Strict',
    obj: crd,
  });
  assert.deepEqual(r.warnings, []);
  assert.deepEqual(crd, before);
  const rev = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { name: 'r' },
    revision: 1,
    data: { spec: { template: { anything: true } } },
  } as unknown as KObject;
  checkWrite(cat, {
    info: info('apps', 'v1', 'controllerrevisions'),
    op: 'create',
    validation: 'Strict',
    obj: rev,
  });
  assert.deepEqual((rev as unknown as { data: unknown }).data, { spec: { template: { anything: true } } });
});

test('Secret data must be base64; Scale bodies are checked as autoscaling/v1 Scale', () => {
  const secret: KObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's' },
    data: { k: 'not base64!' },
  } as KObject;
  assert.equal(
    fails({ obj: secret, info: info('', 'v1', 'secrets') }).message,
    'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3',
  );
  const ok: KObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's' },
    data: { k: 'aGk=' },
  } as KObject;
  checkWrite(cat, { info: info('', 'v1', 'secrets'), op: 'create', validation: 'Strict', obj: ok });
});

test('custom resources: pruning and kube-openapi messages with field paths', () => {
  const widget: ResourceInfo = {
    ...DEPLOYMENTS(),
    gvr: { group: 'example.com', version: 'v1', resource: 'widgets' },
    kind: 'Widget',
    custom: true,
    schema: {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          required: ['size'],
          properties: {
            size: { type: 'integer', minimum: 1, maximum: 10 },
            color: { type: 'string', enum: ['red', 'blue'] },
            tags: { type: 'array', items: { type: 'string' } },
            extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
        },
      },
    },
  };
  const cr = (spec: Record<string, unknown>): KObject =>
    ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec }) as KObject;
  let e = fails({ obj: cr({ size: 'big' }), info: widget });
  assert.equal(e.code, 422);
  assert.equal(
    e.message,
    'Widget.example.com "w" is invalid: spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"',
  );
  assert.deepEqual(e.details.causes?.[0], {
    reason: 'FieldValueTypeInvalid',
    message: 'Invalid value: "string": spec.size in body must be of type integer: "string"',
    field: 'spec.size',
  });
  e = fails({ obj: cr({ size: 11, color: 'green', tags: [1] }), info: widget });
  assert.equal(
    e.message,
    'Widget.example.com "w" is invalid: [spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10, spec.color: Unsupported value: "green": supported values: "red", "blue", spec.tags[0]: Invalid value: "integer": spec.tags[0] in body must be of type string: "integer"]',
  );
  assert.match(fails({ obj: cr({}), info: widget }).message, /spec\.size: Required value$/);
  const kept = cr({ size: 3, unknown: 1, extra: { anything: { goes: true } } });
  const r = checkWrite(cat, { info: widget, op: 'create', validation: 'Warn', obj: kept });
  assert.deepEqual(r.warnings, ['unknown field "spec.unknown"']);
  assert.deepEqual(kept.spec, { size: 3, extra: { anything: { goes: true } } });
});

test('over HTTP: the Status body, details.causes and Warning headers a real server sends', async () => {
  const d = deployment({ replicas: 1 });
  const created = await api(sim, '/apis/apps/v1/namespaces/default/deployments?fieldValidation=Warn', {
    method: 'POST',
    body: JSON.stringify({ ...d, spec: { ...(d.spec as object), colour: 'red' } }),
    headers: { 'Content-Type': 'application/json' },
  });
  assert.equal(created.status, 201);
  assert.equal(created.headers['warning'], '299 - "unknown field \\"spec.colour\\""');
  assert.equal(created.json<{ spec: Record<string, unknown> }>().spec['colour'], undefined);
  const merge = await api(sim, '/apis/apps/v1/namespaces/default/deployments/web', {
    method: 'PATCH',
    body: '{"spec":{"replicas":"abc"}}',
    headers: { 'Content-Type': 'application/merge-patch+json' },
  });
  assert.equal(merge.status, 422);
  const st = merge.json<{
    reason: string;
    details: { causes: { field: string; reason: string; message: string }[] };
  }>();
  assert.equal(st.reason, 'Invalid');
  assert.equal(st.details.causes[0]?.field, 'patch');
  assert.match(
    st.details.causes[0]?.message ?? '',
    /json: cannot unmarshal string into Go struct field DeploymentSpec\.spec\.replicas of type int32$/,
  );
  const apply = await api(sim, '/apis/apps/v1/namespaces/default/deployments/web?fieldManager=t', {
    method: 'PATCH',
    body: JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 'abc' },
    }),
    headers: { 'Content-Type': 'application/apply-patch+yaml' },
  });
  assert.equal(apply.status, 500);
  assert.equal(apply.json<{ reason?: string }>().reason, undefined);
  const bad = await api(sim, '/apis/apps/v1/namespaces/default/deployments?fieldValidation=Sometimes', {
    method: 'POST',
    body: JSON.stringify(d),
    headers: { 'Content-Type': 'application/json' },
  });
  assert.equal(bad.status, 422);
  assert.match(
    bad.json<{ message: string }>().message,
    /^CreateOptions\.meta\.k8s\.io "" is invalid: fieldValidation: Unsupported value: "Sometimes"/,
  );
  // the scale subresource's body is an autoscaling/v1 Scale
  const scale = await api(sim, '/apis/apps/v1/namespaces/default/deployments/web/scale', {
    method: 'PATCH',
    body: '{"spec":{"replicas":"abc"}}',
    headers: { 'Content-Type': 'application/merge-patch+json' },
  });
  assert.equal(scale.status, 422);
  assert.match(
    scale.json<{ message: string }>().message,
    /json: cannot unmarshal string into Go struct field ScaleSpec\.spec\.replicas of type int32$/,
  );
  const after = await api(sim, '/apis/apps/v1/namespaces/default/deployments/web');
  assert.equal(after.json<{ spec: { replicas: unknown } }>().spec.replicas, 1);
});
