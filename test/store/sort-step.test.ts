import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortColumnIndex, stepSortColumn } from '../../src/store/table/sort.js';
import { pods } from '../../src/resources/pods.js';

test('> and < step the sort through the visible columns, NAME and AGE keep their meaning', () => {
  const names = pods.columns.map((c) => c.name);
  const at = (n: string) => names.indexOf(n);
  assert.equal(sortColumnIndex({ column: 'name', desc: false }, pods), at('NAME'));
  assert.equal(sortColumnIndex({ column: 'age', desc: true }, pods), at('AGE'));
  assert.equal(sortColumnIndex({ column: 'status', desc: false }, pods), at('STATUS'));
  assert.equal(stepSortColumn({ column: 'name', desc: false }, pods, 1, false), at('READY'));
  assert.equal(stepSortColumn({ column: at('READY'), desc: false }, pods, -1, false), 'name');
  // from the last visible column (AGE) forward wraps to NAME; wide columns are skipped unless wide
  assert.equal(stepSortColumn({ column: 'age', desc: false }, pods, 1, false), 'name');
  assert.equal(stepSortColumn({ column: 'name', desc: false }, pods, -1, false), 'age');
  assert.equal(stepSortColumn({ column: 'age', desc: false }, pods, 1, true), at('IP'));
});
