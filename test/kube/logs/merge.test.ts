import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogLine } from '../../../src/kube/logs/line.js';
import { mergeLogs } from '../../../src/kube/logs/merge.js';
import { waitFor } from '../../helpers/wait.js';

/** A push-driven source: `push` hands the consumer a batch, `end`/`fail` finish it. */
class Channel implements AsyncIterable<LogLine[]> {
  returned = false;
  private readonly queue: (LogLine[] | Error | null)[] = [];
  private waiter: (() => void) | undefined;
  constructor(readonly pod: string) {}
  push(...ts: number[]): void {
    this.queue.push(ts.map((t) => ({ ts: t, tsText: String(t), text: `${this.pod}@${t}`, pod: this.pod, container: 'c' })));
    this.waiter?.();
  }
  end(): void {
    this.queue.push(null);
    this.waiter?.();
  }
  fail(): void {
    this.queue.push(new Error('source broke'));
    this.waiter?.();
  }
  async *[Symbol.asyncIterator](): AsyncGenerator<LogLine[]> {
    try {
      for (;;) {
        while (this.queue.length === 0) await new Promise<void>((r) => (this.waiter = r));
        const item = this.queue.shift();
        if (item === null || item === undefined) return;
        if (item instanceof Error) throw item;
        yield item;
      }
    } finally {
      this.returned = true;
    }
  }
}

function run(sources: Channel[], maxSkewMs: number, onSourceError?: (i: number) => void) {
  const out: { line: LogLine; at: number }[] = [];
  const start = performance.now();
  const done = (async () => {
    for await (const batch of mergeLogs(sources, { maxSkewMs, ...(onSourceError ? { onSourceError } : {}) })) {
      for (const line of batch) out.push({ line, at: performance.now() - start });
    }
  })();
  return { out, done, texts: () => out.map((o) => o.line.text) };
}

void describe('mergeLogs', () => {
  void it('merges 3 sources in timestamp order when all have lines queued', async () => {
    const [a, b, c] = [new Channel('a'), new Channel('b'), new Channel('c')];
    const m = run([a, b, c], 10_000);
    a.push(1, 4, 7, 10);
    b.push(2, 5, 8);
    c.push(3, 6, 9);
    a.end();
    b.end();
    c.end();
    await m.done;
    assert.deepEqual(m.out.map((o) => o.line.ts), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  void it('reorders lines that arrive within maxSkewMs and holds none back much longer', async () => {
    const [a, b, c] = [new Channel('a'), new Channel('b'), new Channel('c')];
    const m = run([a, b, c], 150);
    a.push(10, 40);
    c.push(30);
    b.push(20); // b is "slower" but still within the window
    await waitFor(() => m.out.length === 4, { what: 'the first lines' });
    assert.deepEqual(m.texts(), ['a@10', 'b@20', 'c@30', 'a@40']);

    // b and c go quiet: a's lines wait at most ~maxSkewMs
    a.push(50, 60);
    await waitFor(() => m.out.length === 6, { what: 'lines held by quiet sources' });
    const waited = (m.out[5]?.at ?? 0) - (m.out[3]?.at ?? 0);
    assert.ok(waited >= 100, `held ${waited} ms, expected about 150`);
    assert.ok(waited < 150 + 1000, `held ${waited} ms`);

    // a line later than the window is placed where it arrives, not lost
    b.push(45);
    await waitFor(() => m.out.length === 7, { what: 'the late line' });
    assert.equal(m.out[6]?.line.text, 'b@45');
    a.end();
    b.end();
    c.end();
    await m.done;
  });

  void it('keeps going when a source ends or fails', async () => {
    const [a, b, c] = [new Channel('a'), new Channel('b'), new Channel('c')];
    const failed: number[] = [];
    const m = run([a, b, c], 50, (i) => failed.push(i));
    a.push(1);
    b.push(2);
    c.push(3);
    b.end();
    c.fail();
    await waitFor(() => m.out.length === 3, { what: 'the first three' });
    a.push(4, 5);
    await waitFor(() => m.out.length === 5, { what: 'a alone' });
    a.end();
    await m.done;
    assert.deepEqual(m.texts(), ['a@1', 'b@2', 'c@3', 'a@4', 'a@5']);
    assert.deepEqual(failed, [2]);
  });

  void it('lines without a timestamp go out at once; leaving early returns every source', async () => {
    const [a, b] = [new Channel('a'), new Channel('b')];
    a.push(Number.NaN);
    const seen: string[] = [];
    for await (const batch of mergeLogs([a, b], { maxSkewMs: 60_000 })) {
      seen.push(...batch.map((l) => l.text));
      break;
    }
    assert.deepEqual(seen, ['a@NaN']);
    a.end();
    b.end();
    await waitFor(() => a.returned && b.returned, { what: 'the sources to return' });
  });

  void it('merges 50 sources × 2,000 lines in order', async () => {
    const chans = Array.from({ length: 50 }, (_, i) => new Channel(`p${i}`));
    const m = run(chans, 100);
    for (let k = 0; k < 20; k++) {
      for (const [i, ch] of chans.entries()) ch.push(...Array.from({ length: 100 }, (_, j) => (k * 100 + j) * 50 + i));
      await new Promise((r) => setImmediate(r));
    }
    for (const ch of chans) ch.end();
    const t0 = performance.now();
    await m.done;
    assert.equal(m.out.length, 100_000);
    for (let i = 1; i < m.out.length; i++) assert.ok((m.out[i]?.line.ts ?? 0) >= (m.out[i - 1]?.line.ts ?? 0), `order at ${i}`);
    assert.ok(performance.now() - t0 < 30_000);
  });
});
