// Screen rows of the logs view: each buffered line formatted (timestamp, JSON, level, SGR colours, search
// hits) and either truncated to one row or wrapped to the width; and the scroll position in screen rows,
// so that paging counts wrapped rows and the bottom stays pinned while following.
import type { LogLine } from '../../kube/logs/line.js';
import { sanitize, sanitizeKeepSgr, stripSgr } from '../../util/sanitize.js';
import { displayWidth } from '../../util/text.js';
import { detectLevel, formatJsonLine } from './log-format.js';
import type { LogLevel } from './log-format.js';
import type { LineView } from './log-filter.js';
import { highlightSpans, toSpans, truncateSpans, wrapSpans } from './log-spans.js';
import type { Span } from './log-spans.js';

export interface LogDisplay {
  timestamps: boolean;
  /** `J`: JSON lines formatted, levels coloured. */
  json: boolean;
  wrap: boolean;
  /** Prefix lines with pod/container. */
  multi: boolean;
  /** Keep the lines' own SGR colours (false under NO_COLOR). */
  colours: boolean;
  search: string;
}

export interface LogRow {
  /** `pod/container ` on a line's first row, blanks of the same width on wrapped rows, '' when single-source. */
  prefix: string;
  /** The prefix's source, for its colour. */
  source: string;
  level: LogLevel | undefined;
  spans: Span[];
}

const MIN_TEXT = 10;

/** A line's screen rows: content width is `width` minus one leading space and the prefix. */
export function lineRows(line: LogLine, d: LogDisplay, width: number): LogRow[] {
  const source = d.multi ? `${sanitize(line.pod)}/${sanitize(line.container)} ` : '';
  const json = d.json ? formatJsonLine(stripSgr(line.text)) : undefined;
  const raw = json ? json.text : line.text;
  const level = d.json ? (json ? json.level : detectLevel(stripSgr(line.text))) : undefined;
  // tabs expand (to 4 columns) before the sanitizer would show them as \t
  // (the same widths with or without colour: under NO_COLOR the line's SGR is dropped, not shown)
  const clean = sanitizeKeepSgr(raw.replace(/\t/g, '    '));
  const styled = toSpans(`${d.timestamps && line.tsText ? `${line.tsText} ` : ''}${clean}`);
  const spans = d.colours ? styled : styled.map((p) => ({ text: p.text, sgr: '' }));
  const shown = d.search ? highlightSpans(spans, d.search) : spans;
  const pw = displayWidth(source);
  const cols = Math.max(MIN_TEXT, width - 1 - pw);
  if (!d.wrap) return [{ prefix: source, source, level, spans: truncateSpans(shown, cols) }];
  const blank = ' '.repeat(pw);
  return wrapSpans(shown, cols).map((r, i) => ({ prefix: i === 0 ? source : blank, source, level, spans: r }));
}

/** Scroll position: a view index and a row within that line's rows. */
export interface LogPos {
  top: number;
  row: number;
}

export type RowsOf = (k: number) => number;

/** The position whose window ends with the last row of the view (what following shows). */
export function bottomPos(view: LineView, height: number, rowsOf: RowsOf): LogPos {
  let need = Math.max(1, height);
  for (let k = view.end - 1; k >= view.start; k--) {
    const n = rowsOf(k);
    if (n >= need) return { top: k, row: n - need };
    need -= n;
  }
  return { top: view.start, row: 0 };
}

function before(a: LogPos, b: LogPos): boolean {
  return a.top < b.top || (a.top === b.top && a.row < b.row);
}

/** Move by `delta` screen rows, clamped to [first row, bottomPos]. */
export function scrollRows(view: LineView, pos: LogPos, delta: number, height: number, rowsOf: RowsOf): LogPos {
  if (view.end <= view.start) return { top: view.start, row: 0 };
  let top = Math.min(Math.max(pos.top, view.start), view.end - 1);
  let row = top === pos.top ? pos.row + delta : delta > 0 ? delta : 0;
  while (row < 0 && top > view.start) {
    top--;
    row += rowsOf(top);
  }
  if (row < 0) row = 0;
  for (let n = rowsOf(top); row >= n && top < view.end - 1; n = rowsOf(top)) {
    row -= n;
    top++;
  }
  row = Math.min(row, rowsOf(top) - 1);
  const bottom = bottomPos(view, height, rowsOf);
  return before(bottom, { top, row }) ? bottom : { top, row };
}

/** The rows of the window starting at `pos`, at most `height`. */
export function windowRows(view: LineView, pos: LogPos, height: number, rowsAt: (k: number) => LogRow[]): LogRow[] {
  const out: LogRow[] = [];
  let skip = pos.row;
  for (let k = Math.max(pos.top, view.start); k < view.end && out.length < height; k++) {
    const rows = rowsAt(k);
    for (let i = skip; i < rows.length && out.length < height; i++) out.push(rows[i] as LogRow);
    skip = 0;
  }
  return out;
}
