// Table-cell layout by terminal display width: wide CJK and emoji take two columns, combining marks
// none. Called for every visible cell of every frame, so printable ASCII (the common case) never
// reaches the grapheme segmenter. Inputs are expected to be sanitized already (see sanitize.ts).
import stringWidth from './fast-width.js';
import { glyphs } from './charset.js';

const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;
const segmenter = new Intl.Segmenter();
const WIDTH_OPTS = { countAnsiEscapeCodes: true } as const;

// Non-ASCII cells repeat from frame to frame; remember their widths and layouts (bounded, dropped
// wholesale when full, which is cheaper than LRU bookkeeping on the hot path).
const CACHE_MAX = 4096;
const CACHE_KEY_MAX = 512; // long strings (log lines) are not kept
const widthCache = new Map<string, number>();
const fitCache = new Map<string, string>();

/** Columns the terminal uses to draw `s`. */
export function displayWidth(s: string): number {
  if (PRINTABLE_ASCII.test(s)) return s.length;
  const hit = widthCache.get(s);
  if (hit !== undefined) return hit;
  const width = stringWidth(s, WIDTH_OPTS);
  if (s.length > CACHE_KEY_MAX) return width;
  if (widthCache.size >= CACHE_MAX) widthCache.clear();
  widthCache.set(s, width);
  return width;
}

const pad = (s: string, n: number, align: 'left' | 'right'): string =>
  n <= 0 ? s : align === 'right' ? ' '.repeat(n) + s : s + ' '.repeat(n);

/** Width of one grapheme cluster, without the segmenter for printable ASCII. */
function clusterWidth(segment: string): number {
  if (segment.length === 1) {
    const c = segment.charCodeAt(0);
    if (c >= 0x20 && c <= 0x7e) return 1;
  }
  return stringWidth(segment, WIDTH_OPTS);
}

/**
 * Exactly `width` columns: padded with spaces (on the right, or on the left for align 'right'),
 * or cut at a grapheme boundary and ended with '…' ('~' in ASCII mode). A wide character that would straddle the
 * ellipsis is dropped and the gap padded, so the result is never wider or narrower than `width`.
 */
export function fit(s: string, width: number, align: 'left' | 'right' = 'left'): string {
  const w = Number.isFinite(width) ? Math.max(0, Math.floor(width)) : 0;
  if (w === 0) return '';
  if (PRINTABLE_ASCII.test(s)) {
    if (s.length <= w) return pad(s, w - s.length, align);
    return s.slice(0, w - 1) + glyphs().cut;
  }
  if (s.length > CACHE_KEY_MAX) return fitSlow(s, w, align);
  const key = `${w}${align === 'right' ? 'r' : 'l'}${glyphs().cut}\u0000${s}`;
  const hit = fitCache.get(key);
  if (hit !== undefined) return hit;
  const out = fitSlow(s, w, align);
  if (fitCache.size >= CACHE_MAX) fitCache.clear();
  fitCache.set(key, out);
  return out;
}

/** One pass over the graphemes, stopping as soon as the string is known not to fit. */
function fitSlow(s: string, w: number, align: 'left' | 'right'): string {
  const budget = w - 1;
  let used = 0;
  let cutEnd = -1;
  let cutUsed = 0;
  for (const { segment, index } of segmenter.segment(s)) {
    const cw = clusterWidth(segment);
    if (cutEnd < 0 && used + cw > budget) {
      cutEnd = index;
      cutUsed = used;
    }
    used += cw;
    if (used > w) return pad(s.slice(0, cutEnd) + glyphs().cut, budget - cutUsed, align);
  }
  return pad(s, w - used, align);
}

/**
 * `s` in lines of at most `width` columns, broken at spaces where it can be (a word longer than a line is
 * broken inside it): nothing is lost, unlike fit(). An empty string is one empty line.
 */
export function wrapText(s: string, width: number): string[] {
  const w = Math.max(1, Math.floor(width));
  if (displayWidth(s) <= w) return [s];
  const out: string[] = [];
  let line = '';
  let used = 0;
  const push = () => {
    out.push(line.trimEnd());
    line = '';
    used = 0;
  };
  for (const word of s.split(/(?<= )/)) {
    const ww = displayWidth(word.trimEnd());
    if (used > 0 && used + ww > w) push();
    if (ww <= w) {
      line += word;
      used += displayWidth(word);
      continue;
    }
    for (const { segment } of segmenter.segment(word)) {
      const cw = clusterWidth(segment);
      if (used + cw > w && segment !== ' ') push();
      line += segment;
      used += cw;
    }
  }
  if (line.trim() !== '' || out.length === 0) out.push(line.trimEnd());
  return out;
}
