import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayWidth, fit } from '../../src/util/text.js';

void test('displayWidth: ASCII, CJK, emoji, combining marks', () => {
  assert.equal(displayWidth(''), 0);
  assert.equal(displayWidth('nginx'), 5);
  assert.equal(displayWidth('日本語'), 6);
  assert.equal(displayWidth('a日b'), 4);
  assert.equal(displayWidth('👩‍💻'), 2);
  assert.equal(displayWidth('e\u0301'), 1);
  assert.equal(displayWidth('…'), 1);
});

void test('fit pads ASCII to the width, left or right', () => {
  assert.equal(fit('web', 6), 'web   ');
  assert.equal(fit('web', 6, 'right'), '   web');
  assert.equal(fit('web', 3), 'web');
  assert.equal(fit('', 2), '  ');
});

void test('fit truncates ASCII with an ellipsis', () => {
  assert.equal(fit('nginx-deployment', 8), 'nginx-d…');
  assert.equal(fit('nginx-deployment', 8, 'right'), 'nginx-d…');
  assert.equal(fit('ab', 1), '…');
  assert.equal(fit('abc', 0), '');
  assert.equal(fit('abc', -3), '');
  assert.equal(fit('abc', 2.9), 'a…');
});

void test('fit with wide characters is exact in columns', () => {
  assert.equal(fit('日本語', 6), '日本語');
  assert.equal(fit('日本語', 8), '日本語  ');
  assert.equal(fit('日本語', 8, 'right'), '  日本語');
  // 5 columns: "日本" (4) + "…" (1)
  assert.equal(fit('日本語', 5), '日本…');
  // 4 columns: "日" (2) + "…" (1) + one space where 本 did not fit
  assert.equal(fit('日本語', 4), '日… ');
  assert.equal(fit('日本語', 4, 'right'), ' 日…');
  assert.equal(fit('a日本', 3), 'a… ');
  assert.equal(fit('日本', 1), '…');
  assert.equal(fit('日本', 2), '… ');
});

void test('fit never splits a grapheme cluster', () => {
  assert.equal(fit('👩‍💻👩‍💻👩‍💻', 5), '👩‍💻👩‍💻…');
  assert.equal(fit('e\u0301e\u0301e\u0301', 2), 'e\u0301…');
  for (const s of ['日本語テキスト', 'ab👩‍💻cd日e', 'é́x', 'plain-ascii-name', 'ümlaut-ünd-mehr']) {
    for (let w = 0; w <= 16; w++) {
      assert.equal(displayWidth(fit(s, w)), w, `fit(${s}, ${w})`);
      assert.equal(displayWidth(fit(s, w, 'right')), w, `fit(${s}, ${w}, right)`);
    }
  }
});
