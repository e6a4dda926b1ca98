import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSafe, sanitize } from '../../src/util/sanitize.js';

// Nothing a terminal interprets may survive: no C0, DEL, C1, bidi or separator characters.
 
const RAW = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;

void test('clean strings come back as the very same string', () => {
  for (const s of ['', 'nginx-7c5ddbdf54-x2x9z', 'ümlaut ✓ 日本語 👩‍💻', 'a\u200db']) {
    assert.equal(sanitize(s), s);
    assert.ok(isSafe(s));
  }
});

void test('ESC and CSI sequences are shown, never sent', () => {
  assert.equal(sanitize('\x1b'), '^[');
  assert.equal(sanitize('\x1b[31mred\x1b[0m'), '^[[31mred^[[0m');
  assert.equal(sanitize('a\x1b[2J\x1b[Hb'), 'a^[[2J^[[Hb');
  assert.equal(sanitize('\x1b7\x1b8'), '^[7^[8');
});

void test('OSC terminated by BEL and by ST; DCS', () => {
  assert.equal(sanitize('\x1b]0;pwned\x07'), '^[]0;pwned^G');
  assert.equal(sanitize('\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\'), '^[]8;;http://evil^[\\link^[]8;;^[\\');
  assert.equal(sanitize('\x1bPq#0;2;0;0;0\x1b\\'), '^[Pq#0;2;0;0;0^[\\');
  assert.equal(sanitize('\x1b]52;c;aGk=\x9c'), '^[]52;c;aGk=\\x9c');
});

void test('C1 controls, including the one-byte CSI 0x9b', () => {
  assert.equal(sanitize('\x9b31m'), '\\x9b31m');
  assert.equal(sanitize('\x85\x90\x9d'), '\\x85\\x90\\x9d');
  assert.equal(sanitize('\x80'), '\\x80');
});

void test('other C0 controls and DEL in caret notation; newline, CR, tab as \\n \\r \\t', () => {
  assert.equal(sanitize('\x00\x07\x08\x7f'), '^@^G^H^?');
  assert.equal(sanitize('line1\nline2'), 'line1\\nline2');
  assert.equal(sanitize('dos\r\nline'), 'dos\\nline');
  assert.equal(sanitize('over\rwrite'), 'over\\rwrite');
  assert.equal(sanitize('a\tb'), 'a\\tb');
});

void test('bidi overrides and isolates, invisible characters, separators, lone surrogates', () => {
  assert.equal(sanitize('evil\u202etxt.exe'), 'evil\\u202etxt.exe');
  assert.equal(sanitize('\u202a\u202b\u202c\u202d'), '\\u202a\\u202b\\u202c\\u202d');
  assert.equal(sanitize('\u2066x\u2069\u200e\u200f\u061c'), '\\u2066x\\u2069\\u200e\\u200f\\u061c');
  assert.equal(sanitize('kube\u200bsystem'), 'kube\\u200bsystem');
  assert.equal(sanitize('\ufeffbom'), '\\ufeffbom');
  assert.equal(sanitize('a\u2028b\u2029c'), 'a\\u2028b\\u2029c');
  assert.equal(sanitize('x\ud800y'), 'x\\ud800y');
  assert.equal(sanitize('😀'), '😀');
});

void test('every code point below U+00A0 comes out terminal-safe', () => {
  for (let c = 0; c < 0xa0; c++) {
    const out = sanitize(`a${String.fromCharCode(c)}b`);
    assert.ok(!RAW.test(out), `U+${c.toString(16)} leaked: ${JSON.stringify(out)}`);
    assert.equal(isSafe(out), true);
  }
});
