// A list page larger than one written piece (sendJoined): the same bytes as one string would be, with a
// Content-Length that matches them, for plain JSON and for Tables, with multi-byte characters in the objects.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSim, ManualScheduler, PODS, NAMESPACES } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { KObject } from '../../src/util/k8s.js';
import { api, TABLE_ACCEPT } from './helpers.js';

let sim: SimHandle;
const N = 120;
// ~1.6 KB per object of two- to four-byte characters: a page of them is well over 64K characters
const note = (i: number): string => `${i} ü✓日本語 🚀 `.repeat(60);

before(async () => {
  sim = await startSim({ scenario: 'empty', scheduler: new ManualScheduler(Date.UTC(2026, 0, 1)) });
  sim.storage.create(NAMESPACES, { metadata: { name: 'wide' } });
  for (let i = 0; i < N; i++) {
    sim.storage.create(PODS, {
      metadata: { name: `p${String(i).padStart(3, '0')}`, namespace: 'wide', annotations: { note: note(i) } },
      spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
    });
  }
});
after(async () => {
  await sim.close();
});

test('a big list page arrives whole: Content-Length is its byte length, every object intact, in order', async () => {
  for (const limit of ['', '&limit=100']) {
    const r = await api(sim, `/api/v1/namespaces/wide/pods?x=1${limit}`);
    assert.equal(r.status, 200);
    assert.ok(r.body.length > 64 * 1024, 'the page spans several written pieces');
    assert.equal(Number(r.headers['content-length']), Buffer.byteLength(r.body));
    const list = r.json<{ kind: string; items: KObject[]; metadata: { continue?: string } }>();
    assert.equal(list.kind, 'PodList');
    const want = limit ? 100 : N;
    assert.equal(list.items.length, want);
    list.items.forEach((p, i) => {
      assert.equal(p.metadata.name, `p${String(i).padStart(3, '0')}`);
      assert.equal(p.metadata.annotations?.['note'], note(i));
    });
    assert.equal(Boolean(list.metadata.continue), Boolean(limit));
  }
});

test('a big Table page too (kubectl get asks for Tables)', async () => {
  const r = await api(sim, '/api/v1/namespaces/wide/pods?includeObject=Object', { accept: TABLE_ACCEPT });
  assert.equal(r.status, 200);
  assert.ok(r.body.length > 64 * 1024);
  assert.equal(Number(r.headers['content-length']), Buffer.byteLength(r.body));
  const t = r.json<{ kind: string; rows: { cells: unknown[]; object: KObject }[] }>();
  assert.equal(t.kind, 'Table');
  assert.equal(t.rows.length, N);
  assert.equal(t.rows[N - 1]?.object.metadata.annotations?.['note'], note(N - 1));
});

test('an empty list is still well-formed', async () => {
  const r = await api(sim, '/api/v1/namespaces/nothing-here/pods');
  assert.equal(r.status, 200);
  assert.equal(Number(r.headers['content-length']), Buffer.byteLength(r.body));
  assert.deepEqual(r.json<{ items: unknown[] }>().items, []);
});
