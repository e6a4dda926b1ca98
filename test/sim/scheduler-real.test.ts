// The real scheduler (src/sim/scheduler.ts): timers in (due, creation) order from its own queue, negative
// delays as work already due, slices that let the event loop in, clear and dispose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realScheduler } from '../../src/sim/scheduler.js';
import { systemClock } from '../../src/util/clock.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const busy = (ms: number): void => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

test('timers run in due order, then creation order; cleared ones never run', async () => {
  const s = realScheduler(systemClock);
  const seen: string[] = [];
  await new Promise<void>((done) => {
    s.setTimer(30, () => {
      seen.push('30');
      done();
    });
    s.setTimer(10, () => seen.push('10a'));
    const gone = s.setTimer(15, () => seen.push('15'));
    s.setTimer(20, () => seen.push('20'));
    s.setTimer(10, () => seen.push('10b'));
    s.clearTimer(gone);
  });
  assert.deepEqual(seen, ['10a', '10b', '20', '30']);
  s.dispose();
});

test('a negative delay is work due that long ago: it runs before what fell due since', async () => {
  const s = realScheduler(systemClock);
  const seen: string[] = [];
  await new Promise<void>((done) => {
    s.setTimer(0, () => {
      seen.push('A');
      busy(40); // everything below falls due while A runs
      s.setTimer(0, () => {
        seen.push('B');
        done();
      });
      s.setTimer(-38, () => seen.push('C')); // due about 2 ms after A began
    });
    s.setTimer(15, () => seen.push('D'));
  });
  assert.deepEqual(seen, ['A', 'C', 'D', 'B']);
  s.dispose();
});

test('due timers run in slices: the event loop gets a turn between them', async () => {
  const s = realScheduler(systemClock);
  const seen: string[] = [];
  await new Promise<void>((done) => {
    for (let i = 0; i < 10; i++)
      s.setTimer(0, () => {
        seen.push(`t${i}`);
        busy(8);
        if (i === 9) done();
      });
    // queued after every timer above was due: with Node's own timers it would run after all ten
    setTimeout(() => setImmediate(() => seen.push('io')), 1);
  });
  const io = seen.indexOf('io');
  assert.ok(io > 0 && io < 10, `the event loop's turn came between the timers: ${seen.join(' ')}`);
  s.dispose();
});

test('dispose cancels every pending timer and ignores later ones', async () => {
  const s = realScheduler(systemClock);
  let ran = 0;
  s.setTimer(5, () => ran++);
  s.setTimer(0, () => ran++);
  s.dispose();
  s.setTimer(0, () => ran++);
  // a Node timer set after them fires after their due times: the scheduler's would have run by then
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(ran, 0);
});

test('a cleared timer lets go of its callback at once, long before its time', async () => {
  const s = realScheduler(systemClock);
  try {
    let ref: WeakRef<object> | undefined;
    const handles = (() => {
      const held = { data: new Array(1000).fill(1) }; // what a closed watch's timeout would hold
      ref = new WeakRef(held);
      // many cleared far ahead of their time: the queue is rebuilt without them too
      const more = Array.from({ length: 2000 }, () => s.setTimer(3_600_000, () => undefined));
      return [s.setTimer(3_600_000, () => void held.data.length), ...more];
    })();
    for (const h of handles) s.clearTimer(h);
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    await new Promise((r) => setImmediate(r)); // a WeakRef's target lives to the end of the job that made it
    gc();
    assert.equal(ref?.deref(), undefined, 'the callback (and what it holds) was collected');
    let ran = false;
    await new Promise<void>((done) =>
      s.setTimer(1, () => {
        ran = true;
        done();
      }),
    );
    assert.ok(ran, 'timers still run after the queue was rebuilt');
  } finally {
    s.dispose();
  }
});

test('a NaN delay runs as 0 and holds no other timer back', async () => {
  const s = realScheduler(systemClock);
  const seen: string[] = [];
  try {
    let deadline: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((done) => {
        s.setTimer(Number.NaN, () => seen.push('nan'));
        s.setTimer(5, () => {
          seen.push('5');
          done();
        });
      }),
      // a frozen queue shows as nothing run by then (Node's own timer, outside the scheduler)
      new Promise<void>((done) => (deadline = setTimeout(done, 2000))),
    ]);
    clearTimeout(deadline);
    assert.deepEqual(seen, ['nan', '5']);
  } finally {
    s.dispose();
  }
});
