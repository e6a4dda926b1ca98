// The simulator process's heap policy (src/sim/heap.ts): with it, V8's young generation stops growing at
// 32 MB semi-spaces (64 MB of new space) where V8 alone grows it to 64 MB semi-spaces, under the same
// allocation (objects that live a little while, as a busy simulator's drafts and Events do).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const heapModule = fileURLToPath(new URL('../../src/sim/heap.ts', import.meta.url));

/** The new space's size in MB after a churn of short-lived objects, in a fresh process. */
function youngAfterChurn(lean: boolean): number {
  const script = `
    import v8 from 'node:v8';
    import { leanSimHeap } from ${JSON.stringify(heapModule)};
    const stop = ${lean} ? leanSimHeap() : () => {};
    const keep = [];
    let i = 0;
    const step = () => {
      for (let j = 0; j < 2e5; j++, i++) { keep.push({ a: i, b: 'x' + i }); if (keep.length > 4e5) keep.splice(0, 2e5); }
      if (i < 1.6e7) return setImmediate(step);
      const ns = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
      process.stdout.write(String(ns.space_size / 2 ** 20));
      stop();
    };
    step();`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout);
}

test('leanSimHeap keeps the young generation at 32 MB semi-spaces; V8 alone grows it further', () => {
  const lean = youngAfterChurn(true);
  assert.ok(lean > 0 && lean <= 64, `new space with the policy: ${lean} MB`);
  const plain = youngAfterChurn(false);
  assert.ok(plain > 64, `new space without it: ${plain} MB (the test would prove nothing)`);
});
