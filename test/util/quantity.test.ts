import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cpuMillis,
  formatBytes,
  formatCores,
  formatCpu,
  formatMemory,
  formatPercent,
  memoryBytes,
  parseQuantity,
} from '../../src/util/quantity.js';

void test('parseQuantity: decimal, binary and exponent forms', () => {
  const cases: [string, number][] = [
    ['100m', 0.1], ['250m', 0.25], ['1', 1], ['2', 2], ['1.5', 1.5], ['.5', 0.5], ['1.', 1], ['0', 0],
    ['1Ki', 1024], ['500Mi', 500 * 1024 * 1024], ['1Gi', 1073741824], ['1.5Gi', 1610612736], ['1Ti', 2 ** 40], ['1Ei', 2 ** 60],
    ['1k', 1000], ['1M', 1e6], ['2G', 2e9], ['1T', 1e12], ['1P', 1e15], ['1E', 1e18],
    ['1e3', 1000], ['1E3', 1000], ['1e-3', 0.001], ['1.5e2', 150], ['5n', 5e-9], ['7u', 7e-6], ['129e6', 129e6],
    ['-100m', -0.1], ['+2', 2],
  ];
  for (const [q, want] of cases) assert.equal(parseQuantity(q), want, q);
});

void test('parseQuantity: invalid input is NaN; numbers pass through', () => {
  for (const q of ['', ' 1', '1 ', '1gi', '1KI', 'Mi', '1.2.3', 'abc', '1mi', '--1', '1e', '0x10', '1Ki1']) {
    assert.ok(Number.isNaN(parseQuantity(q)), q);
  }
  assert.ok(Number.isNaN(parseQuantity(undefined)));
  assert.ok(Number.isNaN(parseQuantity(null)));
  assert.equal(parseQuantity(3), 3);
  assert.ok(Number.isNaN(parseQuantity(Number.POSITIVE_INFINITY)));
});

void test('cpuMillis and memoryBytes round up like MilliValue/Value', () => {
  assert.equal(cpuMillis('100m'), 100);
  assert.equal(cpuMillis('0.1'), 100);
  assert.equal(cpuMillis('1'), 1000);
  assert.equal(cpuMillis('1.5'), 1500);
  assert.equal(cpuMillis('1u'), 1);
  assert.equal(cpuMillis('250000n'), 1);
  assert.equal(cpuMillis('12345678n'), 13);
  assert.ok(Number.isNaN(cpuMillis('nope')));
  assert.equal(memoryBytes('128Mi'), 134217728);
  assert.equal(memoryBytes('1.5k'), 1500);
  assert.equal(memoryBytes('100m'), 1);
  assert.equal(memoryBytes('1e3'), 1000);
});

void test('k9s-style cells: millicores, MiB, floored percentages, n/a', () => {
  assert.equal(formatCpu(cpuMillis('250m')), '250');
  assert.equal(formatCpu(Number.NaN), 'n/a');
  assert.equal(formatMemory(memoryBytes('128Mi')), '128');
  assert.equal(formatMemory(memoryBytes('1Gi')), '1024');
  assert.equal(formatMemory(memoryBytes('1500Ki')), '1');
  assert.equal(formatMemory(Number.NaN), 'n/a');
  assert.equal(formatPercent(250, 1000), '25');
  assert.equal(formatPercent(999, 1000), '99');
  assert.equal(formatPercent(1500, 1000), '150');
  assert.equal(formatPercent(1, 0), 'n/a');
});

void test('formatBytes and formatCores: short human quantities', () => {
  assert.equal(formatBytes(512 * 2 ** 20), '512Mi');
  assert.equal(formatBytes(1.5 * 2 ** 30), '1.5Gi');
  assert.equal(formatBytes(2 ** 30), '1Gi');
  assert.equal(formatBytes(999), '999');
  assert.equal(formatBytes(1024), '1Ki');
  assert.equal(formatBytes(Number.NaN), 'n/a');
  assert.equal(formatCores(2), '2');
  assert.equal(formatCores(0.25), '250m');
  assert.equal(formatCores(parseQuantity('1500m')), '1500m');
  assert.equal(formatCores(Number.NaN), 'n/a');
});
