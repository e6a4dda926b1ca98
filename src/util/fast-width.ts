// string-width, with its answer for the characters a kubedeck screen is made of found without its regular
// expressions. string-width segments a non-ASCII string into graphemes and tests each against
// /^\p{RGI_Emoji}$/v and a large /v class; V8 compiles those on first use, which cost ~80 ms of the first
// frame (a profile of the start-up: the first rule line `─`, the `…` of a cut cell). The rule lines, box
// corners, arrows, `…`, `·` and Latin-1 letters are each a grapheme of their own, never emoji, and as wide as
// their East Asian Width says: for a string of only those (and printable ASCII) the width is that sum. Anything
// else goes to string-width as before. test/util/fast-width.test.ts checks every one of these code points,
// with both ambiguous-width options, against string-width. The bundle serves this module to Ink and its
// helpers where they import 'string-width' (scripts/build-options.mjs).
import stringWidth from 'string-width';
import { eastAsianWidth } from 'get-east-asian-width';
import stripAnsi from 'strip-ansi';

export interface WidthOptions {
  ambiguousIsNarrow?: boolean;
  countAnsiEscapeCodes?: boolean;
}

/** Code points (BMP, one grapheme each, no emoji) answered here: [from, to] inclusive. */
export const FAST_RANGES: readonly (readonly [number, number])[] = [
  [0x00a0, 0x00ac], // no-break space … not sign (U+00AD, the soft hyphen, takes no cell)
  [0x00ae, 0x00ff], // ® … ÿ
  [0x2010, 0x2027], // dashes, quotes, bullets, … (U+2026)
  [0x2190, 0x2193], // ← ↑ → ↓ (the sort arrows)
  [0x2500, 0x259f], // box drawing and block elements (rules, corners, the cursor ▏)
  [0x25a0, 0x25fc], // geometric shapes (▾ ▸ ●); ◽ ◾ (U+25FD/E, emoji) are left to string-width
];

const NARROW = { ambiguousAsWide: false } as const;
const WIDE = { ambiguousAsWide: true } as const;

const fast = (c: number): boolean => {
  for (const [from, to] of FAST_RANGES) if (c >= from && c <= to) return true;
  return false;
};

export default function fastStringWidth(input: string, options: WidthOptions = {}): number {
  if (typeof input !== 'string') return stringWidth(input, options);
  // as string-width does: escape sequences take no cell (Ink measures coloured text)
  const s = !options.countAnsiEscapeCodes && (input.includes('\u001B') || input.includes('\u009B')) ? stripAnsi(input) : input;
  const eaw = options.ambiguousIsNarrow === false ? WIDE : NARROW;
  let width = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) width++;
    else if (c >= 0xa0 && fast(c)) width += eastAsianWidth(c, eaw);
    else return stringWidth(s, options);
  }
  return width;
}
