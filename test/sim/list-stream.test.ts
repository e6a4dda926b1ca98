// A list of more than 1,000 items (no limit) is streamed: chunked, made as it is written, the same JSON as a
// list sent whole; a page (limit=500) is sent whole with its Content-Length. Tables alike.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSim, ManualScheduler, NAMESPACES } from '../../src/sim/index.js';
import type { SimHandle } from '../../src/sim/index.js';
import type { Gvr } from '../../src/sim/storage/index.js';
import type { KObject } from '../../src/util/k8s.js';
import { api, TABLE_ACCEPT } from './helpers.js';

const CMS: Gvr = { group: '', version: 'v1', resource: 'configmaps' };
let sim: SimHandle;

before(async () => {
  sim = await startSim({ scenario: 'empty', scheduler: new ManualScheduler(Date.UTC(2026, 0, 1)) });
  for (const ns of ['s1', 's2']) sim.storage.create(NAMESPACES, { metadata: { name: ns } });
  for (let i = 0; i < 1500; i++)
    sim.storage.create(CMS, { metadata: { name: `cm-${String(i).padStart(4, '0')}`, namespace: i % 2 ? 's1' : 's2', labels: { n: String(i % 3) } }, data: { v: 'y'.repeat(2000) } } as KObject);
});
after(async () => {
  await sim.close();
});

test('an unlimited list of 1,500 objects is chunked and the same as its pages put together', async () => {
  const all = await api(sim, '/api/v1/configmaps');
  assert.equal(all.status, 200);
  assert.equal(all.headers['transfer-encoding'], 'chunked');
  assert.equal(all.headers['content-length'], undefined);
  const list = all.json<{ kind: string; metadata: { resourceVersion: string }; items: KObject[] }>();
  assert.equal(list.kind, 'ConfigMapList');
  const ours = list.items.filter((o) => o.metadata.namespace === 's1' || o.metadata.namespace === 's2');
  assert.equal(ours.length, 1500);
  // the same objects, in the same order, as paging through them
  const paged: KObject[] = [];
  let cont = '';
  do {
    const page = await api(sim, `/api/v1/configmaps?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
    assert.ok(page.headers['content-length'], 'a page is sent whole');
    const p = page.json<{ metadata: { continue?: string }; items: KObject[] }>();
    paged.push(...p.items);
    cont = p.metadata.continue ?? '';
  } while (cont);
  assert.deepEqual(list.items, paged);
  // a selector that leaves items out mid-way
  const sel = await api(sim, '/api/v1/configmaps?labelSelector=n%3D1');
  const items = sel.json<{ items: KObject[] }>().items;
  assert.equal(items.length, 500);
  assert.ok(items.every((o) => o.metadata.labels?.['n'] === '1'));
});

test('a Table of 1,500 rows is streamed too; every row, with the column definitions once', async () => {
  const t = await api(sim, '/api/v1/configmaps', { accept: TABLE_ACCEPT });
  assert.equal(t.status, 200);
  assert.equal(t.headers['transfer-encoding'], 'chunked');
  const table = t.json<{ kind: string; columnDefinitions: unknown[]; rows: { cells: unknown[] }[] }>();
  assert.equal(table.kind, 'Table');
  assert.ok(table.columnDefinitions.length > 0);
  assert.ok(table.rows.filter((r) => String(r.cells[0]).startsWith('cm-')).length === 1500);
});
