// Server-side apply's pure parts: field sets (fieldsV1), the comparison of two objects, the apply merge,
// and the managedFields an Update and an Apply leave, checked against what a 1.32 API server records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compare, removeItems } from '../../src/sim/ssa/compare.js';
import { difference, members, pathString, prunable, toFieldSet, union } from '../../src/sim/ssa/fieldset.js';
import type { Fields } from '../../src/sim/ssa/fieldset.js';
import { applyConfig, ConflictError, updateManagedFields } from '../../src/sim/ssa/managed-fields.js';
import type { FieldWrite, ManagedFieldsEntry } from '../../src/sim/ssa/managed-fields.js';
import { applyMerge } from '../../src/sim/ssa/merge.js';
import { DEDUCED, rootShape } from '../../src/sim/ssa/schema.js';
import { strategicMergePatch } from '../../src/sim/server/strategic-merge.js';

type Obj = Record<string, unknown>;
const DEPLOY = rootShape('apps/v1', 'Deployment');
const POD = rootShape('v1', 'Pod');
const SERVICE = rootShape('v1', 'Service');
const w = (manager: string, time = '2026-01-01T00:00:00Z', extra: Partial<FieldWrite> = {}): FieldWrite => ({
  manager,
  hasStatus: true,
  time,
  ...extra,
});
const withEntries = (o: Obj, entries: ManagedFieldsEntry[]): Obj => ({
  ...o,
  metadata: { ...(o['metadata'] as Obj), managedFields: entries },
});
const entry = (
  es: ManagedFieldsEntry[],
  manager: string,
  operation = 'Update',
  sub?: string,
): ManagedFieldsEntry | undefined =>
  es.find((e) => e.manager === manager && e.operation === operation && e.subresource === sub);

const deployment = (replicas: number, image: string, labels: Obj = { app: 'web' }): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80 }] }] },
    },
  },
});

test('toFieldSet: list items by their keys (a port keyed with its default protocol), atomic selector, labels without "."', () => {
  const set = toFieldSet(deployment(2, 'nginx'), DEPLOY);
  assert.deepEqual(set['f:spec'], {
    'f:replicas': {},
    'f:selector': {},
    'f:template': {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"web"}': {
            '.': {},
            'f:image': {},
            'f:name': {},
            'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
          },
        },
      },
    },
  });
  // finalizers are a set (v:), service ports are keyed by port and protocol, nodeSelector is atomic
  assert.deepEqual(toFieldSet({ metadata: { finalizers: ['a/b'] } }, POD), {
    'f:metadata': { 'f:finalizers': { 'v:"a/b"': {} } },
  });
  assert.deepEqual(
    toFieldSet({ spec: { ports: [{ port: 80, protocol: 'UDP' }], selector: { a: 'b' } } }, SERVICE),
    {
      'f:spec': {
        'f:ports': { 'k:{"port":80,"protocol":"UDP"}': { '.': {}, 'f:port': {}, 'f:protocol': {} } },
        'f:selector': {},
      },
    },
  );
  assert.deepEqual(toFieldSet({ spec: { nodeSelector: { a: 'b' }, tolerations: [{ key: 'x' }] } }, POD), {
    'f:spec': { 'f:nodeSelector': {}, 'f:tolerations': {} },
  });
  // a kind the table does not know is deduced: objects granular, lists atomic
  assert.deepEqual(toFieldSet({ spec: { a: { b: 1 }, l: [1, 2] } }, DEDUCED), {
    'f:spec': { 'f:a': { 'f:b': {} }, 'f:l': {} },
  });
});

test('set operations keep "." for members that have children, and paths print as the API server prints them', () => {
  const a: Fields = { 'f:a': { '.': {}, 'f:b': {} }, 'f:c': {} };
  const b: Fields = { 'f:a': {}, 'f:d': {} };
  assert.deepEqual(union(a, b), { 'f:a': { '.': {}, 'f:b': {} }, 'f:c': {}, 'f:d': {} });
  assert.deepEqual(difference(a, b), { 'f:a': { 'f:b': {} }, 'f:c': {} });
  assert.deepEqual(
    prunable(a, { 'f:a': { 'f:b': {} } }),
    { 'f:c': {} },
    'an item someone owns a field of stays',
  );
  assert.deepEqual(members(a), [['f:a'], ['f:c'], ['f:a', 'f:b']], 'members of a node before its children');
  assert.equal(
    pathString([
      'f:spec',
      'f:template',
      'f:spec',
      'f:containers',
      'k:{"name":"web"}',
      'f:ports',
      'k:{"containerPort":80,"protocol":"TCP"}',
      'f:containerPort',
    ]),
    '.spec.template.spec.containers[name="web"].ports[containerPort=80,protocol="TCP"].containerPort',
  );
  assert.equal(pathString(['f:metadata', 'f:finalizers', 'v:"x"']), '.metadata.finalizers[="x"]');
});

test('compare: leaves added/modified/removed, new maps and items are members, null lists are wildcards', () => {
  const live = deployment(2, 'nginx');
  const next = deployment(3, 'nginx:2', { app: 'web', tier: 'x' });
  const c = compare(live, next, DEPLOY);
  assert.deepEqual(c.modified, {
    'f:spec': {
      'f:replicas': {},
      'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { 'f:image': {} } } } },
    },
  });
  assert.deepEqual(c.added, { 'f:metadata': { 'f:labels': { 'f:tier': {} } } });
  assert.deepEqual(c.removed, {});
  const c2 = compare({ spec: { containers: null } }, { spec: { containers: [{ name: 'a' }] } }, POD);
  assert.deepEqual(c2.added, {
    'f:spec': { 'f:containers': { 'k:{"name":"a"}': { '.': {}, 'f:name': {} } } },
  });
  assert.deepEqual(c2.modified, {});
});

test('apply merge: keyed items merge in place, the configuration orders shared items, live-only items stay', () => {
  const shape = POD;
  const live = {
    spec: {
      containers: [
        { name: 'a', image: 'x', tty: true },
        { name: 'side', image: 's' },
        { name: 'b', image: 'y' },
      ],
    },
  };
  const cfg = {
    spec: {
      containers: [
        { name: 'b', image: 'y2' },
        { name: 'a', image: 'x2' },
        { name: 'c', image: 'z' },
      ],
    },
  };
  const merged = applyMerge(live, cfg, shape) as { spec: { containers: Obj[] } };
  assert.deepEqual(
    merged.spec.containers.map((c) => `${String(c['name'])}=${String(c['image'])}`),
    ['side=s', 'b=y2', 'a=x2', 'c=z'],
  );
  assert.equal(
    merged.spec.containers.find((c) => c['name'] === 'a')?.['tty'],
    true,
    'fields the config leaves out are kept',
  );
  // atomic lists are replaced
  const t = applyMerge(
    { spec: { tolerations: [{ key: 'a' }, { key: 'b' }] } },
    { spec: { tolerations: [{ key: 'c' }] } },
    shape,
  );
  assert.deepEqual(t, { spec: { tolerations: [{ key: 'c' }] } });
  assert.deepEqual(
    removeItems(
      { metadata: { labels: { a: '1' } }, x: 1 },
      { 'f:metadata': { 'f:labels': { 'f:a': {} } } },
      DEDUCED,
    ),
    { x: 1 },
  );
});

test('Update: a create owns what it set (defaults too) but never status; "." only where the zero object had nothing', () => {
  const created = {
    ...deployment(1, 'nginx'),
    spec: {
      ...(deployment(1, 'nginx')['spec'] as Obj),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    },
    status: { replicas: 0 },
  };
  const es = updateManagedFields(undefined, created, w('kubectl-create'));
  assert.equal(es.length, 1);
  const e = es[0];
  assert.equal(e?.manager, 'kubectl-create');
  assert.equal(e?.operation, 'Update');
  assert.equal(e?.apiVersion, 'apps/v1');
  assert.equal(e?.fieldsType, 'FieldsV1');
  assert.equal(e?.subresource, undefined);
  const spec = e?.fieldsV1['f:spec'];
  assert.deepEqual(spec?.['f:strategy'], {
    'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} },
    'f:type': {},
  });
  assert.deepEqual(e?.fieldsV1['f:metadata'], { 'f:labels': { '.': {}, 'f:app': {} } });
  assert.equal(e?.fieldsV1['f:status'], undefined);
  assert.deepEqual(Object.keys(spec?.['f:template']?.['f:spec']?.['f:containers'] ?? {}), [
    'k:{"name":"web"}',
  ]);
});

test('Update: the writer takes what it changed from every other manager; no change leaves the entries alone', () => {
  const live = withEntries(
    deployment(2, 'nginx'),
    updateManagedFields(undefined, deployment(2, 'nginx'), w('a', 't1')),
  );
  const es = updateManagedFields(
    live,
    { ...deployment(5, 'nginx'), metadata: { ...(live['metadata'] as Obj) } },
    w('b', 't2', { subresource: 'scale' }),
  );
  assert.equal(has(entry(es, 'a'), ['f:spec', 'f:replicas']), false);
  assert.deepEqual(entry(es, 'b', 'Update', 'scale')?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  assert.equal(entry(es, 'b', 'Update', 'scale')?.time, 't2');
  const same = updateManagedFields(
    withEntries(deployment(5, 'nginx'), es),
    withEntries(deployment(5, 'nginx'), es),
    w('c', 't3'),
  );
  assert.deepEqual(same, es, 'nothing changed: no entry for c, no new time');
  // a status write by a component that writes both at once is split into a main and a status entry
  const both = updateManagedFields(
    live,
    { ...deployment(2, 'nginx', { app: 'web', x: 'y' }), status: { replicas: 2 } },
    w('kube-controller-manager', 't4', { splitStatus: true }),
  );
  assert.deepEqual(entry(both, 'kube-controller-manager')?.fieldsV1, {
    'f:metadata': { 'f:labels': { 'f:x': {} } },
  });
  assert.deepEqual(entry(both, 'kube-controller-manager', 'Update', 'status')?.fieldsV1, {
    'f:status': { 'f:replicas': {} },
  });
  // managedFields: [{}] clears them
  assert.deepEqual(
    updateManagedFields(live, withEntries(deployment(2, 'nginx'), [{} as ManagedFieldsEntry]), w('d')),
    [],
  );
});

function has(e: ManagedFieldsEntry | undefined, path: string[]): boolean {
  let n: Fields | undefined = e?.fieldsV1;
  for (const pe of path) n = n?.[pe];
  return n !== undefined;
}

test('Apply: owns exactly its configuration, conflicts over changed values (409 text), force takes them, same values co-own', () => {
  const first = applyConfig(undefined, deployment(2, 'nginx'), w('kubectl', 't1'), false);
  const live = withEntries(first.object, first.managedFields);
  const mine = entry(first.managedFields, 'kubectl', 'Apply');
  assert.equal(mine?.time, 't1');
  assert.equal(has(mine, ['f:spec', 'f:replicas']), true);
  assert.equal(has(mine, ['f:metadata', 'f:name']), false, "name, namespace and the like are nobody's");

  const other = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas: 5 },
  };
  assert.throws(
    () => applyConfig(live, other, w('other', 't2'), false),
    (e: unknown) =>
      e instanceof ConflictError &&
      e.message === 'Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas',
  );
  const forced = applyConfig(live, other, w('other', 't2'), true);
  assert.equal((forced.object['spec'] as Obj)['replicas'], 5);
  assert.equal(has(entry(forced.managedFields, 'kubectl', 'Apply'), ['f:spec', 'f:replicas']), false);
  assert.equal(has(entry(forced.managedFields, 'other', 'Apply'), ['f:spec', 'f:replicas']), true);

  const shared = applyConfig(live, { ...other, spec: { replicas: 2 } }, w('other', 't2'), false);
  assert.equal(
    has(entry(shared.managedFields, 'kubectl', 'Apply'), ['f:spec', 'f:replicas']),
    true,
    'same value: both own it',
  );
  assert.equal(has(entry(shared.managedFields, 'other', 'Apply'), ['f:spec', 'f:replicas']), true);

  const two = { ...other, metadata: { name: 'web', labels: { app: 'other' } }, spec: { replicas: 7 } };
  assert.throws(
    () => applyConfig(live, two, w('other', 't2'), false),
    (e: unknown) =>
      e instanceof ConflictError &&
      e.message ===
        'Apply failed with 2 conflicts: conflicts with "kubectl":\n- .metadata.labels.app\n- .spec.replicas',
  );
  // an Update manager is named with its version (and subresource)
  const scaled = withEntries(
    live,
    updateManagedFields(
      live,
      withEntries(deployment(3, 'nginx'), first.managedFields),
      w('kubectl', 't3', { subresource: 'scale' }),
    ),
  );
  assert.throws(
    () => applyConfig(scaled, deployment(4, 'nginx'), w('kubectl', 't4'), false),
    (e: unknown) =>
      e instanceof ConflictError &&
      e.message ===
        'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas',
  );
});

test('Apply: fields dropped from the configuration are removed unless another manager owns them; a no-op changes nothing', () => {
  const first = applyConfig(
    undefined,
    deployment(2, 'nginx', { app: 'web', tier: 'front', team: 'a' }),
    w('kubectl', 't1'),
    false,
  );
  let live = withEntries(first.object, first.managedFields);
  // someone else labels the object with team=a too (co-owned through an Update that changes nothing? no: a new value)
  live = withEntries(
    { ...live, metadata: { ...(live['metadata'] as Obj), labels: { app: 'web', tier: 'front', team: 'b' } } },
    updateManagedFields(
      live,
      {
        ...live,
        metadata: { ...(live['metadata'] as Obj), labels: { app: 'web', tier: 'front', team: 'b' } },
      },
      w('kubectl-label', 't2'),
    ),
  );
  const again = applyConfig(live, deployment(2, 'nginx', { app: 'web' }), w('kubectl', 't3'), false);
  assert.deepEqual(
    (again.object['metadata'] as Obj)['labels'],
    { app: 'web', team: 'b' },
    'tier dropped, team kept (kubectl-label owns it)',
  );
  const live2 = withEntries(again.object, again.managedFields);
  const noop = applyConfig(live2, deployment(2, 'nginx', { app: 'web' }), w('kubectl', 't4'), false);
  assert.equal(noop.changed, false);
  // dropping a whole container removes it
  const two = deployment(2, 'nginx');
  ((two['spec'] as Obj)['template'] as { spec: { containers: Obj[] } }).spec.containers.push({
    name: 'side',
    image: 'busybox',
  });
  const a = applyConfig(undefined, two, w('kubectl', 't1'), false);
  const b = applyConfig(
    withEntries(a.object, a.managedFields),
    deployment(2, 'nginx'),
    w('kubectl', 't2'),
    false,
  );
  const containers = ((b.object['spec'] as Obj)['template'] as { spec: { containers: Obj[] } }).spec
    .containers;
  assert.deepEqual(
    containers.map((c) => c['name']),
    ['web'],
  );
});

test('entries are sorted Apply first, then by time; more than 10 Update managers fold into ancient-changes', () => {
  let live: Obj = withEntries(deployment(1, 'nginx'), []);
  for (let i = 0; i < 12; i++) {
    const meta = live['metadata'] as Obj;
    const next = { ...live, metadata: { ...meta, labels: { ...(meta['labels'] as Obj), [`l${i}`]: 'x' } } };
    live = withEntries(
      next,
      updateManagedFields(
        live,
        next,
        w(`m${String(i).padStart(2, '0')}`, `2026-01-01T00:00:${String(10 + i)}Z`),
      ),
    );
  }
  const a = applyConfig(
    live,
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { paused: true } },
    w('kubectl', '2026-01-01T00:01:00Z'),
    false,
  );
  const es = a.managedFields;
  assert.equal(es[0]?.operation, 'Apply');
  const updates = es.filter((e) => e.operation === 'Update');
  assert.equal(updates.length, 10);
  assert.equal(updates[0]?.manager, 'ancient-changes');
  const times = updates.map((e) => e.time ?? '');
  assert.deepEqual(times, [...times].sort());
});

test('strategic merge patch merges pod IPs by ip and node addresses by type (their patch merge keys)', () => {
  const node = { status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: 'n1' }] } };
  const out = strategicMergePatch(node, { status: { addresses: [{ type: 'Hostname', address: 'n2' }] } }) as typeof node;
  assert.deepEqual(out.status.addresses, [
    { type: 'InternalIP', address: '10.0.0.1' },
    { type: 'Hostname', address: 'n2' },
  ]);
  const pod = { status: { podIPs: [{ ip: '10.244.0.5' }] } };
  const p2 = strategicMergePatch(pod, { status: { podIPs: [{ ip: 'fd00::5' }] } }) as typeof pod;
  assert.deepEqual(p2.status.podIPs, [{ ip: '10.244.0.5' }, { ip: 'fd00::5' }]);
});
