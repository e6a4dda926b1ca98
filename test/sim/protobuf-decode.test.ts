// The protobuf body decoder against real kubectl 1.32 bodies (fixtures/protobuf: each .pb is what kubectl
// sent, each .json what Go's JSON encoder writes for the same object), and against bodies built here by a
// small independent encoder for what kubectl's create commands never send.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeProtobufBody, goDuration } from '../../src/sim/protobuf/index.js';
import type { DecodeResult, Json } from '../../src/sim/protobuf/index.js';

const FIXTURES = new URL('./fixtures/protobuf/', import.meta.url).pathname;

// ---- an encoder written from the protobuf encoding guide, independent of the decoder ----
type Field = Uint8Array;
function varintBytes(v: bigint | number): number[] {
  let u = BigInt.asUintN(64, BigInt(v));
  const out: number[] = [];
  do {
    let b = Number(u & 0x7fn);
    u >>= 7n;
    if (u !== 0n) b |= 0x80;
    out.push(b);
  } while (u !== 0n);
  return out;
}
const key = (num: number, wire: number): number[] => varintBytes((num << 3) | wire);
/** A varint field (ints, bools). */
const v = (num: number, value: bigint | number | boolean): Field =>
  Uint8Array.from([...key(num, 0), ...varintBytes(typeof value === 'boolean' ? (value ? 1 : 0) : value)]);
/** A length-delimited field: a string, raw bytes, or a message made of fields. */
function b(num: number, value: string | Uint8Array | Field[]): Field {
  const body =
    typeof value === 'string' ? Buffer.from(value, 'utf8') : Array.isArray(value) ? msg(...value) : value;
  return Uint8Array.from([...key(num, 2), ...varintBytes(body.length), ...body]);
}
const msg = (...fields: Field[]): Uint8Array => Buffer.concat(fields);
/** A map entry field. */
const entry = (num: number, k: string, value?: Field): Field => b(num, value ? [b(1, k), value] : [b(1, k)]);
/** The whole body: magic, then runtime.Unknown{typeMeta, raw, contentEncoding, contentType}. */
const body = (apiVersion: string, kind: string, raw: Uint8Array, encoding = ''): Uint8Array =>
  Buffer.concat([
    Buffer.from('k8s\0', 'latin1'),
    msg(b(1, [b(1, apiVersion), b(2, kind)]), b(2, raw), b(3, encoding), b(4, '')),
  ]);

function decoded(r: DecodeResult): Record<string, Json> {
  if (!r.ok) assert.fail(`decode failed: ${r.code} ${r.message}`);
  return r.value;
}

test('every body kubectl sent decodes to the JSON kubectl would have sent', () => {
  const names = readdirSync(FIXTURES).filter((f) => f.endsWith('.pb'));
  assert.ok(names.length >= 30, `only ${names.length} fixtures`);
  for (const name of names) {
    const got = decodeProtobufBody(readFileSync(join(FIXTURES, name)));
    const want = JSON.parse(readFileSync(join(FIXTURES, name.replace(/\.pb$/, '.json')), 'utf8')) as Json;
    assert.deepStrictEqual(decoded(got), want, name);
  }
});

test('a pod: pointers keep zero values, omitempty zeros go, inline sources merge, maps sort, ints and times convert', () => {
  const pod = msg(
    b(1, [
      b(1, 'p'),
      b(3, ''), // namespace "" (omitempty): dropped
      v(7, 0), // generation 0 (omitempty): dropped
      b(8, [v(1, 1700000000), v(2, 999)]), // creationTimestamp: whole seconds only
      v(10, 0), // deletionGracePeriodSeconds *int64 = 0: kept
      entry(11, 'z', b(2, '1')),
      entry(11, 'a', b(2, '2')),
      entry(12, 'empty'), // an annotation without a value is ""
      v(999, 5), // unknown field: skipped
    ]),
    b(2, [
      b(1, [b(1, 'cfg'), b(2, [b(19, [b(1, [b(1, 'settings')]), v(3, 420)])])]), // volume: configMap source inline
      b(1, [b(1, 'scratch'), b(2, [b(2, [b(1, ''), b(2, [b(1, '1Gi')])])])]), // emptyDir with sizeLimit
      b(2, [
        b(1, 'web'),
        b(2, 'nginx'),
        b(6, [b(1, 'http'), v(3, 8080), b(4, 'TCP')]),
        b(8, [entry(1, 'memory', b(2, [b(1, '128Mi')])), entry(1, 'cpu', b(2, [b(1, '500m')]))]),
        b(10, [b(1, [b(2, [b(1, '/healthz'), b(2, [v(1, 1), b(3, 'http')])])]), v(2, 0), v(4, 10)]),
      ]),
      b(3, 'Always'),
      v(4, 0), // terminationGracePeriodSeconds *int64 = 0: kept
      v(11, false), // hostNetwork false (omitempty): dropped
      v(21, false), // automountServiceAccountToken *bool = false: kept
      b(14, [v(2, -1), b(4, Uint8Array.from([...varintBytes(1), ...varintBytes(2)])), v(4, 3)]),
    ]),
  );
  const got = decoded(decodeProtobufBody(body('v1', 'Pod', pod)));
  assert.deepStrictEqual(got, {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name: 'p',
      creationTimestamp: '2023-11-14T22:13:20Z',
      deletionGracePeriodSeconds: 0,
      labels: { a: '2', z: '1' },
      annotations: { empty: '' },
    },
    spec: {
      volumes: [
        { name: 'cfg', configMap: { name: 'settings', defaultMode: 420 } },
        { name: 'scratch', emptyDir: { sizeLimit: '1Gi' } },
      ],
      containers: [
        {
          name: 'web',
          image: 'nginx',
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          resources: { limits: { cpu: '500m', memory: '128Mi' } },
          livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 0,
      automountServiceAccountToken: false,
      // a negative int64 is a 10-byte varint; repeated ints come packed or one by one
      securityContext: { runAsUser: -1, supplementalGroups: [1, 2, 3] },
    },
    status: {},
  });
  assert.equal(Object.keys(got.metadata as object)[0], 'name', 'fields come in the Go struct order');
});

test('MicroTime keeps microseconds; a Lease and an events.k8s.io Event decode', () => {
  const lease = decoded(
    decodeProtobufBody(
      body(
        'coordination.k8s.io/v1',
        'Lease',
        msg(
          b(1, [b(1, 'l')]),
          b(2, [b(1, 'me'), v(2, 15), b(3, [v(1, 1700000000), v(2, 123456789)]), v(5, 0)]),
        ),
      ),
    ),
  );
  assert.deepStrictEqual(lease.spec, {
    holderIdentity: 'me',
    leaseDurationSeconds: 15,
    acquireTime: '2023-11-14T22:13:20.123456Z',
    leaseTransitions: 0,
  });
  const ev = decoded(
    decodeProtobufBody(
      body(
        'events.k8s.io/v1',
        'Event',
        msg(
          b(1, [b(1, 'e')]),
          b(2, [v(1, 0)]),
          b(7, 'Started'),
          b(8, [b(1, 'Pod'), b(3, 'p')]),
          b(11, 'Normal'),
        ),
      ),
    ),
  );
  assert.equal(ev.eventTime, '1970-01-01T00:00:00.000000Z');
  assert.equal(ev.reason, 'Started');
  assert.deepStrictEqual(ev.regarding, { kind: 'Pod', name: 'p' });
  assert.equal(ev.deprecatedFirstTimestamp, null, 'a zero metav1.Time is null, as MarshalJSON writes it');
});

test('RawExtension and FieldsV1 carry JSON; DeleteOptions decode under any group version', () => {
  const rev = decoded(
    decodeProtobufBody(
      body(
        'apps/v1',
        'ControllerRevision',
        msg(
          b(1, [
            b(1, 'r'),
            b(17, [b(1, 'kubectl'), b(2, 'Update'), b(6, 'FieldsV1'), b(7, [b(1, '{"f:spec":{}}')])]),
          ]),
          b(2, [b(1, '{"spec":{"replicas":2}}')]),
          v(3, 4),
        ),
      ),
    ),
  );
  assert.deepStrictEqual(rev.data, { spec: { replicas: 2 } });
  assert.equal(rev.revision, 4);
  assert.deepStrictEqual((rev.metadata as Record<string, Json>).managedFields, [
    { manager: 'kubectl', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } },
  ]);
  const del = decoded(decodeProtobufBody(body('apps/v1', 'DeleteOptions', msg(v(1, 0), b(4, 'Foreground')))));
  assert.deepStrictEqual(del, {
    kind: 'DeleteOptions',
    apiVersion: 'apps/v1',
    gracePeriodSeconds: 0,
    propagationPolicy: 'Foreground',
  });
});

test('a RawExtension may hold a protobuf object, nested a few levels at most', () => {
  const inner = body('v1', 'ConfigMap', msg(b(1, [b(1, 'c')]), entry(2, 'k', b(2, 'v'))));
  const rev = (data: Uint8Array): Uint8Array =>
    body('apps/v1', 'ControllerRevision', msg(b(1, [b(1, 'r')]), b(2, [b(1, data)]), v(3, 1)));
  assert.deepStrictEqual(decoded(decodeProtobufBody(rev(inner))).data, {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: { name: 'c', creationTimestamp: null },
    data: { k: 'v' },
  });
  let deep = inner;
  for (let i = 0; i < 10; i++) deep = rev(deep);
  const r = decodeProtobufBody(deep);
  assert.deepStrictEqual(r.ok ? undefined : [r.code, r.message], [400, 'protobuf objects nested too deeply']);
});

test('a sub-message sent twice is merged; negative int32; IntOrString as int and string; bytes as base64', () => {
  const d = decoded(
    decodeProtobufBody(
      body(
        'apps/v1',
        'Deployment',
        msg(
          b(1, [b(1, 'd')]),
          b(2, [v(1, -1)]),
          b(2, [b(4, [b(1, 'RollingUpdate'), b(2, [b(1, [v(1, 1), b(3, '25%')]), b(2, [v(2, 2)])])])]),
        ),
      ),
    ),
  );
  assert.deepStrictEqual(d.spec, {
    replicas: -1,
    selector: null, // a nil pointer without omitempty
    template: { metadata: { creationTimestamp: null }, spec: { containers: null } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 2 } },
  });
  const s = decoded(
    decodeProtobufBody(
      body('v1', 'Secret', msg(b(1, [b(1, 's')]), entry(2, 'k', b(2, Uint8Array.from([0, 255, 10]))))),
    ),
  );
  assert.deepStrictEqual(s.data, { k: 'AP8K' });
});

test('what cannot be decoded: 415 for kinds without protobuf, 400 for broken bodies', () => {
  const cr = decodeProtobufBody(body('stable.example.com/v1', 'CronTab', msg(b(1, [b(1, 'x')]))));
  assert.deepStrictEqual(cr.ok ? undefined : cr.code, 415);
  const lookalike = decodeProtobufBody(body('rbac.example.com/v1', 'Role', msg()));
  assert.equal(lookalike.ok ? 0 : lookalike.code, 415);
  const noMagic = decodeProtobufBody(Buffer.from('{"kind":"Pod"}'));
  assert.equal(noMagic.ok ? 0 : noMagic.code, 400);
  const full = body('v1', 'ConfigMap', msg(b(1, [b(1, 'c')])));
  const truncated = decodeProtobufBody(full.subarray(0, full.length - 3));
  assert.deepStrictEqual(truncated.ok ? undefined : [truncated.code, truncated.message], [
    400,
    'unexpected EOF',
  ]);
  const wrongWire = decodeProtobufBody(body('v1', 'ConfigMap', msg(v(1, 3))));
  assert.match(wrongWire.ok ? '' : wrongWire.message, /wrong wireType = 0 for field metadata/);
  const encoded = decodeProtobufBody(body('v1', 'ConfigMap', msg(), 'gzip'));
  assert.equal(encoded.ok ? 0 : encoded.code, 400);
  const noKind = decodeProtobufBody(body('v1', '', msg()));
  assert.equal(noKind.ok ? 0 : noKind.code, 400);
});

test("goDuration writes Go's time.Duration.String()", () => {
  const cases: [bigint, string][] = [
    [0n, '0s'],
    [1n, '1ns'],
    [1500n, '1.5µs'],
    [1_000_000n, '1ms'],
    [1_500_000_000n, '1.5s'],
    [90_000_000_000n, '1m30s'],
    [3_600_000_000_000n, '1h0m0s'],
    [-2_000_000_000n, '-2s'],
    [5_445_006_000_000n, '1h30m45.006s'],
  ];
  for (const [n, s] of cases) assert.equal(goDuration(n), s, String(n));
});
