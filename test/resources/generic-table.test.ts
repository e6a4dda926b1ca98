// Table projection for generic views: the wire format (list pages, one-row watch events with and without
// columnDefinitions, bookmarks, rows without objects) and the live def (Name first, priority > 0 wide,
// columns replaced when the server sends new ones, AGE from metadata).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TABLE_ACCEPT, isTableRowObject, tableFormat } from '../../src/kube/table-format.js';
import { genericResource } from '../../src/resources/generic.js';
import type { GenericRec } from '../../src/resources/generic.js';
import type { KObject } from '../../src/util/k8s.js';
import type { TableColumnDefinition } from '../../src/util/k8s-more.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const meta = (name: string, namespace?: string, rv = '7') => ({
  kind: 'PartialObjectMetadata',
  apiVersion: 'meta.k8s.io/v1',
  metadata: { name, ...(namespace ? { namespace } : {}), uid: `uid-${name}`, resourceVersion: rv, creationTimestamp: '2026-01-01T00:00:00Z', labels: { app: 'x' } },
});

// kubectl's event columns: Name is not first on the wire
const eventCols: TableColumnDefinition[] = [
  { name: 'Last Seen', type: 'string', priority: 0 },
  { name: 'Type', type: 'string', priority: 0 },
  { name: 'Name', type: 'string', format: 'name', priority: 0 },
  { name: 'Count', type: 'integer', priority: 1 },
  { name: 'Message', type: 'string', priority: 0 },
];

void test('tableFormat: Table Accept, includeObject=Metadata, list rows as objects with cells, columns reported', () => {
  const got: (readonly TableColumnDefinition[])[] = [];
  const f = tableFormat((d) => got.push(d));
  assert.equal(f.accept, TABLE_ACCEPT);
  assert.equal(TABLE_ACCEPT, 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json');
  assert.deepEqual(f.query, { includeObject: 'Metadata' });
  const page = f.listPage({
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: '42', continue: 'abc' },
    columnDefinitions: eventCols,
    rows: [{ cells: ['5s', 'Normal', 'e1', 3, 'pulled'], object: meta('e1', 'shop') }],
  });
  assert.deepEqual(page.metadata, { resourceVersion: '42', continue: 'abc' });
  const o = page.items?.[0] as KObject;
  assert.ok(isTableRowObject(o));
  assert.equal(o.metadata.name, 'e1');
  assert.deepEqual((o as { cells: unknown[] }).cells, ['5s', 'Normal', 'e1', 3, 'pulled']);
  assert.deepEqual(got, [eventCols]);
  // a server without Table support: a plain List passes through
  const plain = { kind: 'EventList', metadata: { resourceVersion: '1' }, items: [{ metadata: { name: 'x' } }] };
  assert.equal(f.listPage(plain), plain);
});

void test('tableFormat: watch events are one-row Tables; only the first has columns; rows without objects use the name cell', () => {
  const got: (readonly TableColumnDefinition[])[] = [];
  const f = tableFormat((d) => got.push(d));
  const first = f.eventObjects({
    kind: 'Table',
    metadata: { resourceVersion: '8' },
    columnDefinitions: eventCols,
    rows: [{ cells: ['1s', 'Warning', 'e2', 1, 'boom'], object: meta('e2', 'shop', '8') }],
  } as unknown as KObject);
  assert.equal(first.length, 1);
  assert.equal(first[0]?.metadata.resourceVersion, '8');
  const next = f.eventObjects({ kind: 'Table', metadata: { resourceVersion: '9' }, rows: [{ cells: ['0s', 'Normal', 'e3', 1, 'ok'] }] } as unknown as KObject);
  assert.deepEqual(next[0]?.metadata, { name: 'e3' }, 'name from the Name column (index 2)');
  assert.equal(got.length, 1);
  const bookmark = f.eventObjects({ kind: 'Table', metadata: { resourceVersion: '10' }, rows: [] } as unknown as KObject);
  assert.deepEqual(bookmark, []);
  const plain = { kind: 'Event', metadata: { name: 'p' } } as KObject;
  assert.deepEqual(f.eventObjects(plain), [plain]);
});

void test('generic def: Name first, wide columns by priority, cells follow their columns, AGE from metadata', () => {
  const def = genericResource({ group: 'events.k8s.io', version: 'v1', kind: 'Event', plural: 'events', namespaced: true }, eventCols);
  assert.deepEqual(
    def.columns.map((c) => `${c.name}${c.wide ? '*' : ''}`),
    ['NAME', 'LAST SEEN', 'TYPE', 'COUNT*', 'MESSAGE'],
  );
  const rec = def.project({ kind: 'TableRow', metadata: meta('e1', 'shop').metadata, cells: ['5s', 'Warning', 'e1', 3, 'Back-off \x1b[31mred'] } as KObject);
  assert.equal(rec.key, 'shop/e1');
  assert.equal(rec.uid, 'uid-e1');
  assert.deepEqual(rec.labels, { app: 'x' });
  assert.equal(rec.created, T0);
  const cells = def.row(rec, T0 + 5000);
  assert.deepEqual(cells.slice(0, 4), ['e1', '5s', 'Warning', '3']);
  assert.ok(!cells[4]?.includes('\x1b'), 'cells sanitized');
  assert.equal(def.status(rec).text, '', 'no status column');
});

void test('generic def: NAME and AGE until the server sends columns; setColumns replaces them (a CRD changed its printer columns)', () => {
  const def = genericResource({ group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true, shortNames: ['WG'] });
  assert.deepEqual(def.aliases, ['wg']);
  assert.deepEqual(def.columns.map((c) => c.name), ['NAME', 'AGE']);
  const plain: GenericRec = def.project({ metadata: { name: 'w', namespace: 'a', creationTimestamp: '2026-01-01T00:00:00Z' } });
  assert.deepEqual(def.row(plain, T0 + 3 * 3600_000), ['w', '3h']);
  const cols: TableColumnDefinition[] = [
    { name: 'Name', type: 'string', format: 'name', priority: 0 },
    { name: 'Status', type: 'string', priority: 0 },
    { name: 'Replicas', type: 'integer', priority: 0 },
    { name: 'Age', type: 'date', priority: 0 },
  ];
  assert.equal(def.setColumns(cols), true);
  assert.equal(def.setColumns(cols.map((c) => ({ ...c }))), false, 'same columns: no change');
  assert.deepEqual(def.columns.map((c) => `${c.name}${c.align === 'right' ? '>' : ''}`), ['NAME', 'STATUS', 'REPLICAS>', 'AGE']);
  const rec = def.project({ kind: 'TableRow', metadata: meta('w', 'a').metadata, cells: ['w', 'Degraded', 2, '10m'] } as KObject);
  assert.deepEqual(def.row(rec, T0 + 90_000), ['w', 'Degraded', '2', '90s'], 'AGE ticks from creationTimestamp, not the frozen "10m"');
  assert.deepEqual(def.status(rec), { text: 'Degraded', tone: 'error' });
  assert.deepEqual(def.status({ ...rec, deleting: true }), { text: 'Terminating', tone: 'warn' });
  assert.equal(def.setColumns([]), true, 'no columns: back to NAME and AGE');
  assert.deepEqual(def.columns.map((c) => c.name), ['NAME', 'AGE']);
});
