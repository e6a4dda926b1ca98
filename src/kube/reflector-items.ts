// A JSON list's text, as it arrives chunk by chunk, split into its objects one at a time: each object is
// parsed alone as soon as its last byte is in, and handed over. Neither the page's text nor its parsed
// objects are kept (a page of 500 real pods is ~3.5 MB of text and ~15 MB of objects), so what a list
// allocates dies young instead of being promoted and collected as old garbage, and the parse overlaps the
// transfer. What the split cannot vouch for is parsed whole, as a plain client would.
import { KubeError } from './errors.js';

/** Where a list's objects start; the text before it must be the list's head (checked by parsing it). */
const ITEMS = /"items":\[/;
/** Past this many bytes without the objects' start, the page is parsed whole. */
const HEAD_MAX = 256 * 1024;

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

type Mode = 'head' | 'items' | 'tail' | 'whole';

export class ListSplitter {
  /** Text not handed over yet: the head, the object under way, the tail, or all of it ('whole'). */
  private buf = '';
  /** Next position of `buf` to scan. */
  private pos = 0;
  /** Start in `buf` of the object under way. */
  private start = 0;
  private mode: Mode = 'head';
  /** Nesting inside the items array (0: between objects). */
  private depth = 0;
  private inString = false;
  private headText = '';
  private objects = 0;

  /**
   * `onObject` gets each object's text, in order (it may throw: the error leaves `push`); `onHead` the
   * list without its objects, once its head is in.
   */
  constructor(
    private readonly onObject: (text: string) => void,
    private readonly onHead: (head: Record<string, unknown>) => void = () => undefined,
  ) {}

  /** Objects handed over so far. */
  get count(): number {
    return this.objects;
  }

  push(text: string): void {
    this.buf = this.buf === '' ? text : this.buf + text;
    if (this.mode === 'head') this.readHead();
    if (this.mode === 'items') this.scan();
  }

  /**
   * The end of the body: the list without its objects (head and tail parsed together), or `whole`: the text
   * the split could not vouch for, to be parsed as one (undefined for an empty body). Throws on a list cut short.
   */
  end(): { list: Record<string, unknown> } | { whole: string | undefined } {
    if (this.mode === 'whole' || this.mode === 'head')
      return { whole: this.buf === '' ? undefined : this.buf };
    if (this.mode === 'items') throw new KubeError('Server', 'invalid JSON: the list ended inside its items');
    return { list: parseObject(`${this.headText}]${this.buf}`) };
  }

  private readHead(): void {
    const m = ITEMS.exec(this.buf);
    if (!m) {
      if (this.buf.length > HEAD_MAX) this.mode = 'whole';
      return;
    }
    const at = m.index + m[0].length;
    const head = this.buf.slice(0, at);
    let parsed: Record<string, unknown>;
    try {
      // the head closed right after "items":[ must be the list itself: else "items" was not its key
      parsed = parseObject(`${head}]}`);
    } catch {
      this.mode = 'whole';
      return;
    }
    this.headText = head;
    this.buf = this.buf.slice(at);
    this.pos = 0;
    this.mode = 'items';
    this.onHead(parsed);
  }

  /** Hands over every object complete in `buf`, keeps the one under way. */
  private scan(): void {
    const buf = this.buf;
    const n = buf.length;
    let i = this.pos;
    let depth = this.depth;
    let start = this.start;
    while (i < n) {
      if (this.inString) {
        const close = closingQuote(buf, i);
        if (close < 0) {
          i = n;
          break;
        }
        this.inString = false;
        i = close + 1;
        continue;
      }
      const c = buf.charCodeAt(i);
      if (c === 34) {
        if (depth === 0) throw new KubeError('Server', 'invalid list: an item that is not an object');
        this.inString = true;
        i++;
        continue;
      }
      if (c === 123 || c === 91) {
        if (depth === 0) {
          if (c === 91) throw new KubeError('Server', 'invalid list: an item that is not an object');
          start = i;
        }
        depth++;
      } else if (c === 125 || c === 93) {
        if (depth === 0) {
          if (c === 125) throw new KubeError('Server', 'invalid JSON: unbalanced list');
          // the end of the items: what follows is the list's tail
          this.mode = 'tail';
          this.buf = buf.slice(i + 1);
          this.depth = 0;
          return;
        }
        if (--depth === 0) {
          this.objects++;
          this.onObject(buf.slice(start, i + 1));
        }
      } else if (depth === 0 && c !== 44 && !isSpace(c)) {
        throw new KubeError('Server', 'invalid list: an item that is not an object');
      }
      i++;
    }
    // keep only the object under way (nothing between objects)
    if (depth > 0) {
      this.buf = start === 0 ? buf : buf.slice(start);
      this.pos = i - start;
      this.start = 0;
    } else {
      this.buf = '';
      this.pos = 0;
      this.start = 0;
    }
    this.depth = depth;
  }
}

/** The position of the quote closing a string whose text continues at `from` (-1: not in `s` yet). */
function closingQuote(s: string, from: number): number {
  for (let j = s.indexOf('"', from); j >= 0; j = s.indexOf('"', j + 1)) {
    let k = j - 1;
    while (s.charCodeAt(k) === 92) k--;
    if ((j - 1 - k) % 2 === 0) return j; // an even run of backslashes: the quote is not escaped
  }
  return -1;
}

function parseObject(text: string): Record<string, unknown> {
  const v = JSON.parse(text) as unknown;
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new KubeError('Server', 'invalid list: not an object');
  return v as Record<string, unknown>;
}
