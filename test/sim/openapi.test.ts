// /openapi/v3: the index lists every served group version (custom resources included) with a content
// hash; each document carries its kinds' schemas under their x-kubernetes-group-version-kind, and every
// $ref in it resolves inside the same document (kubectl reads one group version at a time).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadSchemas } from '../../src/sim/schema/catalog.js';
import type { SchemaCatalog } from '../../src/sim/schema/catalog.js';
import { openApiDocument } from '../../src/sim/openapi/index.js';
import { openApiV2 } from '../../src/sim/openapi/v2.js';
import { groupVersions, RESOURCES } from '../../src/sim/resources.js';
import type { ResourceInfo } from '../../src/sim/resources.js';

let cat: SchemaCatalog;
before(async () => {
  cat = await loadSchemas();
});

interface Doc {
  paths: Record<string, unknown>;
  components: { schemas: Record<string, { 'x-kubernetes-group-version-kind'?: unknown[] }> };
}
const doc = (path: string, list: readonly ResourceInfo[] = RESOURCES): Doc => {
  const text = openApiDocument(path, cat, list);
  assert.ok(text, path);
  return JSON.parse(text) as Doc;
};

function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) refs(x, out);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') out.push(x);
      else refs(x, out);
    }
  return out;
}

test('every served group version has a self-contained document with each kind under its GVK', () => {
  const index = JSON.parse(openApiDocument('/openapi/v3', cat) ?? '{}') as {
    paths: Record<string, { serverRelativeURL: string }>;
  };
  for (const gv of groupVersions()) {
    const p = gv.group ? `apis/${gv.group}/${gv.version}` : `api/${gv.version}`;
    const entry = index.paths[p];
    assert.ok(entry, p);
    assert.match(entry.serverRelativeURL, new RegExp(`^/openapi/v3/${p}\\?hash=[0-9A-F]{128}$`));
    const d = doc(`/openapi/v3/${p}`);
    const schemas = d.components.schemas;
    for (const r of RESOURCES.filter((x) => x.gvr.group === gv.group && x.gvr.version === gv.version)) {
      const found = Object.values(schemas).some((s) =>
        (s['x-kubernetes-group-version-kind'] ?? []).some(
          (g) => JSON.stringify(g) === JSON.stringify({ group: gv.group, kind: r.kind, version: gv.version }),
        ),
      );
      assert.ok(found, `${p} ${r.kind}`);
    }
    for (const ref of refs(d)) assert.ok(schemas[ref.replace('#/components/schemas/', '')], `${p}: ${ref}`);
  }
  assert.equal(openApiDocument('/openapi/v3/apis/nope/v1', cat), undefined);
});

test('a CRD version is published under <reversed group>.<version>.<Kind>, and its hash follows its schema', () => {
  const widget = (size: string): ResourceInfo => ({
    ...RESOURCES[0]!,
    gvr: { group: 'shop.example.com', version: 'v1', resource: 'widgets' },
    kind: 'Widget',
    custom: true,
    schema: {
      type: 'object',
      properties: { spec: { type: 'object', properties: { size: { type: size } } } },
    },
  });
  const list = [...RESOURCES, widget('integer')];
  const hashOf = (l: readonly ResourceInfo[]): string => {
    const index = JSON.parse(openApiDocument('/openapi/v3', cat, l) ?? '{}') as {
      paths: Record<string, { serverRelativeURL: string }>;
    };
    return index.paths['apis/shop.example.com/v1']?.serverRelativeURL ?? '';
  };
  const d = doc('/openapi/v3/apis/shop.example.com/v1', list);
  const s = d.components.schemas['com.example.shop.v1.Widget'] as {
    properties: Record<string, unknown>;
    'x-kubernetes-group-version-kind': unknown[];
  };
  assert.deepEqual(s['x-kubernetes-group-version-kind'], [
    { group: 'shop.example.com', version: 'v1', kind: 'Widget' },
  ]);
  assert.deepEqual(Object.keys(s.properties).sort(), ['apiVersion', 'kind', 'metadata', 'spec']);
  for (const ref of refs(d)) assert.ok(d.components.schemas[ref.replace('#/components/schemas/', '')], ref);
  assert.notEqual(hashOf(list), hashOf([...RESOURCES, widget('string')]));
  assert.equal(hashOf(list), hashOf([...RESOURCES, widget('integer')]));
});

test('/openapi/v2: the same schemas as Swagger 2.0 definitions, JSON or protobuf', () => {
  const json = openApiV2(cat, RESOURCES, 'application/json');
  assert.equal(json.contentType, 'application/json');
  const d = JSON.parse(json.body.toString('utf8')) as {
    swagger: string;
    definitions: Record<string, unknown>;
  };
  assert.equal(d.swagger, '2.0');
  const deploy = d.definitions['io.k8s.api.apps.v1.Deployment'] as {
    properties: { spec: { $ref: string; description: string } };
  };
  assert.equal(deploy.properties.spec.$ref, '#/definitions/io.k8s.api.apps.v1.DeploymentSpec');
  assert.match(deploy.properties.spec.description, /desired behavior of the Deployment/);
  for (const ref of refs(d)) assert.ok(d.definitions[ref.replace('#/definitions/', '')], ref);
  assert.doesNotMatch(json.body.toString('utf8'), /#\/components\//);
  const pb = openApiV2(cat, RESOURCES, 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf');
  assert.equal(pb.contentType, 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
  // field 1 (swagger) first: tag 0x0a, length 3, "2.0"
  assert.deepEqual([...pb.body.subarray(0, 5)], [0x0a, 3, 0x32, 0x2e, 0x30]);
  assert.ok(pb.body.includes(Buffer.from('io.k8s.api.apps.v1.DeploymentSpec')));
});
