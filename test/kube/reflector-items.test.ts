// A list's objects parsed one at a time as its text arrives: whatever the chunking, the same objects and the
// same list as JSON.parse of the whole; what the split cannot vouch for is parsed whole; each object is
// handed over (and mapped) before the rest of its page has arrived.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ListSplitter, withoutManagedFields } from '../../src/kube/reflector-items.js';
import { listPages } from '../../src/kube/reflector-pages.js';
import type { PageTransport } from '../../src/kube/reflector-pages.js';
import { KubeError } from '../../src/kube/errors.js';
import { waitFor } from '../helpers/wait.js';

/** Objects whose strings hold what a naive split trips on: quotes, backslashes, braces, brackets, commas. */
const tricky = [
  { metadata: { name: 'a', annotations: { 'last-applied': '{"spec":{"x":[1,{"y":"}"}]}}', q: 'say \\"hi\\"' } } },
  { metadata: { name: 'b', labels: { slash: 'ends with a backslash \\', brace: '}{][', empty: '' } }, spec: { list: [[], [{}], [[1]]] } },
  { metadata: { name: 'c' }, status: { message: '\\\\"', unicode: 'é✓ 漢字 \u2028', n: -1.5e3, t: true, z: null } },
];
const listText = (items: unknown[], tail = ''): string =>
  `{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"42","continue":"tok"},"items":${JSON.stringify(items)}${tail}}`;

function split(text: string, sizes: number[]): { objects: unknown[]; head: unknown; end: ReturnType<ListSplitter['end']> } {
  const objects: unknown[] = [];
  let head: unknown;
  const s = new ListSplitter(
    (t) => objects.push(JSON.parse(t)),
    (h) => (head = h),
  );
  let at = 0;
  for (let k = 0; at < text.length; k++) {
    const n = sizes[k % sizes.length] ?? 1;
    s.push(text.slice(at, at + n));
    at += n;
  }
  return { objects, head, end: s.end() };
}

test('any chunking: the objects and the list JSON.parse gives', () => {
  const text = listText(tricky, ',"extra":{"items":[1]}');
  const whole = JSON.parse(text) as { items: unknown[] };
  for (const sizes of [[1], [2], [3], [7], [1, 13, 2], [64], [text.length]]) {
    const r = split(text, sizes);
    assert.deepEqual(r.objects, whole.items, `chunks of ${sizes.join(',')}`);
    assert.deepEqual(r.end, { list: { ...whole, items: [] } });
    assert.deepEqual(r.head, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '42', continue: 'tok' }, items: [] });
  }
});

test('metadata.managedFields is left out of each object, whatever the chunking; the rest is untouched', () => {
  const managed = [
    { manager: 'kubelet', operation: 'Update', fieldsV1: { 'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {} } } } } },
    { manager: 'odd \\"]}', operation: 'Apply', subresource: 'status', fieldsV1: { 'f:x': [[{}], '\\'] } },
  ];
  const objs = tricky.map((o, i) => ({ ...o, metadata: { ...o.metadata, uid: `u${i}`, managedFields: managed } }));
  const first = { metadata: { managedFields: managed, name: 'first' } }; // not the form servers write: kept
  const text = listText([...objs, first]);
  const want = [...tricky.map((o, i) => ({ ...o, metadata: { ...o.metadata, uid: `u${i}` } })), first];
  // a key split across two chunks is kept (correct, only not lighter): with one chunk, every one is left out
  assert.deepEqual(split(text, [text.length]).objects, want);
  for (const sizes of [[1], [2], [5], [1, 17, 3], [4096]]) {
    const got = split(text, sizes).objects.map((o, i) => {
      const { managedFields, ...meta } = (o as { metadata: { managedFields?: unknown } }).metadata;
      if (managedFields !== undefined && i < objs.length) assert.deepEqual(managedFields, managed, 'kept whole if kept');
      return i < objs.length ? { ...(o as object), metadata: meta } : o;
    });
    assert.deepEqual(got, want, `chunks of ${sizes.join(',')}`);
  }
});

test('whitespace between the objects, and an empty list', () => {
  const r = split('{"metadata":{},"items":[ {"a":1} ,\n\t{"b":"}"} ]}', [5]);
  assert.deepEqual(r.objects, [{ a: 1 }, { b: '}' }]);
  assert.deepEqual(split('{"metadata":{"resourceVersion":"1"},"items":[]}', [3]).end, { list: { metadata: { resourceVersion: '1' }, items: [] } });
});

test('what the split cannot vouch for is left whole: "items" not the list’s key, or no items at all', () => {
  const nested = '{"metadata":{"x":{"items":[{"a":1}]}},"items":[{"b":2}]}';
  const r = split(nested, [4]);
  assert.deepEqual(r.objects, [], 'nothing handed over');
  assert.deepEqual(r.end, { whole: nested });
  const status = '{"kind":"Status","status":"Success"}';
  assert.deepEqual(split(status, [10]).end, { whole: status });
  assert.deepEqual(new ListSplitter(() => undefined).end(), { whole: undefined });
});

test('a list cut short or an item that is not an object fails', () => {
  const cut = new ListSplitter(() => undefined);
  cut.push('{"metadata":{},"items":[{"a":1},{"b":');
  assert.throws(() => cut.end(), KubeError);
  for (const bad of ['{"items":[1]}', '{"items":["x"]}', '{"items":[[1]]}']) {
    const s = new ListSplitter(() => undefined);
    assert.throws(() => s.push(bad), KubeError, bad);
  }
});

test('listPages with `item`: each object is mapped while the rest of its page is still arriving', async () => {
  const gates: (() => void)[] = [];
  const chunks = ['{"kind":"PodList","metadata":{"resourceVersion":"7"},"items":[{"n":1}', ',{"n":2}', ']}'];
  const t: PageTransport = {
    request: () => Promise.reject(new Error('streamText is used')),
    async *streamText(): AsyncIterable<string> {
      for (const c of chunks) {
        await new Promise<void>((r) => gates.push(r));
        yield c;
      }
    },
  };
  const mapped: unknown[] = [];
  const it = listPages(t, {
    path: '/api/v1/pods',
    query: () => ({}),
    signal: new AbortController().signal,
    item: (o) => {
      mapped.push(o);
      return { mapped: o };
    },
  });
  const page = it.next();
  await waitFor(() => gates.length === 1, { what: 'the first chunk asked for' });
  gates.shift()?.();
  await waitFor(() => mapped.length === 1, { what: 'the first object mapped' });
  assert.equal(gates.length, 1, 'mapped before the rest of the page was sent');
  while (gates.length > 0 || mapped.length < 2) {
    gates.shift()?.();
    await new Promise((r) => setImmediate(r));
  }
  gates.shift()?.();
  assert.deepEqual((await page).value, { kind: 'PodList', metadata: { resourceVersion: '7' }, items: [{ mapped: { n: 1 } }, { mapped: { n: 2 } }] });
  assert.equal((await it.next()).done, true);
});

test('listPages with `item` and a body parsed whole (no streaming): the same pages', async () => {
  const t: PageTransport = { request: <T>() => Promise.resolve({ metadata: {}, items: [{ n: 1 }] } as T) };
  const seen: unknown[] = [];
  for await (const p of listPages(t, { path: '/x', query: () => ({}), signal: new AbortController().signal, item: (o) => [o] })) seen.push(p);
  assert.deepEqual(seen, [{ metadata: {}, items: [[{ n: 1 }]] }]);
});

test('withoutManagedFields: a watch event parses to its object without metadata.managedFields, and nothing else changes', () => {
  const managed = [{ manager: 'x "]}[{', fieldsV1: { 'f:a': { 'k:{"b":"]"}': {} } } }, { manager: 'y\\', fieldsV1: {} }];
  const obj = { metadata: { name: 'p', namespace: 'n', managedFields: managed }, spec: { a: [1, { b: '],"managedFields":[' }] } };
  const line = JSON.stringify({ type: 'MODIFIED', object: obj });
  const { managedFields: _, ...meta } = obj.metadata;
  assert.deepEqual(JSON.parse(withoutManagedFields(line)), { type: 'MODIFIED', object: { ...obj, metadata: meta } });
  for (const same of ['{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"9"}}}', '{"a":1,"managedFields":[1', '{"managedFields":[1]}']) {
    assert.equal(withoutManagedFields(same), same);
  }
});

/** A pod as an API server writes it (Go's field order: spec.volumes first), with every part the split leaves out. */
const fullPod = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  metadata: { name, namespace: 'ns', uid: `u-${name}`, resourceVersion: '5', labels: { app: name, env: '[', volumes: 'x' }, annotations: { a: ',"env":[1],"spec":{"volumes":[' } },
  spec: {
    volumes: [{ name: 'cfg', configMap: { name: 'c' } }, { name: 'tok', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }],
    initContainers: [
      { env: [{ name: 'A', value: '"]}' }], name: 'init', image: 'busybox', command: ['sh', '-c', 'echo "}"'], volumeMounts: [{ name: 'cfg', mountPath: '/c' }] },
      { name: 'sidecar', image: 'envoy', restartPolicy: 'Always', resources: { requests: { cpu: '50m' } }, startupProbe: { exec: { command: ['true'] } }, lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } } },
    ],
    containers: [
      {
        name: 'app',
        image: 'app:1',
        command: ['/app'],
        args: ['--x', '\\'],
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        envFrom: [{ configMapRef: { name: 'c' } }],
        env: [{ name: 'B', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }, { name: 'C', value: '\\"' }],
        resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { memory: '256Mi' } },
        volumeMounts: [{ name: 'cfg', mountPath: '/etc/app' }],
        volumeDevices: [{ name: 'dev', devicePath: '/dev/x' }],
        livenessProbe: { httpGet: { path: '/live', port: 8080 } },
        readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 },
        securityContext: { runAsNonRoot: true },
      },
    ],
    restartPolicy: 'Always',
    nodeName: 'node-1',
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] }] } } },
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }],
    readinessGates: [{ conditionType: 'example.com/ready' }],
  },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }, { type: 'example.com/ready', status: 'True' }, { type: 'Initialized', status: 'True' }],
    podIP: '10.0.0.1',
    podIPs: [{ ip: '10.0.0.1' }],
    initContainerStatuses: [
      { name: 'init', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
      { name: 'sidecar', ready: true, started: true, restartCount: 2, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } },
    ],
    containerStatuses: [{ name: 'app', ready: true, restartCount: 1, image: 'app:1', state: { running: { startedAt: '2026-01-01T00:00:00Z' } }, lastState: { terminated: { exitCode: 1, finishedAt: '2026-01-01T00:00:00Z' } } }],
  },
  ...extra,
});

/** What the split gives for a pod: the left-out parts as empty arrays/objects, all else (volumes, env: :xray reads them) as it was. */
function emptied(pod: Record<string, unknown>): unknown {
  const copy = JSON.parse(JSON.stringify(pod)) as { spec?: Record<string, unknown> & { containers?: Record<string, unknown>[]; initContainers?: Record<string, unknown>[] } };
  const empty = (o: Record<string, unknown>, keys: string[]): void => {
    for (const k of keys) if (Array.isArray(o[k])) o[k] = [];
    else if (o[k] !== null && typeof o[k] === 'object') o[k] = {};
  };
  if (copy.spec) {
    empty(copy.spec, ['tolerations', 'affinity', 'topologySpreadConstraints']);
    for (const c of [...(copy.spec.containers ?? []), ...(copy.spec.initContainers ?? [])]) {
      empty(c, ['volumeMounts', 'volumeDevices', 'args', 'command', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'securityContext']);
    }
  }
  return copy;
}

test('a pod’s never-projected parts are emptied before the parse, whatever the chunking; a key split across chunks is only kept', () => {
  const items = [fullPod('a'), fullPod('b', { kind: 'Pod', apiVersion: 'v1' }), fullPod('c')];
  const text = listText(items);
  assert.deepEqual(split(text, [text.length]).objects, items.map(emptied), 'one chunk: every part left out');
  for (const sizes of [[1], [2], [3], [5], [1, 17, 3], [64], [4096]]) {
    const got = split(text, sizes).objects;
    // each part is either emptied or kept whole (a key across two chunks); never anything else
    const norm = got.map((o) => emptied(o as Record<string, unknown>));
    assert.deepEqual(norm, items.map(emptied), `chunks of ${sizes.join(',')}`);
  }
  // without the cut (the splitter's third argument), only managedFields go
  const whole = new ListSplitter((t) => objs.push(JSON.parse(t)), undefined, false);
  const objs: unknown[] = [];
  whole.push(text);
  assert.deepEqual(objs, items);
});

test('the pod cut is keyed on the object’s own spec and its containers only: the same keys elsewhere are kept', () => {
  const items = [
    // a Deployment: its pod spec is in spec.template, deeper than the cut looks
    { metadata: { name: 'd' }, spec: { replicas: 1, template: { spec: { tolerations: [{ key: 'k' }], containers: [{ name: 'c', args: ['a'] }] } } } },
    // a ControllerRevision's raw data; a status and metadata with the same key names; a container list elsewhere
    { metadata: { name: 'r', tolerations: [1] }, data: { spec: { tolerations: [1] } }, status: { tolerations: [1], containers: [{ args: [1] }] } },
    // the keys at depth 2 under spec but with other types, and spaces (a pretty printer): kept
    { spec: { tolerations: 'x', affinity: [1], containers: [{ command: null, args: 'a', livenessProbe: [1] }] } },
    // containers that are not objects, and an empty spec
    { spec: { containers: [1, 'args', [{ args: [1] }]], initContainers: [] } },
    { spec: {} },
  ];
  const text = listText(items);
  for (const sizes of [[1], [7], [text.length]]) assert.deepEqual(split(text, sizes).objects, items, `chunks of ${sizes.join(',')}`);
  // blanks where a compact server writes none: kept too
  const pretty = '{"spec": {"tolerations": [1], "containers": [ {"args": [1]}, { "args":[1]} ]}, "x":{"spec":{"tolerations":[1]}}}';
  const prettyList = `{"metadata":{},"items":[${pretty}, {"spec":{ "tolerations":[1],\n"affinity":{"a":1}}}]}`;
  assert.deepEqual(split(prettyList, [prettyList.length]).objects, [JSON.parse(pretty), { spec: { tolerations: [1], affinity: { a: 1 } } }]);
  // a key that is a value (an array of strings) is not a key
  const arr = listText([{ spec: { containers: [{ name: 'c', args: ['"args":[', ',"command":['], ports: [] }] } }]);
  assert.deepEqual(split(arr, [arr.length]).objects, [{ spec: { containers: [{ name: 'c', args: [], ports: [] }] } }]);
  // volumes, env and envFrom are read (by :xray's pod cache): kept
  const kept = listText([{ spec: { volumes: [{ name: 'v', secret: { secretName: 's' } }], containers: [{ name: 'c', env: [{ name: 'E' }], envFrom: [{ configMapRef: { name: 'm' } }] }] } }]);
  assert.deepEqual(split(kept, [kept.length]).objects, (JSON.parse(kept) as { items: unknown[] }).items);
});

test('malformed text inside or around a left-out part still fails the parse', () => {
  for (const bad of [
    '{"metadata":{},"items":[{"spec":{"tolerations":[1}}]}',
    '{"metadata":{},"items":[{"spec":{"tolerations":[1]"x":1}}]}',
    '{"metadata":{},"items":[{"spec":{"containers":[{"args":[1],}]}}]}',
  ]) {
    const objs: unknown[] = [];
    assert.throws(() => {
      const s = new ListSplitter((t) => objs.push(JSON.parse(t)));
      s.push(bad);
      s.end();
    }, SyntaxError, bad);
  }
});

test('escapes across chunk boundaries: a backslash at a chunk’s end, an empty chunk between', () => {
  const items = [{ spec: { containers: [{ name: 'a\\', args: ['\\\\"x\\"'], image: '"' }] } }, { metadata: { name: '\\"' } }];
  const text = listText(items);
  for (let at = 1; at < text.length; at++) {
    const objects: unknown[] = [];
    const s = new ListSplitter((t) => objects.push(JSON.parse(t)));
    s.push(text.slice(0, at));
    s.push('');
    s.push(text.slice(at));
    s.end();
    assert.deepEqual(objects.map((o) => emptied(o as Record<string, unknown>)), items.map(emptied), `split at ${at}`);
  }
});
