// Patch formats: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and strategic merge patch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonPatch, mergePatch, PatchError } from '../../src/sim/server/patch.js';
import type { Json } from '../../src/sim/server/patch.js';
import { strategicMergePatch } from '../../src/sim/server/strategic-merge.js';

test('merge patch: RFC 7386 examples (null deletes, arrays replace, scalars overwrite)', () => {
  assert.deepEqual(mergePatch({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } }), {
    a: 'z',
    c: { d: 'e' },
  });
  assert.deepEqual(mergePatch({ a: [1, 2] }, { a: [3] }), { a: [3] });
  assert.deepEqual(mergePatch({ a: 'foo' }, 'bar'), 'bar');
  assert.deepEqual(mergePatch({ e: null } as Json, { a: 1 }), { e: null, a: 1 });
});

test('JSON patch: add/remove/replace/move/copy/test, "-" appends, ~1 escapes, failures', () => {
  const doc: Json = { metadata: { labels: { 'a/b': 'x' } }, list: [1, 2] };
  const out = jsonPatch(doc, [
    { op: 'add', path: '/list/-', value: 3 },
    { op: 'add', path: '/list/0', value: 0 },
    { op: 'replace', path: '/metadata/labels/a~1b', value: 'y' },
    { op: 'copy', from: '/list', path: '/copy' },
    { op: 'move', from: '/copy', path: '/moved' },
    { op: 'remove', path: '/list/1' },
    { op: 'test', path: '/moved/3', value: 3 },
  ]);
  assert.deepEqual(out, { metadata: { labels: { 'a/b': 'y' } }, list: [0, 2, 3], moved: [0, 1, 2, 3] });
  assert.deepEqual(doc, { metadata: { labels: { 'a/b': 'x' } }, list: [1, 2] }, 'input untouched');
  assert.throws(
    () => jsonPatch(doc, [{ op: 'test', path: '/list/0', value: 9 }]),
    (e: unknown) => e instanceof PatchError && e.code === 422,
  );
  assert.throws(() => jsonPatch(doc, [{ op: 'remove', path: '/nope' }]), PatchError);
  assert.throws(() => jsonPatch(doc, [{ op: 'replace', path: '/nope/x', value: 1 }]), PatchError);
  assert.throws(() => jsonPatch(doc, [{ op: 'frob', path: '/a' }]), PatchError);
  assert.throws(() => jsonPatch(doc, { op: 'add' }), PatchError);
});

const podSpec = (): Json => ({
  spec: {
    containers: [
      {
        name: 'app',
        image: 'app:1',
        ports: [{ containerPort: 80 }, { containerPort: 81 }],
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
      },
      { name: 'side', image: 'side:1' },
    ],
    tolerations: [{ key: 'x' }],
  },
  metadata: { finalizers: ['a'] },
});

test('strategic merge: containers by name, ports by containerPort, env by name, other lists replaced', () => {
  const out = strategicMergePatch(podSpec(), {
    spec: {
      containers: [
        { name: 'app', image: 'app:2', ports: [{ containerPort: 82 }], env: [{ name: 'B', value: '3' }] },
      ],
      tolerations: [{ key: 'y' }],
    },
    metadata: { finalizers: ['b', 'a'] },
  });
  assert.deepEqual(out, {
    spec: {
      containers: [
        {
          name: 'app',
          image: 'app:2',
          ports: [{ containerPort: 80 }, { containerPort: 81 }, { containerPort: 82 }],
          env: [
            { name: 'A', value: '1' },
            { name: 'B', value: '3' },
          ],
        },
        { name: 'side', image: 'side:1' },
      ],
      tolerations: [{ key: 'y' }],
    },
    metadata: { finalizers: ['a', 'b'] },
  });
});

test('strategic merge: service ports merge by port; $patch delete/replace; $setElementOrder; $deleteFromPrimitiveList', () => {
  const svc: Json = {
    spec: {
      ports: [
        { port: 80, name: 'http' },
        { port: 443, name: 'https' },
      ],
    },
  };
  assert.deepEqual(strategicMergePatch(svc, { spec: { ports: [{ port: 443, targetPort: 8443 }] } }), {
    spec: {
      ports: [
        { port: 80, name: 'http' },
        { port: 443, name: 'https', targetPort: 8443 },
      ],
    },
  });
  // delete one container, replace the env list of another, reorder
  const out = strategicMergePatch(podSpec(), {
    spec: {
      containers: [{ name: 'side', $patch: 'delete' }],
    },
  } as Json);
  assert.deepEqual(
    (out as { spec: { containers: { name: string }[] } }).spec.containers.map((c) => c.name),
    ['app'],
  );
  const replaced = strategicMergePatch(podSpec(), {
    spec: { containers: [{ name: 'only', image: 'o:1' }, { $patch: 'replace' }] },
  });
  assert.deepEqual((replaced as { spec: { containers: unknown[] } }).spec.containers, [
    { name: 'only', image: 'o:1' },
  ]);
  const mapReplace = strategicMergePatch({ a: { x: 1, y: 2 } }, { a: { $patch: 'replace', z: 3 } });
  assert.deepEqual(mapReplace, { a: { z: 3 } });
  const ordered = strategicMergePatch(podSpec(), {
    spec: { '$setElementOrder/containers': [{ name: 'side' }, { name: 'app' }] },
  });
  assert.deepEqual(
    (ordered as { spec: { containers: { name: string }[] } }).spec.containers.map((c) => c.name),
    ['side', 'app'],
  );
  const prim = strategicMergePatch(podSpec(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } });
  assert.deepEqual((prim as { metadata: unknown }).metadata, { finalizers: [] });
  // null removes a key, nested maps merge
  assert.deepEqual(strategicMergePatch({ m: { a: 1, b: 2 } }, { m: { a: null, c: 3 } }), {
    m: { b: 2, c: 3 },
  });
  assert.throws(
    () => strategicMergePatch(podSpec(), { spec: { containers: [{ image: 'no-name' }] } }),
    PatchError,
  );
});
