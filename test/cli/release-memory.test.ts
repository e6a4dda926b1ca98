// The memory-reducing collection after a big first list: V8's heap, grown by a burst of garbage, shrinks;
// the app's global gets no `gc`. And the heap's tuning for a big cache, under the launcher's young generation cap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { BIG_LIST_ROWS, tuneHeapForBigCache, releaseMemorySoon } from '../../src/cli/release-memory.js';


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

test('the heap is tuned for a big cache only after a big list, and only under the launcher\'s young generation cap', () => {
  const set: string[] = [];
  const cap = ['--max-semi-space-size=4'];
  assert.equal(tuneHeapForBigCache(BIG_LIST_ROWS - 1, cap, (f) => set.push(f)), false);
  assert.equal(tuneHeapForBigCache(100_000, [], (f) => set.push(f)), false, 'no cap (no launcher): V8 would grow it to 16 MB');
  assert.equal(set.length, 0);
  assert.equal(tuneHeapForBigCache(BIG_LIST_ROWS, cap, (f) => set.push(f)), true);
  assert.deepEqual(set, ['--semi-space-growth-factor=2', '--heap-growing-percent=50']);
});

test('in V8: held at its first size as main.ts holds it, then grown by that flag to the launcher\'s cap, no further', () => {
  // a node started as the launcher starts the TUI (the cap on its command line); plain JavaScript, since
  // loading TypeScript would grow the young generation before the script could hold it
  const script = `
    import { setFlagsFromString, getHeapSpaceStatistics } from 'node:v8';
    setFlagsFromString('--semi-space-growth-factor=1');
    const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
    const churn = () => { const keep = []; for (let i = 0; i < 400_000; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 20_000) keep.splice(0, 10_000); } };
    churn();
    const held = newSpace();
    for (const flag of process.argv.slice(1)) setFlagsFromString(flag);
    churn(); churn(); churn();
    console.log(JSON.stringify({ held, after: newSpace() }));`;
  const run = (rows: number): { held: number; after: number } => {
    const flags: string[] = [];
    tuneHeapForBigCache(rows, ['--max-semi-space-size=4'], (f) => flags.push(f));
    const r = spawnSync(process.execPath, ['--max-semi-space-size=4', '--input-type=module', '-e', script, '--', ...flags], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { held: number; after: number };
  };
  // new space is two semi-spaces: 2 × 1 MB held; one growth step (× 2) makes 4 MB, the launcher's cap 8 MB.
  // Held means no step was taken: V8 may still count a page more (2.25 MB, seen once in CI under load).
  const MB = 2 ** 20;
  const small = run(10);
  assert.ok(small.held <= 2 * MB && small.after < 4 * MB, JSON.stringify(small));
  const big = run(100_000);
  assert.ok(big.held <= 2 * MB, JSON.stringify(big));
  assert.ok(big.after >= 4 * MB && big.after <= 8 * MB, JSON.stringify(big));
});
