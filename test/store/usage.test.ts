import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatUsage } from '../../src/store/connection.js';

test('the header usage line: floored percentages, cores and binary bytes', () => {
  assert.equal(
    formatUsage({ cpuMilli: 1234, cpuAllocMilli: 10_000, memBytes: 5.1 * 2 ** 30, memAllocBytes: 15 * 2 ** 30, nodes: 3 }),
    'CPU 12% (1.2/10)  MEM 34% (5.1Gi/15Gi)',
  );
  assert.equal(formatUsage({ cpuMilli: 250, cpuAllocMilli: 0, memBytes: 0, memAllocBytes: 0, nodes: 1 }), 'CPU n/a (0.3/0)  MEM n/a (0/0)');
});
