import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineBlocks, RECORD_HEADER } from '../../../src/kube/logs/line-blocks.js';
import type { StoredLine } from '../../../src/kube/logs/line-blocks.js';

/** Line n of the fixtures: varied lengths (empty, multi-byte, longer than a block now and then). */
function fixture(n: number): StoredLine {
  const text = n % 97 === 0 ? `huge ${n} ${'é'.repeat(700)}` : n % 13 === 0 ? '' : `line ${n} ✓ ${'x'.repeat(n % 41)}`;
  return { ms: n % 11 === 0 ? NaN : 1_767_225_600_000 + n, ns: (n * 7919) % 1_000_000, src: n % 5, text };
}

function fill(b: LineBlocks, from: number, to: number): void {
  for (let n = from; n < to; n++) {
    const l = fixture(n);
    b.append(l.ms, l.ns, l.src, l.text, Buffer.byteLength(l.text));
  }
}

void describe('LineBlocks', () => {
  void it('reads every line back, in order and at random, across blocks and outsized records', () => {
    const b = new LineBlocks(1024);
    fill(b, 0, 3000);
    assert.equal(b.end, 3000);
    assert.ok(b.blockCount > 50);
    for (let n = 0; n < 3000; n++) assert.deepEqual(b.line(n), fixture(n), `line ${n} in order`);
    for (let k = 0; k < 2000; k++) {
      const n = (k * 7_919) % 3000;
      assert.equal(b.text(n), fixture(n).text, `text ${n} at random`);
    }
    assert.equal(b.line(3000), undefined);
    assert.equal(b.line(-1), undefined);
  });

  void it('drops whole blocks from the oldest, never the newest one, and frees their bytes', () => {
    const b = new LineBlocks(1024);
    fill(b, 0, 500);
    const before = b.bytes;
    const seen: StoredLine[] = [];
    const gone = b.dropOldestBlock((ms, ns, src, buf, at, len) => seen.push({ ms, ns, src, text: buf.toString('utf8', at, at + len) }));
    assert.ok(gone > 0);
    assert.equal(b.start, gone);
    assert.deepEqual(seen, Array.from({ length: gone }, (_, n) => fixture(n)));
    assert.ok(b.bytes < before);
    assert.equal(b.line(gone - 1), undefined);
    assert.deepEqual(b.line(gone), fixture(gone));
    while (b.dropOldestBlock(() => undefined) > 0);
    assert.equal(b.blockCount, 1);
    assert.deepEqual(b.line(499), fixture(499));
  });

  void it('a view reads the lines as they were, while newer ones come and older ones go', () => {
    const b = new LineBlocks(1024);
    fill(b, 0, 400);
    const v = b.view();
    fill(b, 400, 900);
    while (b.blockCount > 2) b.dropOldestBlock(() => undefined);
    const got: [number, string][] = [];
    v.each(100, 1_000, (l, n) => got.push([n, l.text]));
    assert.deepEqual(got, Array.from({ length: 300 }, (_, k) => [100 + k, fixture(100 + k).text]));
  });

  void it('holds what it counts: a record is its header and its UTF-8 text', () => {
    const b = new LineBlocks(4096);
    b.append(1, 2, 3, 'ünï', 5);
    assert.equal(b.bytes, 4096);
    assert.deepEqual(b.line(0), { ms: 1, ns: 2, src: 3, text: 'ünï' });
    b.append(1, 2, 3, 'x'.repeat(4096 - RECORD_HEADER - 5 - RECORD_HEADER), 4096 - 2 * RECORD_HEADER - 5);
    assert.equal(b.blockCount, 1, 'a record that fits exactly stays in the block');
    b.append(1, 2, 3, 'y', 1);
    assert.equal(b.blockCount, 2);
  });
});
