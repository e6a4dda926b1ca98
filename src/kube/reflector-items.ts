// A JSON list's text, as it arrives chunk by chunk, split into its objects one at a time: each object is
// parsed alone as soon as its last byte is in, and handed over. Neither the page's text nor its parsed
// objects are kept (a page of 500 real pods is ~3.5 MB of text and ~15 MB of objects), so what a list
// allocates dies young instead of being promoted and collected as old garbage, and the parse overlaps the
// transfer. Each object's metadata.managedFields (~40% of a real pod's JSON) is left out of its text: no
// projection reads it (YAML, describe and edit fetch the full object). What the split cannot vouch for is
// parsed whole, as a plain client would.
import { KubeError } from './errors.js';

/** Where a list's objects start; the text before it must be the list's head (checked by parsing it). */
const ITEMS = /"items":\[/;
/** Past this many bytes without the objects' start, the page is parsed whole. */
const HEAD_MAX = 256 * 1024;

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

type Mode = 'head' | 'items' | 'tail' | 'whole';

/** A list object's managedFields (the last key of its metadata as servers write it): never projected. */
const MANAGED = '"managedFields":[';

export class ListSplitter {
  /** The head while it arrives, the tail after the items, or all of the text ('whole'). */
  private buf = '';
  private mode: Mode = 'head';
  /** Nesting inside the items array (0: between objects; 2: inside an object's metadata). */
  private depth = 0;
  private inString = false;
  /** The next chunk starts with a character escaped by a backslash at the end of this one. */
  private escapeNext = false;
  /** Inside an object's managedFields, which are left out of its text. */
  private cutting = false;
  /** The object under way: its text from earlier chunks. */
  private parts: string[] = [];
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
    if (this.mode === 'items') this.scan(text, 0);
    else {
      this.buf = this.buf === '' ? text : this.buf + text;
      if (this.mode === 'head') this.readHead();
    }
  }

  /**
   * The end of the body: the list without its objects (head and tail parsed together), or `whole`: the text
   * the split could not vouch for, to be parsed as one (undefined for an empty body). Throws on a list cut short.
   */
  end(): { list: Record<string, unknown> } | { whole: string | undefined } {
    if (this.mode === 'whole' || this.mode === 'head') return { whole: this.buf === '' ? undefined : this.buf };
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
    const rest = this.buf;
    this.headText = head;
    this.buf = '';
    this.mode = 'items';
    this.onHead(parsed);
    this.scan(rest, at);
  }

  /**
   * Scans one chunk from `at`: hands over every object that ends in it, keeps the text of the one under way.
   * Only the state above crosses chunks; positions are the chunk's own.
   */
  private scan(chunk: string, at: number): void {
    const n = chunk.length;
    let i = at;
    let seg = at; // start of the object's text in this chunk not yet kept in `parts`
    let depth = this.depth;
    while (i < n) {
      if (this.inString) {
        const from = this.escapeNext ? i + 1 : i;
        this.escapeNext = false;
        const close = closingQuote(chunk, from);
        if (close < 0) {
          this.escapeNext = from < n && trailingBackslashes(chunk, from) % 2 === 1;
          break;
        }
        this.inString = false;
        i = close + 1;
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c === 34) {
        if (depth === 0) throw new KubeError('Server', 'invalid list: an item that is not an object');
        if (depth === 2 && !this.cutting && chunk.charCodeAt(i - 1) === 44 && chunk.startsWith(MANAGED, i)) {
          // ,"managedFields":[ … ] is left out: the text before it is kept, the array is scanned through
          if (i - 1 > seg) this.parts.push(chunk.slice(seg, i - 1));
          this.cutting = true;
          i += MANAGED.length;
          depth++;
          continue;
        }
        this.inString = true;
        i++;
        continue;
      }
      if (c === 123 || c === 91) {
        if (depth === 0) {
          if (c === 91) throw new KubeError('Server', 'invalid list: an item that is not an object');
          seg = i;
        }
        depth++;
      } else if (c === 125 || c === 93) {
        if (depth === 0) {
          if (c === 125) throw new KubeError('Server', 'invalid JSON: unbalanced list');
          // the end of the items: what follows is the list's tail
          this.mode = 'tail';
          this.buf = chunk.slice(i + 1);
          this.depth = 0;
          return;
        }
        depth--;
        if (this.cutting && depth === 2) {
          this.cutting = false;
          seg = i + 1;
        } else if (depth === 0) {
          const last = chunk.slice(seg, i + 1);
          const text = this.parts.length > 0 ? this.parts.join('') + last : last;
          this.parts = [];
          this.objects++;
          this.onObject(text);
        }
      } else if (depth === 0 && c !== 44 && !isSpace(c)) {
        throw new KubeError('Server', 'invalid list: an item that is not an object');
      }
      i++;
    }
    if (depth > 0 && !this.cutting && seg < n) this.parts.push(chunk.slice(seg));
    this.depth = depth;
  }
}

/**
 * An object's JSON text without its `,"managedFields":[…]` (as servers write metadata: never its first
 * key): a watch event's object is parsed lighter. A text that does not end the array is returned as it was.
 */
export function withoutManagedFields(text: string): string {
  let out = text;
  for (let at = out.indexOf(`,${MANAGED}`); at >= 0; at = out.indexOf(`,${MANAGED}`, at)) {
    const end = arrayEnd(out, at + 1 + MANAGED.length);
    if (end < 0) return out;
    out = out.slice(0, at) + out.slice(end + 1);
  }
  return out;
}

/** The position of the `]` closing an array whose elements start at `from` (-1: not in `s`). */
function arrayEnd(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      i = closingQuote(s, i + 1);
      if (i < 0) return -1;
    } else if (c === 91 || c === 123) depth++;
    else if ((c === 93 || c === 125) && --depth === 0) return c === 93 ? i : -1;
  }
  return -1;
}

/**
 * The position of the first quote from `from` that closes a string (-1: none in `s`). Escapes are counted
 * from `from`, where the string's text (or an unescaped stretch of it) starts.
 */
function closingQuote(s: string, from: number): number {
  for (let j = s.indexOf('"', from); j >= 0; j = s.indexOf('"', j + 1)) {
    let k = j - 1;
    while (k >= from && s.charCodeAt(k) === 92) k--;
    if ((j - 1 - k) % 2 === 0) return j; // an even run of backslashes: the quote is not escaped
  }
  return -1;
}

/** How many backslashes end `s` (not counting before `from`). */
function trailingBackslashes(s: string, from: number): number {
  let k = s.length - 1;
  while (k >= from && s.charCodeAt(k) === 92) k--;
  return s.length - 1 - k;
}

function parseObject(text: string): Record<string, unknown> {
  const v = JSON.parse(text) as unknown;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new KubeError('Server', 'invalid list: not an object');
  return v as Record<string, unknown>;
}
