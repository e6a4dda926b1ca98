// Ink's frame buffer ("Output", ink/build/output.js), rebuilt to do the same work once rather than every frame.
// The bundle puts this module where Ink's renderer imports `./output.js` (scripts/build-options.mjs); the frame
// it returns is Ink's, character for character: test/ui/ink-output.test.ts replays random and real frames into
// both and compares.
//
// Why (issue 10): Ink builds every frame from nothing. At 190×50 that is ~9,500 fresh cell objects, and every
// line of text is tokenized into styled characters (an object and a styles array per character) two or three
// times — as written, after clipping to the box, after the colour transform — then serialized again, row by
// row. Profiled under 1,000 pod changes/s, that frame buffer was most of Ink's CPU and the source of most of
// the young-generation garbage that had GC at a quarter of the process's time.
//
// What changes: the steps are pure functions of strings, so their results are kept from one frame to the next
// (the lines of a text, a line cut to columns, a line's styled characters, widths), in a cache that holds
// what the last two frames used and nothing older. Empty cells are one shared object, and a row whose cells are
// the very same objects as the row's last frame reuses that row's string. Cells are never mutated (a cell
// that changes is replaced), which is what makes sharing them sound.
import stringWidth from '../../util/fast-width.js';
import { styledCharsFromTokens, styledCharsToString, tokenize } from '@alcalzone/ansi-tokenize';
import type { StyledChar } from '@alcalzone/ansi-tokenize';

type Transformer = (line: string, index: number) => string;
interface Clip {
  x1: number | undefined;
  x2: number | undefined;
  y1: number | undefined;
  y2: number | undefined;
}
type Operation = { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] } | { type: 'clip'; clip: Clip } | { type: 'unclip' };

/** A map that keeps what was used in this generation or the one before; `age()` starts a new generation. */
class TwoFrames<V> {
  private cur = new Map<string, V>();
  private prev = new Map<string, V>();
  get(key: string, make: (key: string) => V): V {
    let v = this.cur.get(key);
    if (v !== undefined) return v;
    v = this.prev.get(key);
    if (v === undefined) v = make(key);
    this.cur.set(key, v);
    return v;
  }
  age(): void {
    this.prev = this.cur;
    this.cur = new Map();
  }
}

// Standalone invisible code points take no cell (Ink drops them the same way).
const IGNORABLE = /^\p{Default_Ignorable_Code_Point}+$/u;
const styledCache = new TwoFrames<readonly StyledChar[]>();
const widthCache = new TwoFrames<number>();
const widestCache = new TwoFrames<number>();
const linesCache = new TwoFrames<readonly string[]>();
const sliceCache = new TwoFrames<string>();

const styled = (line: string): readonly StyledChar[] =>
  styledCache.get(line, (l) => styledCharsFromTokens(tokenize(l)).filter((c) => !IGNORABLE.test(c.value)));
const widthOf = (text: string): number => widthCache.get(text, stringWidth);
const widestOf = (text: string): number =>
  widestCache.get(text, (t) => {
    let w = 0;
    for (const line of t.split('\n')) w = Math.max(w, widthOf(line));
    return w;
  });
/** A text's lines, each serialized with the styles open at its start (styles carry across newlines). */
const linesOf = (text: string): readonly string[] =>
  linesCache.get(text, (t) => {
    const lines: StyledChar[][] = [[]];
    for (const c of styled(t)) {
      if (c.value === '\n') lines.push([]);
      else (lines[lines.length - 1] as StyledChar[]).push(c);
    }
    return lines.map(styledCharsToString);
  });

const BLANK: StyledChar = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: [] }) as StyledChar;
// A wide character cut by a clip edge or overwritten in part becomes a space with its styles; the cell after a
// wide character holds a placeholder with its styles. One object each per styled character, not per frame.
const blanks = new WeakMap<StyledChar, StyledChar>();
const blankOf = (c: StyledChar): StyledChar => {
  let b = blanks.get(c);
  if (!b) blanks.set(c, (b = { ...c, value: ' ', fullWidth: false }));
  return b;
};
const trails = new WeakMap<StyledChar, StyledChar>();
const trailOf = (c: StyledChar): StyledChar => {
  let t = trails.get(c);
  if (!t) trails.set(c, (t = { type: 'char', value: '', fullWidth: false, styles: c.styles }));
  return t;
};
const leadOf = (c: StyledChar): StyledChar => ({ type: 'char', value: ' ', fullWidth: false, styles: c.styles });

function sliceColumns(line: string, from: number, to: number): string {
  if (from >= to) return '';
  return sliceCache.get(`${from}:${to}:${line}`, () => {
    const out: StyledChar[] = [];
    let column = 0;
    for (const c of styled(line)) {
      const w = widthOf(c.value);
      const start = column;
      column += w;
      if (column <= from) continue;
      if (start >= to) break;
      out.push(w > 1 && (start < from || column > to) ? blankOf(c) : c);
    }
    return styledCharsToString(out);
  });
}

const isClipEmpty = (c: Clip): boolean =>
  (c.x1 !== undefined && c.x2 !== undefined && c.x1 >= c.x2) || (c.y1 !== undefined && c.y2 !== undefined && c.y1 >= c.y2);
const tighter = (a: number | undefined, b: number | undefined, pick: (a: number, b: number) => number): number | undefined =>
  a === undefined ? b : b === undefined ? a : pick(a, b);
/** Nested clips intersect (an inner box never draws outside an outer one). */
const intersect = (outer: Clip | undefined, inner: Clip): Clip =>
  outer
    ? { x1: tighter(outer.x1, inner.x1, Math.max), x2: tighter(outer.x2, inner.x2, Math.min), y1: tighter(outer.y1, inner.y1, Math.max), y2: tighter(outer.y2, inner.y2, Math.min) }
    : inner;

/** The rows of the last frame, as cells and as the string they made: a row of the same cells is not serialized again. */
let lastRows: { cells: StyledChar[]; text: string }[] = [];

export default class Output {
  private readonly operations: Operation[] = [];
  width: number;
  height: number;

  constructor(options: { width: number; height: number }) {
    this.width = options.width;
    this.height = options.height;
  }

  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void {
    if (text === '') return;
    this.operations.push({ type: 'write', x, y, text, transformers: options.transformers });
  }

  clip(clip: Clip): void {
    this.operations.push({ type: 'clip', clip });
  }

  unclip(): void {
    this.operations.push({ type: 'unclip' });
  }

  sliceLineToColumns(line: string, from: number, to: number): string {
    return sliceColumns(line, from, to);
  }

  get(): { output: string; height: number } {
    const grid: StyledChar[][] = [];
    for (let y = 0; y < this.height; y++) grid.push(new Array<StyledChar>(this.width).fill(BLANK));
    const clips: Clip[] = [];
    for (const op of this.operations) {
      if (op.type === 'clip') clips.push(intersect(clips[clips.length - 1], op.clip));
      else if (op.type === 'unclip') clips.pop();
      else this.apply(grid, op, clips[clips.length - 1]);
    }
    const rows: { cells: StyledChar[]; text: string }[] = [];
    for (let y = 0; y < grid.length; y++) {
      const cells = grid[y] as StyledChar[];
      const last = lastRows[y];
      rows.push(last && sameCells(last.cells, cells) ? last : { cells, text: styledCharsToString(cells.filter((c) => c !== undefined)).trimEnd() });
    }
    lastRows = rows;
    for (const c of [styledCache, widthCache, widestCache, linesCache, sliceCache]) c.age();
    return { output: rows.map((r) => r.text).join('\n'), height: grid.length };
  }

  private apply(grid: StyledChar[][], op: Extract<Operation, { type: 'write' }>, clip: Clip | undefined): void {
    let { x, y } = op;
    let lines = linesOf(op.text);
    if (clip) {
      if (isClipEmpty(clip)) return;
      const clipX = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
      const clipY = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
      // wholly outside the clip: nothing to do
      if (clipX && (x + widestOf(op.text) < (clip.x1 as number) || x > (clip.x2 as number))) return;
      if (clipY && (y + lines.length < (clip.y1 as number) || y > (clip.y2 as number))) return;
      if (clipX) {
        const x1 = clip.x1 as number;
        const x2 = clip.x2 as number;
        const from = x < x1 ? x1 - x : 0;
        lines = lines.map((line) => {
          const w = widthOf(line);
          return sliceColumns(line, from, x + w > x2 ? x2 - x : w);
        });
        if (x < x1) x = x1;
      }
      if (clipY) {
        const y1 = clip.y1 as number;
        const y2 = clip.y2 as number;
        const n = lines.length;
        lines = lines.slice(y < y1 ? y1 - y : 0, y + n > y2 ? y2 - y : n);
        if (y < y1) y = y1;
      }
    }
    for (let index = 0; index < lines.length; index++) {
      const row = grid[y + index];
      // rows above or below the frame
      if (!row) continue;
      let line = lines[index] as string;
      for (const t of op.transformers) line = t(line, index + y - op.y);
      const chars = styled(line);
      if (chars.length === 0) continue;
      let at = x;
      // writing over the second half of a wide character: its first half becomes a space
      if (row[at]?.value === '' && at > 0 && widthOf(row[at - 1]?.value ?? '') > 1) row[at - 1] = blankOf(row[at - 1] as StyledChar);
      for (const c of chars) {
        row[at] = c;
        const w = Math.max(1, widthOf(c.value));
        // a wide character's other cells: placeholders (spaces where its first cell is off the frame's left)
        for (let k = 1; k < w; k++) row[at + k] = at < 0 ? leadOf(c) : trailOf(c);
        at += w;
      }
      // and ending over the first half of one: its second half becomes a space
      if (row[at]?.value === '') row[at] = blankOf(row[at] as StyledChar);
    }
  }
}

function sameCells(a: readonly StyledChar[], b: readonly StyledChar[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
