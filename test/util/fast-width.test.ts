// src/util/fast-width.ts answers string-width's question without string-width's regular expressions for the
// characters a screen is made of: each code point it answers for, alone and in random strings, with either
// ambiguous-width option, gets string-width's own answer; everything else is string-width's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import fastStringWidth, { FAST_RANGES } from '../../src/util/fast-width.js';
import { seededRng } from '../helpers/store-fixtures.js';

const fastCodePoints = FAST_RANGES.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i));

test('every code point answered without string-width has string-width’s width, with either option', () => {
  assert.ok(fastCodePoints.length > 300, `${fastCodePoints.length} code points`);
  for (const cp of fastCodePoints) {
    const s = String.fromCodePoint(cp);
    for (const ambiguousIsNarrow of [true, false]) {
      assert.equal(fastStringWidth(s, { ambiguousIsNarrow }), stringWidth(s, { ambiguousIsNarrow }), `U+${cp.toString(16)} ambiguousIsNarrow=${ambiguousIsNarrow}`);
    }
  }
});

test('random strings of them, ASCII, and what falls back (CJK, emoji, marks, ZWJ, escapes, controls) agree with string-width', () => {
  const rnd = seededRng(42);
  const others = ['\x1b[1m\x1b[36m', '\x1b[22m', '\x9b31m', '\x1b]8;;http://x\x07', '日', '🙂', 'e\u0301', '\u200d', '\ufe0f', '\x1b[31m', '\x1b[0m', '\n', '\t', '\u00ad', '◽', '👩\u200d💻', '\u0000', '한'];
  for (let n = 0; n < 5000; n++) {
    let s = '';
    const len = rnd(12);
    for (let i = 0; i < len; i++) {
      const r = rnd(10);
      s += r < 4 ? String.fromCharCode(0x20 + rnd(95)) : r < 9 ? String.fromCodePoint(fastCodePoints[rnd(fastCodePoints.length)] as number) : (others[rnd(others.length)] as string);
    }
    for (const opts of [{}, { ambiguousIsNarrow: false }, { countAnsiEscapeCodes: true }]) assert.equal(fastStringWidth(s, opts), stringWidth(s, opts), `${JSON.stringify(s)} ${JSON.stringify(opts)}`);
  }
  assert.equal(fastStringWidth(''), 0);
});
