import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Text } from 'ink';
import { act } from 'react';
import { useNow } from '../../src/ui/hooks/use-now.js';
import { renderSized } from '../helpers/ink.js';

// The tick re-renders only when `changes` says the screen would read differently; a render for any other
// reason reads the current time.
function Probe({ changes, renders, times }: { changes: (a: number, b: number) => boolean; renders: { n: number }; times: number[] }) {
  const now = useNow(20, changes);
  renders.n++;
  times.push(now);
  return <Text>{String(renders.n)}</Text>;
}

// act() flushes the updates made inside it at its end: one act per tick, so each tick's update renders
const ticks = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await act(async () => void (await new Promise((r) => setTimeout(r, 30))));
};

test('useNow: ticks that change nothing on screen do not re-render; the others do', async () => {
  const quiet = { n: 0 };
  const asked: [number, number][] = [];
  const r1 = renderSized(<Probe changes={(a, b) => (asked.push([a, b]), false)} renders={quiet} times={[]} />);
  try {
    const afterMount = quiet.n;
    await ticks(6);
    assert.equal(quiet.n, afterMount, 'no re-render while nothing would change');
    assert.ok(asked.length >= 3, `asked at each tick (${asked.length})`);
    assert.ok(asked.every(([a, b]) => b >= a), 'asked from the time shown to now');
  } finally {
    r1.unmount();
  }

  const busy = { n: 0 };
  const times: number[] = [];
  const r2 = renderSized(<Probe changes={() => true} renders={busy} times={times} />);
  try {
    const start = busy.n;
    await ticks(6);
    assert.ok(busy.n - start >= 3, `re-rendered at the ticks (${busy.n - start})`);
    assert.ok((times.at(-1) ?? 0) > (times[0] ?? 0), 'each render reads the time');
  } finally {
    r2.unmount();
  }
});
