// Strings from the cluster are untrusted (ARCHITECTURE.md convention 9). sanitize() turns one into a
// single terminal-safe line for a table cell: every character that could move the cursor, start an
// escape sequence, reorder text or hide itself is replaced by a visible ASCII escape.
//
// Rendering (all ASCII, so the width of an escape is its length):
//   "\t" "\n" "\r"            → the two characters \t \n \r (a CR LF pair becomes a single \n)
//   other C0 (0x00–0x1f), DEL → caret notation: ESC → ^[, BEL → ^G, NUL → ^@, DEL → ^?
//   C1 (0x80–0x9f)            → \x9b (lower-case hex); 0x9b is a one-byte CSI in some terminals
//   bidi controls, invisible format characters, line/paragraph separators, lone surrogates
//                             → \u202e (ALM, LRM, RLM, LRE…RLO, LRI…PDI, ZWSP, WJ, BOM, SHY, …)
// So "\x1b[31mred" becomes "^[[31mred" and "\x1b]0;t\x07" becomes "^[]0;t^G": the whole sequence is
// shown, and the terminal receives no ESC. ZWJ/ZWNJ and variation selectors are kept (emoji and
// scripts need them). The mapping is for display only and is not reversible (a literal "^[" in the
// input looks the same).
//
// In ASCII mode (charset.ts: a locale that is not UTF-8, or --ascii) every character outside printable
// ASCII is escaped the same way: "café" → "caf\u00e9", an emoji beyond the BMP → "\u{1f600}".
import { asciiOnly, asciiText } from './charset.js';

// With the u flag, [\ud800-\udfff] matches only lone surrogates, never a valid pair.
// Matching control characters is the whole point here.
const UNSAFE =
   
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]/u;
const UNSAFE_ALL = new RegExp(`\\r\\n|${UNSAFE.source}`, 'gu');
// ASCII mode: anything but printable ASCII.
const NON_ASCII = /[^\u0020-\u007e]/u;
const NON_ASCII_ALL = new RegExp(`\\r\\n|${NON_ASCII.source}`, 'gu');

const hex = (code: number, digits: number): string => code.toString(16).padStart(digits, '0');

function escapeOne(ch: string): string {
  if (ch === '\r\n' || ch === '\n') return '\\n';
  if (ch === '\t') return '\\t';
  if (ch === '\r') return '\\r';
  const code = ch.charCodeAt(0);
  if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
  if (code === 0x7f) return '^?';
  if (code <= 0x9f) return `\\x${hex(code, 2)}`;
  const cp = ch.codePointAt(0) ?? code;
  return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${hex(cp, 4)}`;
}

/** One terminal-safe line; returns the very same string when nothing needs escaping. */
export function sanitize(s: string): string {
  if (asciiOnly()) return NON_ASCII.test(s) ? s.replace(NON_ASCII_ALL, escapeOne) : s;
  if (!UNSAFE.test(s)) return s;
  return s.replace(UNSAFE_ALL, escapeOne);
}

/**
 * A message of the program's own (a flash, a connection state, an error) that may hold cluster text:
 * sanitize(), after spelling the program's typographic characters (…, →, ≥) in ASCII in ASCII mode.
 */
export function sanitizeText(s: string): string {
  return sanitize(asciiText(s));
}

/** Whether sanitize(s) would change s. */
export function isSafe(s: string): boolean {
  return asciiOnly() ? !NON_ASCII.test(s) : !UNSAFE.test(s);
}

// sanitizeKeepSgr: the same, except that SGR sequences (ESC [ params m: colours, bold, underline…) are
// kept so that a log line's own colours can be shown. Everything else (cursor movement, erase, OSC, DCS,
// C1 CSI, a malformed or unterminated CSI) is escaped exactly as sanitize() does. Kept sequences are
// rewritten from their parsed parameters: blink (5, 6) and conceal (8, which would hide text) are dropped,
// and 38/48/58 colour parameters (5;n and 2;r;g;b, also with ':' sub-parameters) are copied whole. When
// any SGR was kept the result ends with ESC[0m, so a line's style never bleeds into what follows.
const SGR_OR_UNSAFE = new RegExp(`\\u001b\\[[0-9;:]{0,64}m|\\r\\n|${UNSAFE.source}`, 'gu');
const SGR_OR_NON_ASCII = new RegExp(`\\u001b\\[[0-9;:]{0,64}m|\\r\\n|${NON_ASCII.source}`, 'gu');
const RESET = '\u001b[0m';

/** The SGR sequence with only the parameters kubedeck lets through; '' when none is left. */
function cleanSgr(seq: string): string {
  const body = seq.slice(2, -1);
  if (body === '' || body === '0') return RESET;
  const ps = body.split(';');
  const out: string[] = [];
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i] ?? '';
    if (p.includes(':')) {
      out.push(p); // 38:2::r:g:b, 4:3 (curly underline) …: one self-contained parameter
      continue;
    }
    const n = p === '' ? 0 : Number(p);
    if (n === 38 || n === 48 || n === 58) {
      const kind = ps[i + 1];
      const take = kind === '5' ? 2 : kind === '2' ? 4 : 0;
      out.push(ps.slice(i, i + 1 + take).join(';'));
      i += take;
    } else if (n !== 5 && n !== 6 && n !== 8) out.push(String(n));
  }
  return out.length === 0 ? '' : `\u001b[${out.join(';')}m`;
}

/** One terminal-safe line that keeps SGR colours (see above); the very same string when nothing needs escaping. */
export function sanitizeKeepSgr(s: string): string {
  const ascii = asciiOnly();
  if (!(ascii ? NON_ASCII : UNSAFE).test(s)) return s;
  let kept = false;
  const out = s.replace(ascii ? SGR_OR_NON_ASCII : SGR_OR_UNSAFE, (m) => {
    if (m.length > 2 && m.charCodeAt(0) === 0x1b && m.charCodeAt(1) === 0x5b) {
      kept = true;
      return cleanSgr(m);
    }
    return escapeOne(m);
  });
  return kept ? out + RESET : out;
}

/** Remove SGR sequences (what sanitizeKeepSgr keeps), e.g. to measure or search the visible text. */
export function stripSgr(s: string): string {
  return s.indexOf('\u001b') < 0 ? s : s.replace(/\u001b\[[0-9;:]*m/g, '');
}
