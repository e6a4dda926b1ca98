// A log line as styled spans for the screen: the output of sanitizeKeepSgr split at its SGR sequences, so
// width math, wrapping, truncation and search highlights work on the visible text only and never cut a
// sequence in half. Each span carries the SGR state in force for it (the sequences since the last reset,
// concatenated); the renderer closes every span with a reset, so no style leaves its span.
import { displayWidth } from '../../util/text.js';
import { glyphs } from '../../util/charset.js';

export interface Span {
  text: string;
  /** SGR sequences in force ('' = the default style). */
  sgr: string;
  /** Part of a search match. */
  hit?: boolean;
}

const SGR = /\u001b\[[0-9;:]*m/g;
const RESET = /^\u001b\[0?m$/;
const ASCII = /^[\u0020-\u007e]*$/;
const segmenter = new Intl.Segmenter();

/** Split a sanitized line (sanitizeKeepSgr: SGR is the only escape left in it) into spans. */
export function toSpans(s: string): Span[] {
  if (s.indexOf('\u001b') < 0) return s ? [{ text: s, sgr: '' }] : [];
  const out: Span[] = [];
  let sgr = '';
  let last = 0;
  for (const m of s.matchAll(SGR)) {
    if (m.index > last) out.push({ text: s.slice(last, m.index), sgr });
    sgr = RESET.test(m[0]) ? '' : sgr + m[0];
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push({ text: s.slice(last), sgr });
  return out;
}

export function spansText(spans: readonly Span[]): string {
  let s = '';
  for (const p of spans) s += p.text;
  return s;
}

export function spansWidth(spans: readonly Span[]): number {
  let w = 0;
  for (const p of spans) w += displayWidth(p.text);
  return w;
}

/** The longest head of `text` at most `cols` wide (at a grapheme boundary), and its width. */
function cut(text: string, cols: number): { head: string; width: number } {
  if (ASCII.test(text)) return text.length <= cols ? { head: text, width: text.length } : { head: text.slice(0, cols), width: cols };
  let used = 0;
  let end = 0;
  for (const { segment, index } of segmenter.segment(text)) {
    const w = displayWidth(segment);
    if (used + w > cols) return { head: text.slice(0, index), width: used };
    used += w;
    end = index + segment.length;
  }
  return { head: text.slice(0, end), width: used };
}

/** Rows of at most `cols` columns each (at least one row, possibly empty). */
export function wrapSpans(spans: readonly Span[], cols: number): Span[][] {
  const width = Math.max(1, cols);
  const rows: Span[][] = [];
  let row: Span[] = [];
  let used = 0;
  for (const span of spans) {
    let rest = span.text;
    while (rest) {
      const { head, width: w } = cut(rest, width - used);
      if (head) {
        row.push({ ...span, text: head });
        used += w;
        rest = rest.slice(head.length);
      }
      if (rest && (used >= width || !head)) {
        if (!head && used === 0) {
          // a character wider than the whole row: put it alone on a row
          const one = [...segmenter.segment(rest)][0]?.segment ?? rest;
          row.push({ ...span, text: one });
          rest = rest.slice(one.length);
        }
        rows.push(row);
        row = [];
        used = 0;
      }
    }
  }
  rows.push(row);
  return rows;
}

/** At most `cols` columns, ended with '…' when cut (like fit(), without padding). */
export function truncateSpans(spans: readonly Span[], cols: number): Span[] {
  if (cols <= 0) return [];
  if (spansWidth(spans) <= cols) return [...spans];
  const first = wrapSpans(spans, cols - 1)[0] ?? [];
  return [...first, { text: glyphs().cut, sgr: '' }];
}

/** Mark every case-insensitive occurrence of `q` in the visible text as a hit (splitting spans). */
export function highlightSpans(spans: readonly Span[], q: string): Span[] {
  if (!q) return [...spans];
  const text = spansText(spans);
  const lower = text.toLowerCase();
  const needle = q.toLowerCase();
  if (lower.length !== text.length) return [...spans]; // case mapping changed lengths: offsets unsafe
  const ranges: [number, number][] = [];
  for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) ranges.push([i, i + needle.length]);
  if (ranges.length === 0) return [...spans];
  const out: Span[] = [];
  let pos = 0;
  let r = 0;
  for (const span of spans) {
    let off = 0;
    while (off < span.text.length) {
      const abs = pos + off;
      while (r < ranges.length && (ranges[r]?.[1] ?? 0) <= abs) r++;
      const range = ranges[r];
      const inHit = range !== undefined && range[0] <= abs;
      const stop = range === undefined ? span.text.length : Math.min(span.text.length, (inHit ? range[1] : range[0]) - pos);
      out.push({ text: span.text.slice(off, stop), sgr: span.sgr, ...(inHit ? { hit: true } : {}) });
      off = stop;
    }
    pos += span.text.length;
  }
  return out;
}
