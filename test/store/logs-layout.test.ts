import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectLevel, formatJsonLine } from '../../src/store/logs/log-format.js';
import { highlightSpans, spansText, spansWidth, toSpans, truncateSpans, wrapSpans } from '../../src/store/logs/log-spans.js';
import { bottomPos, lineRows, scrollRows, windowRows } from '../../src/store/logs/log-layout.js';
import type { LogDisplay, LogRow } from '../../src/store/logs/log-layout.js';
import type { LineView } from '../../src/store/logs/log-filter.js';
import type { LogLine } from '../../src/kube/logs/line.js';

void test('levels from plain text and JSON', () => {
  const cases: [string, string | undefined][] = [
    ['ERROR something broke', 'error'],
    ['2026/01/01 12:00:00 [error] upstream timed out', undefined], // lower-case bare words are ordinary words
    ['level=error msg="x"', 'error'],
    ['{"level":"warn","msg":"slow"}', 'warn'],
    ['time=1 lvl=DEBUG msg=x', 'debug'],
    ['E1122 10:00:00.000000       1 controller.go:1] boom', 'error'],
    ['W1122 10:00:00.000000       1 x.go:1] hmm', 'warn'],
    ['panic: runtime error: index out of range', 'error'],
    ['INFO started', 'info'],
    ['TRACE deep', 'debug'],
    ['FATAL: cannot start', 'error'],
    ['an error occurred', undefined],
    ['INFORMATION', undefined],
  ];
  for (const [line, want] of cases) assert.equal(detectLevel(line), want, line);
});

void test('a JSON object line becomes time LEVEL msg key=value…; other lines are left alone', () => {
  assert.deepEqual(formatJsonLine('{"ts":1767225600.5,"level":"info","msg":"listening","port":8080,"tags":["a"],"who":"a b"}'), {
    text: '2026-01-01T00:00:00.500Z INFO  listening port=8080 tags=["a"] who="a b"',
    level: 'info',
  });
  assert.deepEqual(formatJsonLine(' {"severity":"ERROR","message":"db down","err":{"code":5}}'), { text: 'ERROR db down err={"code":5}', level: 'error' });
  assert.equal(formatJsonLine('[1,2]'), undefined);
  assert.equal(formatJsonLine('{not json'), undefined);
  assert.equal(formatJsonLine('plain'), undefined);
});

void test('spans: SGR split out, width ignores it, wrap and truncate never cut a sequence', () => {
  const spans = toSpans('ab\x1b[31mcd\x1b[1mef\x1b[0mgh\x1b[0m');
  assert.deepEqual(spans, [
    { text: 'ab', sgr: '' },
    { text: 'cd', sgr: '\x1b[31m' },
    { text: 'ef', sgr: '\x1b[31m\x1b[1m' },
    { text: 'gh', sgr: '' },
  ]);
  assert.equal(spansWidth(spans), 8);
  assert.deepEqual(wrapSpans(spans, 3).map(spansText), ['abc', 'def', 'gh']);
  assert.deepEqual(wrapSpans(spans, 3)[1], [
    { text: 'd', sgr: '\x1b[31m' },
    { text: 'ef', sgr: '\x1b[31m\x1b[1m' },
  ]);
  assert.equal(spansText(truncateSpans(spans, 5)), 'abcd…');
  assert.equal(spansText(truncateSpans(spans, 8)), 'abcdefgh');
  // wide characters are two columns and are not split
  assert.deepEqual(wrapSpans(toSpans('日本語x'), 3).map(spansText), ['日', '本', '語x']);
  assert.deepEqual(wrapSpans([], 5), [[]]);
});

void test('search hits split spans, keeping their style', () => {
  const h = highlightSpans(toSpans('xx\x1b[32mERR\x1b[0mor yy error'), 'error');
  assert.deepEqual(
    h.map((s) => [s.text, s.sgr !== '', s.hit === true]),
    [
      ['xx', false, false],
      ['ERR', true, true],
      ['or', false, true],
      [' yy ', false, false],
      ['error', false, true],
    ],
  );
});

const d: LogDisplay = { timestamps: false, json: false, wrap: false, multi: false, colours: true, search: '' };
const line = (text: string, pod = 'p', container = 'c'): LogLine => ({ ts: 0, tsText: '2026-01-01T00:00:00.000000000Z', text, pod, container });

void test('line rows: prefix, timestamps, wrap with a blank prefix on continuation rows, SGR per span', () => {
  const long = 'x'.repeat(25);
  assert.deepEqual(lineRows(line(long), d, 21).map((r) => spansText(r.spans)), [`${'x'.repeat(19)}…`]);
  const rows = lineRows(line(long), { ...d, wrap: true, multi: true }, 21);
  assert.deepEqual(
    rows.map((r) => r.prefix + spansText(r.spans)),
    [`p/c ${'x'.repeat(16)}`, `    ${'x'.repeat(9)}`],
  );
  assert.equal(lineRows(line('hi'), { ...d, timestamps: true }, 80)[0]?.spans[0]?.text, '2026-01-01T00:00:00.000000000Z hi');
  const j = lineRows(line('{"level":"error","msg":"x"}'), { ...d, json: true }, 80)[0] as LogRow;
  assert.equal(j.level, 'error');
  assert.equal(spansText(j.spans), 'ERROR x');
  // NO_COLOR: the line's colours are dropped, not shown as text
  assert.deepEqual(lineRows(line('\x1b[31mred'), { ...d, colours: false }, 80)[0]?.spans, [{ text: 'red', sgr: '' }]);
});

void test('scrolling counts screen rows; the bottom position shows the last rows', () => {
  // five lines of 1, 3, 1, 2, 1 rows
  const sizes = [1, 3, 1, 2, 1];
  const view: LineView = { start: 0, end: 5, abs: (k) => k };
  const rowsOf = (k: number) => sizes[k] ?? 1;
  assert.deepEqual(bottomPos(view, 4, rowsOf), { top: 2, row: 0 });
  assert.deepEqual(bottomPos(view, 3, rowsOf), { top: 3, row: 0 });
  assert.deepEqual(bottomPos(view, 2, rowsOf), { top: 3, row: 1 });
  assert.deepEqual(bottomPos(view, 20, rowsOf), { top: 0, row: 0 });
  assert.deepEqual(scrollRows(view, { top: 0, row: 0 }, 2, 3, rowsOf), { top: 1, row: 1 });
  assert.deepEqual(scrollRows(view, { top: 1, row: 1 }, -2, 3, rowsOf), { top: 0, row: 0 });
  assert.deepEqual(scrollRows(view, { top: 0, row: 0 }, 100, 3, rowsOf), { top: 3, row: 0 }, 'clamped to the bottom');
  assert.deepEqual(scrollRows(view, { top: 3, row: 0 }, -100, 3, rowsOf), { top: 0, row: 0 });
  const rowsAt = (k: number): LogRow[] => Array.from({ length: sizes[k] ?? 1 }, (_, i) => ({ prefix: '', source: '', level: undefined, spans: [{ text: `${k}.${i}`, sgr: '' }] }));
  assert.deepEqual(
    windowRows(view, { top: 1, row: 2 }, 4, rowsAt).map((r) => r.spans[0]?.text),
    ['1.2', '2.0', '3.0', '3.1'],
  );
});
