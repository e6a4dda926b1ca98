// Fewer bytes for the same screen: Ink's frames, rewritten on their way to the terminal (over ssh every
// byte counts, and a frame where one pod changed used to be ~390 B, mostly filler). Three rewrites, each
// leaving the screen exactly as Ink's own bytes would:
//  - runs of "next line" (CSI E, one per unchanged line) become one CSI n E;
//  - colours and attributes are sent only when a character is about to be drawn with them, and then only
//    what differs from what the terminal already has (Ink opens and closes every styled span; a highlighted
//    filter match costs six sequences where one or none does);
//  - on a line Ink has just erased (CSI K) in the default background, spaces drawn in the default
//    background without inverse, underline, strike or overline look like the erased cells they cover:
//    before the end of the line they are dropped, elsewhere a long run becomes a cursor move (CSI n C).
// What the squeezer cannot read (an SGR with colon sub-parameters, a code it does not know) passes the
// whole write through unchanged; anything that may touch the colours it does not model (the alternate
// screen, a saved cursor, bytes written by a shell session) makes it forget what the terminal has.

/** What SGR sets, slot by slot; strings are the SGR parameters that set the slot ('' = the default). */
interface Style {
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: '' | '4' | '21';
  blink: '' | '5' | '6';
  inverse: boolean;
  hidden: boolean;
  strike: boolean;
  overline: boolean;
  fg: string;
  bg: string;
  ul: string;
}

const DEFAULT: Style = { bold: false, dim: false, italic: false, underline: '', blink: '', inverse: false, hidden: false, strike: false, overline: false, fg: '', bg: '', ul: '' };

/** Applies SGR parameters to a style; undefined when one is not understood. */
function applySgr(style: Style, params: string): Style | undefined {
  const ps = params === '' ? [0] : params.split(';').map((p) => (p === '' ? 0 : Number(p)));
  let s = { ...style };
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i] as number;
    if (p === 38 || p === 48 || p === 58) {
      const mode = ps[i + 1];
      const n = mode === 5 ? 1 : mode === 2 ? 3 : -1;
      if (n < 0 || i + 1 + n >= ps.length) return undefined;
      const value = ps.slice(i, i + 2 + n).join(';');
      i += 1 + n;
      if (p === 38) s.fg = value;
      else if (p === 48) s.bg = value;
      else s.ul = value;
      continue;
    }
    if (p === 0) s = { ...DEFAULT };
    else if (p === 1) s.bold = true;
    else if (p === 2) s.dim = true;
    else if (p === 22) s.bold = s.dim = false;
    else if (p === 3) s.italic = true;
    else if (p === 23) s.italic = false;
    else if (p === 4 || p === 21) s.underline = p === 4 ? '4' : '21';
    else if (p === 24) s.underline = '';
    else if (p === 5 || p === 6) s.blink = p === 5 ? '5' : '6';
    else if (p === 25) s.blink = '';
    else if (p === 7 || p === 27) s.inverse = p === 7;
    else if (p === 8 || p === 28) s.hidden = p === 8;
    else if (p === 9 || p === 29) s.strike = p === 9;
    else if (p === 53 || p === 55) s.overline = p === 53;
    else if ((p >= 30 && p <= 37) || (p >= 90 && p <= 97)) s.fg = String(p);
    else if (p === 39) s.fg = '';
    else if ((p >= 40 && p <= 47) || (p >= 100 && p <= 107)) s.bg = String(p);
    else if (p === 49) s.bg = '';
    else if (p === 59) s.ul = '';
    else return undefined;
  }
  return s;
}

/** The parameters that take a terminal in style `from` (undefined: unknown) to `to`. */
function sgrDiff(from: Style | undefined, to: Style): string[] {
  const f = from ?? DEFAULT;
  const out: string[] = from ? [] : ['0'];
  if ((f.bold && !to.bold) || (f.dim && !to.dim)) {
    out.push('22');
    if (to.bold) out.push('1');
    if (to.dim) out.push('2');
  } else {
    if (to.bold && !f.bold) out.push('1');
    if (to.dim && !f.dim) out.push('2');
  }
  if (f.italic !== to.italic) out.push(to.italic ? '3' : '23');
  if (f.underline !== to.underline) out.push(to.underline || '24');
  if (f.blink !== to.blink) out.push(to.blink || '25');
  if (f.inverse !== to.inverse) out.push(to.inverse ? '7' : '27');
  if (f.hidden !== to.hidden) out.push(to.hidden ? '8' : '28');
  if (f.strike !== to.strike) out.push(to.strike ? '9' : '29');
  if (f.overline !== to.overline) out.push(to.overline ? '53' : '55');
  if (f.fg !== to.fg) out.push(to.fg || '39');
  if (f.bg !== to.bg) out.push(to.bg || '49');
  if (f.ul !== to.ul) out.push(to.ul || '59');
  return out;
}

/** SGR sequences for the parameters, at most 16 to a sequence (terminals cap how many they read). */
function sgr(params: string[]): string {
  let out = '';
  for (let i = 0; i < params.length; i += 16) out += `\x1b[${params.slice(i, i + 16).join(';')}m`;
  return out;
}

const KEYS = Object.keys(DEFAULT) as (keyof Style)[];
const sameStyle = (a: Style | undefined, b: Style): boolean => a === b || (a !== undefined && KEYS.every((k) => a[k] === b[k]));

// CSI (with its parameters), another escape, a control character, or a run of text
const TOKEN = /\x1b\[([0-?]*)([ -/]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[^[\]]|[\x00-\x1a\x1c-\x1f\x7f]|[^\x00-\x1f\x7f]+/gy;
/** Cursor moves that leave colours alone: those that end at column 1, and the others. */
const TO_COLUMN_ONE = new Set(['E', 'F']);
const ABSOLUTE = new Set(['G', 'H', 'f', '`']);
const RELATIVE = new Set(['A', 'B', 'C', 'D', 'd', 'a', 'e']);
const BEGIN_SYNC = '\x1b[?2026h';
const END_SYNC = '\x1b[?2026l';
/** Private modes that do not touch colours: the cursor shown or hidden, synchronized output. */
const HARMLESS_MODES = /^\?(25|2026)$/;

/** Rewrites Ink's writes to a terminal; one per terminal, since it remembers what the terminal has. */
export class TerminalSqueeze {
  /** What the terminal has; undefined when not known. */
  private term: Style | undefined;

  /** Something else wrote to the terminal (a shell session): its colours are not known any more. */
  forget(): void {
    this.term = undefined;
  }

  squeeze(input: string): string {
    // Ink's own view of the colours: each of its lines starts from the default
    let want: Style = { ...DEFAULT };
    let term = this.term;
    let out = '';
    /** The background the current line was erased with from the cursor on (CSI K), or undefined. */
    let erasedBg: string | undefined;
    let nextLines = 0;
    /** Spaces that only cover erased cells, not yet written, and the style they were drawn in. */
    let spaces = 0;
    let spacesStyle: Style = want;
    let sawSgr = false;

    const flushStyle = (to: Style) => {
      if (sameStyle(term, to)) return;
      out += sgr(sgrDiff(term, to));
      term = to; // styles are never changed in place: applySgr makes a new one
    };
    const flushMoves = () => {
      if (nextLines > 0) out += nextLines === 1 ? '\x1b[E' : `\x1b[${nextLines}E`;
      nextLines = 0;
    };
    /** The pending spaces: as a cursor move when shorter, else drawn in their own style. */
    const flushSpaces = () => {
      if (spaces === 0) return;
      const move = `\x1b[${spaces}C`;
      if (move.length < spaces) out += move;
      else {
        flushStyle(spacesStyle);
        out += ' '.repeat(spaces);
      }
      spaces = 0;
    };
    /** Erasing fills with the background (and, in some terminals, inverse): those must be Ink's. */
    const eraseReady = () => {
      if (!term || term.bg !== want.bg || term.inverse !== want.inverse) flushStyle(want);
    };
    // only over cells erased in the default background: a terminal without background-colour erase (bce)
    // would not have filled them with another
    const blankLike = (s: Style) => erasedBg === '' && s.bg === '' && !s.inverse && !s.underline && !s.strike && !s.overline;

    TOKEN.lastIndex = 0;
    let read = 0;
    for (let m = TOKEN.exec(input); m; m = TOKEN.exec(input)) {
      const tok = m[0];
      read = m.index + tok.length;
      const [params, inter, final] = [m[1], m[2], m[3]];
      if (final !== undefined) {
        if (final === 'm') {
          const next = inter === '' && /^[\d;]*$/.test(params ?? '') ? applySgr(want, params ?? '') : undefined;
          if (!next) return this.passThrough(input);
          want = next;
          sawSgr = true;
          continue;
        }
        if (final === 'E' && inter === '' && /^\d*$/.test(params ?? '')) {
          spaces = 0; // the line ends here: spaces over erased cells are not needed
          nextLines += Math.max(1, Number(params || '1'));
          erasedBg = undefined;
          continue;
        }
        if (inter === '' && (TO_COLUMN_ONE.has(final) || ABSOLUTE.has(final)) && /^[\d;]*$/.test(params ?? '')) {
          spaces = 0;
          flushMoves();
          out += tok;
          erasedBg = undefined;
          continue;
        }
        flushMoves();
        flushSpaces();
        if (inter === '' && RELATIVE.has(final) && /^[\d;]*$/.test(params ?? '')) {
          out += tok;
          erasedBg = undefined;
          continue;
        }
        if ((final === 'h' || final === 'l') && HARMLESS_MODES.test(params ?? '')) {
          // the end of a synchronized update: the colours as Ink left them, inside it
          if (tok === END_SYNC && (term || sawSgr)) flushStyle(want);
          out += tok;
          continue;
        }
        // an erase fills with the background; anything else gets the colours Ink meant
        if (final === 'K' || final === 'J') eraseReady();
        else flushStyle(want);
        out += tok;
        if (final === 'K' && (params === '' || params === '0') && inter === '') erasedBg = want.bg;
        else if (final !== 'K' && final !== 'J') {
          term = undefined;
          erasedBg = undefined;
        }
        continue;
      }
      if (tok === '\n' || tok === '\r') {
        spaces = 0; // the line ends: spaces over erased cells are not needed
        flushMoves();
        if (tok === '\n') eraseReady(); // a new line at the bottom scrolls in, in the background colour
        out += tok;
        erasedBg = undefined;
        continue;
      }
      flushMoves();
      if (tok.startsWith('\x1b') || (tok.length === 1 && (tok < ' ' || tok === '\x7f'))) {
        flushSpaces();
        flushStyle(want);
        out += tok;
        if (tok.startsWith('\x1b')) term = undefined; // ESC 7 / ESC 8 and the like restore colours
        erasedBg = undefined;
        continue;
      }
      // text: runs of spaces over erased cells wait; everything else is drawn in Ink's colours
      for (const part of tok.split(/( +)/)) {
        if (part === '') continue;
        if (part[0] === ' ' && blankLike(want)) {
          if (spaces === 0) spacesStyle = want;
          spaces += part.length;
          continue;
        }
        flushSpaces();
        flushStyle(want);
        out += part;
      }
    }
    // an escape cut off at the end of the write: not understood, so not touched
    if (read < input.length) return this.passThrough(input);
    flushMoves();
    flushSpaces();
    // the colours are left as Ink left them, so that what follows (another write, Ink's exit) is unchanged
    if (term || sawSgr) flushStyle(want);
    this.term = term;
    return out;
  }

  private passThrough(input: string): string {
    this.term = undefined;
    return input;
  }
}

type WriteCallback = (err?: Error | null) => void;

/**
 * The terminal stream Ink writes to, with its string writes squeezed; everything else is the stream's own.
 * Ink writes a frame as three writes (begin synchronized update, the frame, end it): they are held from the
 * begin to the end and written as one, so that over ssh a frame is one packet, not three (each costs ~40 B
 * of SSH framing). A Buffer (a shell session's output) passes as it is, and the colours are forgotten.
 */
export function squeezedStream<T extends NodeJS.WriteStream>(stream: T): T {
  const squeeze = new TerminalSqueeze();
  const raw = stream.write.bind(stream) as (c: unknown, cb?: WriteCallback) => boolean;
  let held: string[] = [];
  let callbacks: WriteCallback[] = [];
  const flush = () => {
    if (held.length === 0) return;
    const text = squeeze.squeeze(held.join(''));
    const cbs = callbacks;
    held = [];
    callbacks = [];
    raw(text, (err) => cbs.forEach((cb) => cb(err)));
  };
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const cb = rest.find((r): r is WriteCallback => typeof r === 'function');
    if (typeof chunk !== 'string') {
      flush();
      squeeze.forget();
      return raw(chunk, cb);
    }
    if (held.length === 0 && !chunk.startsWith(BEGIN_SYNC)) return raw(squeeze.squeeze(chunk), cb);
    // a frame in the making: written when it ends (or, should the end never come, once this turn is over)
    if (held.length === 0) queueMicrotask(flush);
    held.push(chunk);
    if (cb) callbacks.push(cb);
    if (chunk.endsWith(END_SYNC)) flush();
    return true;
  };
  return new Proxy(stream, {
    get(target, prop) {
      if (prop === 'write') return write;
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
