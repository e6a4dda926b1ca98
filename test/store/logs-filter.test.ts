import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineTexts } from '../../src/store/logs/log-texts.js';
import { LogFilter, allLines, compileLogFilter } from '../../src/store/logs/log-filter.js';
import type { LineView } from '../../src/store/logs/log-filter.js';

function shown(v: LineView, texts: LineTexts): string[] {
  const out: string[] = [];
  for (let k = v.start; k < v.end; k++) out.push(texts.at(v.abs(k)) ?? '?');
  return out;
}

void test('the matcher: case-insensitive regex, ! inverts, invalid regex is a plain substring, SGR ignored', () => {
  const m = compileLogFilter('err(or)?|warn');
  assert.ok(m.regex && !m.invert);
  assert.ok(m.test('an ERROR here') && m.test('Warning') && !m.test('fine'));
  const inv = compileLogFilter('!debug');
  assert.ok(inv.invert && inv.test('info line') && !inv.test('DEBUG x'));
  const bad = compileLogFilter('a(b');
  assert.equal(bad.regex, false);
  assert.ok(bad.test('xxA(Bxx') && !bad.test('ab'));
  assert.ok(compileLogFilter('red alert').test('\x1b[31mred\x1b[0m alert'), 'colour codes do not split words');
});

void test('scans newest first under a budget, then tests new lines as they arrive; indices stay stable', () => {
  const texts = new LineTexts();
  const lines = Array.from({ length: 10_000 }, (_, i) => (i % 3 === 0 ? `hit ${i}` : `miss ${i}`));
  texts.append(lines);
  const f = new LogFilter(compileLogFilter('hit'), texts);
  assert.equal(f.count, 0);
  // a zero budget still scans one slice (512 lines) from the newest end
  f.step(0);
  assert.ok(!f.done);
  const partial = shown(f, texts);
  assert.ok(partial.length > 0 && partial.length < 3334);
  assert.equal(partial[partial.length - 1], 'hit 9999');
  const k = f.end - 1;
  while (!f.done) f.step(0);
  assert.equal(f.count, 3334);
  assert.equal(f.abs(k), 9999, 'a view index keeps pointing at its line while the scan goes on');
  const all = shown(f, texts);
  assert.equal(all[0], 'hit 0');
  assert.deepEqual(all, lines.filter((l) => l.startsWith('hit')));
  texts.append(['miss new', 'hit new']);
  assert.equal(f.step(), true);
  assert.equal(shown(f, texts).at(-1), 'hit new');
  assert.equal(f.count, 3335);
});

void test('evicted lines leave the filter (start rises), the rest keep their view index', () => {
  const texts = new LineTexts();
  texts.append(['hit a', 'x', 'hit b', 'x', 'hit c']);
  const f = new LogFilter(compileLogFilter('hit'), texts);
  f.step();
  texts.append(['hit d']);
  f.step();
  assert.deepEqual(shown(f, texts), ['hit a', 'hit b', 'hit c', 'hit d']);
  const kd = f.end - 1;
  texts.trim(3); // the buffer spilled its three oldest lines
  f.step();
  assert.deepEqual(shown(f, texts), ['hit c', 'hit d']);
  assert.equal(f.abs(kd), 5);
  texts.trim(6);
  f.step();
  assert.equal(f.count, 0);
  texts.append(['hit e']);
  f.step();
  assert.deepEqual(shown(f, texts), ['hit e']);
});

void test('unfiltered, the view is the lines in memory by absolute index', () => {
  const texts = new LineTexts();
  texts.append(['a', 'b', 'c']);
  texts.trim(1);
  const v = allLines(texts);
  assert.deepEqual([v.start, v.end, v.abs(2)], [1, 3, 2]);
  assert.deepEqual(shown(v, texts), ['b', 'c']);
});

void test('the texts mirror stays in step with a LogBuffer that evicts', async () => {
  const { LogBuffer } = await import('../../src/kube/logs/buffer.js');
  const buffer = new LogBuffer({ maxBytes: 4096 });
  const texts = new LineTexts();
  try {
    for (let b = 0; b < 50; b++) {
      const batch = Array.from({ length: 20 }, (_, i) => ({ ts: b * 100 + i, tsText: '', text: `line ${b}.${i} ${'x'.repeat(i)}`, pod: 'p', container: 'c' }));
      buffer.append(batch);
      texts.append(batch.map((l) => l.text));
      texts.trim(buffer.dropped);
    }
    assert.ok(buffer.dropped > 0, 'the buffer evicted');
    assert.deepEqual([texts.start, texts.end], [buffer.dropped, buffer.dropped + buffer.length]);
    for (let i = 0; i < buffer.length; i++) assert.equal(texts.at(buffer.dropped + i), buffer.line(i)?.text);
    assert.equal(texts.at(buffer.dropped - 1), undefined);
  } finally {
    buffer.dispose();
  }
});
