// The memory-reducing collection after a big first list: V8's heap, grown by a burst of garbage, shrinks;
// the app's global gets no `gc`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { releaseMemorySoon } from '../../src/cli/release-memory.js';

test('after a burst of garbage the heap V8 grew to is given back; no global gc appears', async () => {
  const hadGc = 'gc' in globalThis;
  // ~150 MB of short-lived objects that survive long enough to be promoted (as a list page's parse does)
  const keep: unknown[] = [];
  for (let round = 0; round < 30; round++) {
    keep.length = 0;
    for (let i = 0; i < 20_000; i++) keep.push({ name: `pod-${round}-${i}`, labels: { app: `a${i % 50}` }, n: [i, round] });
  }
  keep.length = 0;
  const grown = process.memoryUsage().heapTotal;
  const sizes = await new Promise<[number, number]>((resolve) => releaseMemorySoon(0, (before, after) => resolve([before, after])));
  const shrunk = process.memoryUsage().heapTotal;
  assert.ok(shrunk < grown, `heap ${grown} → ${shrunk}`);
  assert.ok(sizes[0] > 0 && sizes[1] > 0);
  assert.equal('gc' in globalThis, hadGc, 'the collector is reached in its own context');
  assert.equal(keep.length, 0);
});
