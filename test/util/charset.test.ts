import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { asciiText, glyphs, localeIsUtf8, setAsciiOnly, ASCII_GLYPHS, UNICODE_GLYPHS } from '../../src/util/charset.js';
import { isSafe, sanitize, sanitizeKeepSgr, sanitizeText } from '../../src/util/sanitize.js';
import { fit, wrapText } from '../../src/util/text.js';
import { yamlLines } from '../../src/util/yaml-view.js';
import { parseArgs, tuiUsage, simUsage } from '../../src/cli/args.js';

afterEach(() => setAsciiOnly(false));

// LC_CTYPE as the C library reads it (setlocale(LC_CTYPE, "")): LC_ALL, else LC_CTYPE, else LANG; the first
// that is set and not empty wins, even when it names a non-UTF-8 locale; none at all is the C locale.
const fixtures: [Record<string, string>, boolean][] = [
  [{}, false],
  [{ LANG: 'en_US.UTF-8' }, true],
  [{ LANG: 'C.UTF-8' }, true],
  [{ LANG: 'C.utf8' }, true],
  [{ LANG: 'de_DE.utf8@euro' }, true],
  [{ LANG: 'en_US.Utf-8' }, true],
  [{ LANG: 'C' }, false],
  [{ LANG: 'POSIX' }, false],
  [{ LANG: 'en_US' }, false],
  [{ LANG: 'en_US.ISO-8859-1' }, false],
  [{ LANG: 'ja_JP.eucJP' }, false],
  [{ LC_ALL: 'C', LANG: 'en_US.UTF-8' }, false],
  [{ LC_ALL: 'C', LC_CTYPE: 'en_US.UTF-8', LANG: 'en_US.UTF-8' }, false],
  [{ LC_ALL: 'en_US.UTF-8', LANG: 'C' }, true],
  [{ LC_ALL: '', LANG: 'en_US.UTF-8' }, true],
  [{ LC_ALL: '', LC_CTYPE: '', LANG: 'en_US.UTF-8' }, true],
  [{ LC_CTYPE: 'C', LANG: 'en_US.UTF-8' }, false],
  [{ LC_CTYPE: 'en_US.UTF-8', LANG: 'C' }, true],
  [{ LC_CTYPE: 'UTF-8' }, true],
  [{ LC_ALL: '', LC_CTYPE: '', LANG: '' }, false],
  // other categories do not decide the character set
  [{ LC_MESSAGES: 'en_US.UTF-8', LC_COLLATE: 'en_US.UTF-8' }, false],
  [{ LC_MESSAGES: 'C', LANG: 'en_US.UTF-8' }, true],
];

test('the locale is UTF-8 by the C library rules: LC_ALL, LC_CTYPE, LANG, the first set and non-empty', () => {
  for (const [env, utf8] of fixtures) assert.equal(localeIsUtf8(env), utf8, JSON.stringify(env));
});

test('--ascii is a flag of the TUI, and --help names it; the usage texts are plain ASCII', () => {
  assert.equal((parseArgs(['--ascii']) as { ascii?: boolean }).ascii, true);
  assert.equal((parseArgs([]) as { ascii?: boolean }).ascii, undefined);
  assert.match(tuiUsage, /--ascii/);
  assert.equal(parseArgs(['--ascii=yes']).mode, 'error');
  for (const u of [tuiUsage, simUsage]) assert.ok(/^[\x00-\x7f]*$/.test(u), 'usage is ASCII');
});

test('the glyph table is chosen once: ASCII glyphs are ASCII, each of the UTF-8 ones has its ASCII form', () => {
  assert.equal(glyphs(), UNICODE_GLYPHS);
  setAsciiOnly(true);
  assert.equal(glyphs(), ASCII_GLYPHS);
  for (const [k, v] of Object.entries(ASCII_GLYPHS)) assert.ok(/^[\x20-\x7e]+$/.test(v), `${k} is ASCII`);
  assert.deepEqual(Object.keys(ASCII_GLYPHS).sort(), Object.keys(UNICODE_GLYPHS).sort());
});

test('ASCII mode: cluster strings have every non-ASCII character escaped in one form, never raw bytes', () => {
  assert.equal(sanitize('café'), 'café');
  setAsciiOnly(true);
  assert.equal(sanitize('café'), 'caf\\u00e9');
  assert.equal(sanitize('日本'), '\\u65e5\\u672c');
  assert.equal(sanitize('a👩b'), 'a\\u{1f469}b');
  assert.equal(sanitize('x\u202ey'), 'x\\u202ey');
  assert.equal(sanitize('\x1b[2J\x9b'), '^[[2J\\x9b');
  assert.equal(sanitize('plain-ascii'), 'plain-ascii');
  assert.equal(isSafe('café'), false);
  assert.equal(sanitize('ellipsis…'), 'ellipsis\\u2026', 'a cluster string is escaped, not transliterated');
  // a log line keeps its colours, and its non-ASCII text is escaped
  assert.equal(sanitizeKeepSgr('\x1b[31mérror\x1b[0m'), '\x1b[31m\\u00e9rror\x1b[0m\x1b[0m');
});

test("ASCII mode: the program's own messages are spelled in ASCII; what is left is escaped", () => {
  assert.equal(asciiText('connecting…'), 'connecting…');
  setAsciiOnly(true);
  assert.equal(asciiText('connecting…'), 'connecting...');
  assert.equal(sanitizeText('forwarding 8080 → pod:80 (re-targeted 2×), must be ≥ 0 — café'), 'forwarding 8080 -> pod:80 (re-targeted 2x), must be >= 0 -- caf\\u00e9');
});

test('ASCII mode: a cut cell ends with ~, Secret values are masked with *', () => {
  assert.equal(fit('cache-warmer-29939100-x7k2p', 10), 'cache-war…');
  setAsciiOnly(true);
  assert.equal(fit('cache-warmer-29939100-x7k2p', 10), 'cache-war~');
  const lines = yamlLines({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', annotations: { note: 'café' } }, data: { k: 'eA==' } } as never, { showManagedFields: false, revealSecrets: false });
  assert.ok(lines.includes("  k: '********'"), lines.join('\n'));
  assert.ok(lines.some((l) => l.includes('caf\\u00e9')));
  for (const l of lines) assert.ok(/^[\x20-\x7e]*$/.test(l), l);
});

test('wrapText: nothing is lost, lines break at spaces, a long word is broken inside', () => {
  const msg = 'unreachable: Get "https://10.0.0.1:6443/api/v1/pods": tls: failed to verify certificate: x509: certificate signed by unknown authority';
  const lines = wrapText(msg, 40);
  for (const l of lines) assert.ok(l.length <= 40, l);
  assert.equal(lines.join(' '), msg, 'broken only at spaces');
  assert.equal(lines.join('').replace(/ /g, ''), msg.replace(/ /g, ''));
  assert.deepEqual(wrapText('short', 40), ['short']);
  assert.deepEqual(wrapText('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
  assert.deepEqual(wrapText('日本語のテキスト', 6), ['日本語', 'のテキ', 'スト']);
});
