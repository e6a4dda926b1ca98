import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLine, layoutColumns } from '../../src/ui/table-layout.js';
import type { Column } from '../../src/resources/types.js';
import { resolveResource } from '../../src/resources/registry.js';
import type { ResourceDef } from '../../src/resources/types.js';

const pods = resolveResource('pods') as ResourceDef;
const cols: Column[] = [{ name: 'NAMESPACE' }, ...pods.columns.filter((c) => !c.wide)];
const row = (ns: string, name: string, status: string, restarts = '0', age = '5m'): string[] => [ns, name, '1/1', status, restarts, age];

test('every column at its on-screen width when it fits; widths seen before are kept only while everything fits', () => {
  const sticky: number[] = [];
  const rows = [row('batch', 'cache-warmer-29939135-88sz4', 'Completed'), row('data', 'etl-5d4cd8f5f9-ssjxf', 'Running', '2 (14s ago)')];
  const a = layoutColumns(cols, rows, 120, sticky);
  assert.deepEqual(a, { widths: [9, 27, 5, 9, 11, 3], gap: 3 });
  // a wider STATUS seen once stays while there is room
  layoutColumns(cols, [row('batch', 'x', 'Init:CrashLoopBackOff')], 120, sticky);
  assert.equal(layoutColumns(cols, rows, 120, sticky).widths[3], 21);
  // at 80 columns it gives way: STATUS is as wide as its widest value on screen, NAME keeps its natural width
  const b = layoutColumns(cols, rows, 80, sticky);
  assert.equal(b.widths[3], 9);
  assert.equal(b.widths[1], 27);
});

test('too narrow: the gap narrows, then optional columns go (pods: AGE, then RESTARTS) before NAME is cut', () => {
  const rows = [row('kube-system', 'kube-controller-manager-kubedeck-control-plane', 'Running'), row('payments', 'fraud-detector-dbfdb47dd-zkwkr', 'CrashLoopBackOff', '12 (3m ago)')];
  const l = layoutColumns(cols, rows, 80, []);
  assert.equal(l.gap, 2);
  assert.equal(l.widths[5], 0, 'AGE dropped');
  assert.equal(l.widths[4], 0, 'RESTARTS dropped');
  // 11 + 5 + 16 + three gaps of 2 leave 41 of 79 for NAME: cut only now
  assert.equal(l.widths[1], 79 - 11 - 5 - 16 - 6);
  const line = formatLine(cols, rows[1] ?? [], l, 80);
  assert.equal(line, ' payments     fraud-detector-dbfdb47dd-zkwkr             1/1    CrashLoopBackOff'.padEnd(80));
  // without the long name, dropping AGE is enough: RESTARTS stays
  const m = layoutColumns(cols, [rows[1] ?? []], 80, []);
  assert.deepEqual(m, { widths: [9, 30, 5, 16, 11, 0], gap: 2 });
});

test('a column dropped early comes back when a later, wider drop left room for it', () => {
  const c: Column[] = [{ name: 'NAME' }, { name: 'SMALL', optional: 1 }, { name: 'BIG', optional: 2 }, { name: 'KEEP' }];
  const l = layoutColumns(c, [['name-of-twenty-chars', 'x', 'b'.repeat(30), 'k'.repeat(20)]], 60, []);
  assert.deepEqual(l.widths, [20, 5, 0, 20]);
});
