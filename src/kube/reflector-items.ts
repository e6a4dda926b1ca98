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

/**
 * A pod's parts that no projection of an object listed this way reads: the pods and containers views read
 * a container's name, image, ports, resources and restartPolicy and the pod's status, and `:xray`'s pod
 * cache also its volumes, env, envFrom, imagePullSecrets and ServiceAccount (src/util/pod-references.ts),
 * so those stay. Left out of the text before the parse, as managedFields are
 * (test/resources/list-cuts.test.ts checks every kind and its xray cache). Keyed on the object's own
 * top-level `spec` (depth 2) and on the elements of its `spec.containers` / `spec.initContainers` (depth 4),
 * where only a Pod among the kinds listed as plain JSON has such keys; a Deployment's are deeper, in its
 * template, and a ControllerRevision's raw `data` is not under `spec`. Each is the key with the value's
 * first character: a key whose value is not an array/object where expected is kept. What is cut is the
 * value's contents: the object parses with `"tolerations":[]`, wherever the key stands in its object.
 */
const SPEC_CUTS: readonly string[] = ['"tolerations":[', '"affinity":{', '"topologySpreadConstraints":['];
const CONTAINER_CUTS: readonly string[] = [
  '"volumeMounts":[',
  '"volumeDevices":[',
  '"args":[',
  '"command":[',
  '"livenessProbe":{',
  '"readinessProbe":{',
  '"startupProbe":{',
  '"lifecycle":{',
  '"securityContext":{',
];
const SPEC = '"spec":{';
const CONTAINERS = ['"containers":[', '"initContainers":['];

/** What the container at a depth is (ctx[depth]); only these few are told apart. */
const OTHER = 0;
const IN_SPEC = 1;
const IN_CONTAINERS = 2;
const IN_CONTAINER = 3;

/** The pattern of `cuts` that `s` has at `i` (undefined: none). */
function cutAt(s: string, i: number, cuts: readonly string[]): string | undefined {
  for (const c of cuts) if (s.startsWith(c, i)) return c;
  return undefined;
}

export class ListSplitter {
  /** The head while it arrives, the tail after the items, or all of the text ('whole'). */
  private buf = '';
  private mode: Mode = 'head';
  /** Nesting inside the items array (0: between objects; 2: inside an object's metadata). */
  private depth = 0;
  private inString = false;
  /** The next chunk starts with a character escaped by a backslash at the end of this one. */
  private escapeNext = false;
  /** Inside a value left out of the text: the depth its key is at (0: not cutting). */
  private cutFrom = 0;
  /** The value being left out keeps its closing bracket (`"tolerations":[]`); managedFields' does not. */
  private keepClose = false;
  /** What the containers at depths 1-4 of the object under way are (IN_SPEC …). */
  private readonly ctx = new Uint8Array(5);
  /** The object under way: its text from earlier chunks. */
  private parts: string[] = [];
  private headText = '';
  private objects = 0;

  /**
   * `onObject` gets each object's text, in order (it may throw: the error leaves `push`); `onHead` the
   * list without its objects, once its head is in. `cut` false keeps the pod parts above (managedFields
   * are always left out).
   */
  constructor(
    private readonly onObject: (text: string) => void,
    private readonly onHead: (head: Record<string, unknown>) => void = () => undefined,
    private readonly cut = true,
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
   * Only the state above crosses chunks; positions are the chunk's own. A key is recognised (to be cut, or
   * to tell `spec` and its containers) only when its quote follows `{` or `,` and its whole pattern is in
   * this chunk; anything else is kept, which is always correct, only not lighter.
   */
  private scan(chunk: string, at: number): void {
    const n = chunk.length;
    const ctx = this.ctx;
    let i = at;
    let seg = at; // start of the object's text in this chunk not yet kept in `parts`
    let depth = this.depth;
    let cutFrom = this.cutFrom;
    if (this.inString) {
      const end = stringEnd(chunk, this.escapeNext ? i + 1 : i);
      this.escapeNext = end === n + 1;
      if (end >= n) {
        if (cutFrom === 0 && seg < n) this.parts.push(chunk.slice(seg));
        return;
      }
      this.inString = false;
      i = end + 1;
    }
    while (i < n) {
      const c = chunk.charCodeAt(i);
      if (c === 34) {
        if (depth === 0) throw new KubeError('Server', 'invalid list: an item that is not an object');
        if (cutFrom === 0 && (depth === 1 || depth === 2 || depth === 4)) {
          const p = chunk.charCodeAt(i - 1);
          if (p === 44 || p === 123) {
            const d = depth;
            const k = ctx[d];
            let cut: string | undefined;
            if (d === 2 && p === 44 && chunk.startsWith(MANAGED, i)) cut = MANAGED;
            else if (this.cut && d === 2 && k === IN_SPEC) {
              cut = cutAt(chunk, i, SPEC_CUTS);
              const into = cut ? undefined : cutAt(chunk, i, CONTAINERS);
              if (into) {
                i += into.length;
                ctx[++depth] = IN_CONTAINERS;
                continue;
              }
            } else if (this.cut && d === 4 && k === IN_CONTAINER) cut = cutAt(chunk, i, CONTAINER_CUTS);
            else if (d === 1 && chunk.startsWith(SPEC, i)) {
              i += SPEC.length;
              ctx[++depth] = IN_SPEC;
              continue;
            }
            if (cut) {
              // managedFields go with their key and the comma before it; the others keep the key and an
              // empty array or object (`"tolerations":[]`), wherever the key is in its object
              const whole = cut === MANAGED;
              const keep = whole ? i - 1 : i + cut.length;
              if (keep > seg) this.parts.push(chunk.slice(seg, keep));
              this.keepClose = !whole;
              cutFrom = d;
              i += cut.length;
              depth++;
              continue;
            }
          }
        }
        const end = stringEnd(chunk, i + 1);
        if (end >= n) {
          this.inString = true;
          this.escapeNext = end === n + 1;
          break;
        }
        i = end + 1;
        continue;
      }
      if (c === 123 || c === 91) {
        if (depth === 0) {
          if (c === 91) throw new KubeError('Server', 'invalid list: an item that is not an object');
          seg = i;
        }
        depth++;
        if (depth < 5) ctx[depth] = depth === 4 && c === 123 && ctx[3] === IN_CONTAINERS ? IN_CONTAINER : OTHER;
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
        if (cutFrom !== 0 && depth === cutFrom) {
          cutFrom = 0;
          seg = this.keepClose ? i : i + 1;
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
    if (depth > 0 && cutFrom === 0 && seg < n) this.parts.push(chunk.slice(seg));
    this.depth = depth;
    this.cutFrom = cutFrom;
  }
}

/**
 * Where the string whose text starts at `from` ends: the index of its closing quote; `s.length` when it does
 * not end in `s`, `s.length + 1` when `s` ends with a backslash that escapes the next chunk's first character.
 */
function stringEnd(s: string, from: number): number {
  const n = s.length;
  if (from > n) return n + 1; // an empty chunk: the escape is still to come
  for (let j = s.indexOf('"', from); j >= 0; j = s.indexOf('"', j + 1)) {
    if (s.charCodeAt(j - 1) !== 92 || j === from) return j;
    let k = j - 2;
    while (k >= from && s.charCodeAt(k) === 92) k--;
    if ((j - 1 - k) % 2 === 0) return j; // an even run of backslashes: the quote is not escaped
  }
  let k = n - 1;
  while (k >= from && s.charCodeAt(k) === 92) k--;
  return (n - 1 - k) % 2 === 1 ? n + 1 : n;
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

function parseObject(text: string): Record<string, unknown> {
  const v = JSON.parse(text) as unknown;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new KubeError('Server', 'invalid list: not an object');
  return v as Record<string, unknown>;
}
