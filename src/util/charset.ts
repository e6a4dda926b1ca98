// What the terminal can show: UTF-8, or plain ASCII (a C/POSIX locale, a serial console, an old
// bastion host, or `--ascii`). Chosen once at start-up, before anything is drawn: the terminal is one
// per process, so this is the one process-wide setting (tests set it and put it back). In ASCII mode
// nothing outside ASCII reaches the terminal: the UI draws its symbols from the ASCII glyph table,
// sanitize() escapes a cluster string's non-ASCII characters (`\u00e9`), and the program's own
// messages have their typographic characters spelled in ASCII (asciiText).

/** The symbols kubedeck draws itself, in one charset. */
export interface Glyphs {
  /** The rule of the title line. */
  hline: string;
  /** Ink's border style for frames (dialogs, notices, the container picker). */
  border: 'round' | 'classic';
  /** Ends a cut cell (one column). */
  cut: string;
  /** In messages: `loading…`. */
  ellipsis: string;
  /** Sort marks after a column name. */
  up: string;
  down: string;
  /** The caret of a dialog's text input. */
  bar: string;
  /** Between items of a status line. */
  dot: string;
  /** In place of a Secret value in the YAML view. */
  mask: string;
  /** `from → to`. */
  arrow: string;
  /** `80×24`. */
  times: string;
  /** A tree's guides (`:xray`): a child, the last child, the line past an open branch, and past a last one. */
  tee: string;
  elbow: string;
  pipe: string;
  /** An open branch, a closed one, and a leaf. */
  opened: string;
  closed: string;
  leaf: string;
}

export const UNICODE_GLYPHS: Glyphs = {
  hline: '─',
  border: 'round',
  cut: '…',
  ellipsis: '…',
  up: '↑',
  down: '↓',
  bar: '▏',
  dot: '·',
  mask: '••••••••',
  arrow: '→',
  times: '×',
  tee: '├─ ',
  elbow: '└─ ',
  pipe: '│  ',
  opened: '▾',
  closed: '▸',
  leaf: '·',
};

export const ASCII_GLYPHS: Glyphs = {
  hline: '-',
  border: 'classic',
  cut: '~',
  ellipsis: '...',
  up: '^',
  down: 'v',
  bar: '_',
  dot: '|',
  mask: '********',
  arrow: '->',
  times: 'x',
  tee: '|- ',
  elbow: '`- ',
  pipe: '|  ',
  opened: 'v',
  closed: '>',
  leaf: '-',
};

let asciiMode = false;

/** Set once at start-up (and by tests): whether only ASCII may reach the terminal. */
export function setAsciiOnly(on: boolean): void {
  asciiMode = on;
}

export function asciiOnly(): boolean {
  return asciiMode;
}

/** The glyph table of the current charset. */
export function glyphs(): Glyphs {
  return asciiMode ? ASCII_GLYPHS : UNICODE_GLYPHS;
}

/**
 * Whether the locale's character set is UTF-8, as the C library decides it for LC_CTYPE: the first of
 * LC_ALL, LC_CTYPE and LANG that is set and not empty names the locale; none means the C locale (ASCII).
 * UTF-8 when that name says UTF-8 or utf8, in any case (`en_US.UTF-8`, `C.utf8`, `de_DE.utf8@euro`).
 */
export function localeIsUtf8(env: Readonly<Record<string, string | undefined>>): boolean {
  for (const name of ['LC_ALL', 'LC_CTYPE', 'LANG'] as const) {
    const v = env[name];
    if (v !== undefined && v !== '') return /utf-?8/i.test(v);
  }
  return false;
}

// The program's own typographic characters and their ASCII spellings (messages from kube/ and store/,
// key labels): `connecting…` reads `connecting...` rather than an escape.
const TYPOGRAPHIC: Record<string, string> = {
  '…': '...',
  '⋯': '...',
  '→': '->',
  '←': '<-',
  '↑': '^',
  '↓': 'v',
  '≥': '>=',
  '≤': '<=',
  '×': 'x',
  '—': '--',
  '–': '-',
  '·': '|',
  '•': '*',
  '─': '-',
  '▏': '_',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
};
const TYPOGRAPHIC_RE = new RegExp(`[${Object.keys(TYPOGRAPHIC).join('')}]`, 'g');

/** In ASCII mode, the program's typographic characters in ASCII (others are left to sanitize()). */
export function asciiText(s: string): string {
  if (!asciiMode || /^[\u0000-\u007f]*$/.test(s)) return s;
  return s.replace(TYPOGRAPHIC_RE, (c) => TYPOGRAPHIC[c] ?? c);
}
