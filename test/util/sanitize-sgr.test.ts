import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitize, sanitizeKeepSgr, stripSgr } from '../../src/util/sanitize.js';

const R = '\x1b[0m';

void test('clean strings come back unchanged; a line with SGR ends with a reset', () => {
  for (const s of ['', 'plain', 'ümlaut ✓ 日本語 👩‍💻']) assert.equal(sanitizeKeepSgr(s), s);
  assert.equal(sanitizeKeepSgr('\x1b[31mred\x1b[0m'), `\x1b[31mred${R}${R}`);
  assert.equal(sanitizeKeepSgr('\x1b[1;32mok'), `\x1b[1;32mok${R}`, 'an unterminated colour is closed at the end');
  assert.equal(sanitizeKeepSgr('\x1b[mx'), `${R}x${R}`);
});

void test('256-colour and truecolour parameters are copied whole, blink and conceal dropped', () => {
  const fixtures: [string, string][] = [
    ['\x1b[38;5;208mo', `\x1b[38;5;208mo${R}`],
    ['\x1b[48;2;10;20;30mb', `\x1b[48;2;10;20;30mb${R}`],
    ['\x1b[38:2::255:0:0mc', `\x1b[38:2::255:0:0mc${R}`],
    ['\x1b[1;38;5;8;4mx', `\x1b[1;38;5;8;4mx${R}`], // 8 here is a colour index, not conceal
    ['\x1b[5;31mblink', `\x1b[31mblink${R}`],
    ['\x1b[8mhidden', `hidden${R}`],
    ['\x1b[6;8m!', `!${R}`],
  ];
  for (const [input, want] of fixtures) assert.equal(sanitizeKeepSgr(input), want, JSON.stringify(input));
});

void test('every other escape is shown exactly as sanitize() shows it', () => {
  const fixtures = [
    'a\x1b[2J\x1b[Hb', // erase, cursor home
    '\x1b[10;20H', // cursor position (ends in H, not m)
    '\x1b]0;pwned\x07', // OSC title
    '\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\', // OSC 8 hyperlink
    '\x1bPq#0;2;0;0;0\x1b\\', // DCS
    '\x9b31m', // C1 CSI is never SGR here
    '\x1b[?25l', // private mode (hide cursor)
    '\x1b[31', // unterminated
    '\x1b[>4;1m', // modifyOtherKeys: a private prefix, not SGR
    'tab\there\r\nnext\u202eevil',
    '\x1b', // lone ESC
  ];
  for (const s of fixtures) assert.equal(sanitizeKeepSgr(s), sanitize(s), JSON.stringify(s));
});

void test('mixed: colours kept, the rest visible, nothing raw but SGR', () => {
  const out = sanitizeKeepSgr('\x1b[31mred\x1b[0m \x1b[2Jx \x1b]0;t\x07 \x1b[38;5;1m\x1b[Kend');
  assert.equal(out, `\x1b[31mred${R} ^[[2Jx ^[]0;t^G \x1b[38;5;1m^[[Kend${R}`);
  // after removing the kept SGR there is no ESC at all
  assert.ok(!stripSgr(out).includes('\x1b'));
  // a very long parameter list is not taken for SGR
  const long = `\x1b[${'1;'.repeat(40)}1m`;
  assert.equal(sanitizeKeepSgr(long), sanitize(long));
});

void test('stripSgr leaves the visible text', () => {
  assert.equal(stripSgr('\x1b[1;31mERROR\x1b[0m boom'), 'ERROR boom');
  assert.equal(stripSgr('no escapes'), 'no escapes');
});
