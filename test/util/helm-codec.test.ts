// The release codec against records made the way helm's storage driver makes them: JSON with helm's field
// names, gzip at best compression, base64 (and base64 once more as a Secret's data), plus a golden blob.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync, gzipSync, constants } from 'node:zlib';
import { decodeRecordData, decodeReleasePayload, encodeRecordData, encodeReleasePayload } from '../../src/util/helm/codec.js';
import { customLabels, recordName, releaseRecord } from '../../src/util/helm/records.js';
import { manifestObjects } from '../../src/util/helm/manifest.js';
import { coalesceValues, valuesLines } from '../../src/util/helm/values.js';
import { ansic, appVersionOf, chartOf, goTimeString } from '../../src/util/helm/summary.js';
import { textDiff } from '../../src/util/line-diff.js';
import { yamlLines } from '../../src/util/yaml-view.js';

const releaseJson = {
  name: 'web',
  info: { first_deployed: '2026-11-30T09:00:00Z', last_deployed: '2026-12-01T10:04:05Z', deleted: '', description: 'Install complete', status: 'deployed', notes: 'hi' },
  chart: { metadata: { name: 'nginx', version: '18.2.4', appVersion: '1.27.2' }, lock: null, templates: [], values: { replicaCount: 1, image: { tag: '1.27.2', pullPolicy: 'IfNotPresent' } }, schema: null, files: [] },
  config: { replicaCount: 3, image: { tag: '1.27.3' } },
  manifest: '---\n# Source: nginx/templates/svc.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: web-nginx\n---\n# Source: nginx/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-nginx\n  namespace: shop\n',
  version: 1,
  namespace: 'shop',
};

/** helm's encodeRelease, by hand: json.Marshal, gzip.BestCompression, StdEncoding. */
const helmPayload = (o: object): string => gzipSync(Buffer.from(JSON.stringify(o)), { level: constants.Z_BEST_COMPRESSION }).toString('base64');

// Made with Python's gzip (mtime 0, OS 255: the header Go's compress/gzip writes), not with this codebase.
const GOLDEN =
  'H4sIAAAAAAACA21Qy27kIBD8FcRebY/NzOTBNZ+QxyHr1aqD2x4U3CCDnUSj+fdtnMeslEgcoLqorqqjJBhRavmCT7KQlnov9VH2dorpb4fB+TfseKxqdVE2Tbmt7+prXdd8qkZtd/uLy6vrR/7p4KcPqqybu4bZO13vq30mdugwrZT1Ec1kQ7KeGLgPwwQdCuPHkElMiAnSHHn2JV1I8gkz9GCjTeKQUtCbDfuvnDfg5KmQ5gBTyjlGTNBBgnz/CEqDpVdWWXCK72ubq0pVO4YghIczWqnLSq2oPaOLyvq86Flqmp0rZEI2C6uj339YFtyc70c5sWNr4MbPxF4aLneEAfMkwXBecGK9aA44wqdib927Wk7iqbfDd7ktz0Yg22PklyzLsqVf4tbPk0Et1oybL2ebuJjqDUbX0jmMFkvT0rOlTotbnBZrsKXPvnRLQuTCtOBiy1Wvpf9bU8VaaAxgcqvx4IM8/QMYPVCNTgIAAA==';

test('a golden helm payload decodes to the release helm wrote', () => {
  const d = decodeReleasePayload(GOLDEN);
  assert.ok(d.ok, d.ok ? '' : d.error);
  assert.equal(d.release.name, 'web');
  assert.equal(d.release.namespace, 'shop');
  assert.equal(d.release.version, 2);
  assert.equal(d.release.info?.status, 'deployed');
  assert.equal(d.release.info?.last_deployed, '2026-12-01T10:04:05.5Z');
  assert.equal(chartOf(d.release), 'nginx-18.2.4');
  assert.equal(appVersionOf(d.release), '1.27.2');
  assert.deepEqual(d.release.config, { replicaCount: 3 });
  assert.equal(goTimeString(d.release.info?.last_deployed), '2026-12-01 10:04:05.5 +0000 UTC');
  assert.equal(ansic(d.release.info?.last_deployed), 'Tue Dec  1 10:04:05 2026');
  // the golden is a Secret's value once base64'd again by the API
  const asSecret = decodeRecordData('secret', Buffer.from(GOLDEN).toString('base64'));
  assert.ok(asSecret.ok);
  assert.equal(asSecret.release.version, 2);
});

test('Secret records are base64 of helm base64(gzip(json)); ConfigMap records carry it once', () => {
  const payload = helmPayload(releaseJson);
  const secretData = Buffer.from(payload).toString('base64');
  const s = decodeRecordData('secret', secretData);
  const c = decodeRecordData('configmap', payload);
  assert.ok(s.ok && c.ok);
  assert.deepEqual(s.release, releaseJson);
  assert.deepEqual(c.release, releaseJson);
  // the wrong driver's reading fails as a value, never a throw
  assert.equal(decodeRecordData('configmap', secretData).ok, false);
  assert.equal(decodeRecordData('secret', undefined).ok, false);
  assert.equal(decodeReleasePayload('not base64!').ok, false);
});

test('what the codec writes is what helm reads: base64 of a gzip stream with helm JSON field names', () => {
  const payload = encodeReleasePayload(releaseJson);
  const bytes = Buffer.from(payload, 'base64');
  assert.deepEqual([...bytes.subarray(0, 3)], [0x1f, 0x8b, 0x08]);
  assert.deepEqual(JSON.parse(gunzipSync(bytes).toString()), releaseJson);
  const secret = encodeRecordData('secret', releaseJson);
  assert.equal(Buffer.from(secret, 'base64').toString(), payload);
  assert.equal(encodeRecordData('configmap', releaseJson), payload);
});

test('records written before compression (plain JSON) still decode', () => {
  const d = decodeReleasePayload(Buffer.from(JSON.stringify(releaseJson)).toString('base64'));
  assert.ok(d.ok);
  assert.equal(d.release.name, 'web');
});

test('a record object is named, typed and labelled as helm names it', () => {
  const r = releaseRecord('secret', { ...releaseJson, info: { ...releaseJson.info, status: 'superseded' } }, { labels: { team: 'a' }, stamp: { label: 'modifiedAt', unixSeconds: 1700000000 } });
  assert.equal(r.metadata.name, 'sh.helm.release.v1.web.v1');
  assert.equal(r.metadata.namespace, 'shop');
  assert.equal(r.type, 'helm.sh/release.v1');
  assert.deepEqual(r.metadata.labels, { team: 'a', modifiedAt: '1700000000', name: 'web', owner: 'helm', status: 'superseded', version: '1' });
  const d = decodeRecordData('secret', r.data['release']);
  assert.ok(d.ok);
  assert.equal(d.release.info?.status, 'superseded');
  const cm = releaseRecord('configmap', releaseJson);
  assert.equal(cm.kind, 'ConfigMap');
  assert.equal(cm.type, undefined);
  assert.equal(recordName('a.b', 12), 'sh.helm.release.v1.a.b.v12');
  assert.deepEqual(customLabels({ name: 'x', owner: 'helm', createdAt: '1', team: 't' }), { team: 't' });
});

test('manifest objects, user values and computed values', () => {
  const objs = manifestObjects(releaseJson.manifest);
  assert.ok(Array.isArray(objs));
  assert.deepEqual(
    objs.map((o) => [o.apiVersion, o.kind, o.name, o.namespace]),
    [
      ['v1', 'Service', 'web-nginx', ''],
      ['apps/v1', 'Deployment', 'web-nginx', 'shop'],
    ],
  );
  assert.ok('error' in (manifestObjects('a: [') as object));
  assert.deepEqual(valuesLines(releaseJson, false), ['USER-SUPPLIED VALUES:', 'image:', '  tag: 1.27.3', 'replicaCount: 3']);
  assert.deepEqual(valuesLines(releaseJson, true), ['COMPUTED VALUES:', 'image:', '  pullPolicy: IfNotPresent', '  tag: 1.27.3', 'replicaCount: 3']);
  assert.deepEqual(coalesceValues({ a: { b: 1, c: 2 }, d: 1 }, { a: { c: null }, d: [1] }), { a: { b: 1 }, d: [1] });
});

test('text diff marks what changes', () => {
  assert.deepEqual(textDiff('a\nb\nc', 'a\nB\nc'), ['  a', '- b', '+ B', '  c']);
  assert.deepEqual(textDiff('same', 'same'), []);
});

test('a release record is a Secret like any other: its YAML view masks the release data', () => {
  const r = releaseRecord('secret', releaseJson);
  const text = yamlLines(r, { showManagedFields: false, revealSecrets: false }).join('\n');
  assert.ok(!text.includes(r.data['release'] ?? '?'), 'the encoded release is not shown');
  assert.ok(!text.includes(r.data['release']?.slice(0, 24) ?? '?'));
  assert.match(text, /release:/);
});

test('a gzip bomb in a release record is refused, not inflated', () => {
  // 80 MiB of spaces gzip to ~80 KB: a record anyone who may write Secrets can plant
  const bomb = gzipSync(Buffer.alloc(80 * 1024 * 1024, 0x20)).toString('base64');
  assert.ok(bomb.length < 200_000, `the record is small: ${bomb.length} B`);
  const d = decodeReleasePayload(bomb);
  assert.equal(d.ok, false);
  assert.match(d.ok ? '' : d.error, /^release data expands past 64 MiB: not read$/);
});
