/**
 * A key press, independent of Ink: the UI adapts Ink's `Key` into this shape, so keys/ stays UI-free
 * and testable. `input` is the printable text (possibly several characters for a paste).
 */
export interface KeyEvent {
  input: string;
  ctrl?: boolean;
  shift?: boolean;
  meta?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
}

/** Names of keys that are not printable characters, as written in bindings: `ctrl+c`, `pgdn`, `esc`. */
const named: Record<string, (e: KeyEvent) => boolean> = {
  up: (e) => Boolean(e.upArrow),
  down: (e) => Boolean(e.downArrow),
  left: (e) => Boolean(e.leftArrow),
  right: (e) => Boolean(e.rightArrow),
  pgup: (e) => Boolean(e.pageUp),
  pgdn: (e) => Boolean(e.pageDown),
  home: (e) => Boolean(e.home),
  end: (e) => Boolean(e.end),
  enter: (e) => Boolean(e.return),
  esc: (e) => Boolean(e.escape),
  tab: (e) => Boolean(e.tab) && !e.shift,
  'shift+tab': (e) => Boolean(e.tab) && Boolean(e.shift),
  backspace: (e) => Boolean(e.backspace),
  delete: (e) => Boolean(e.delete),
  space: (e) => e.input === ' ',
};

/** True when `spec` (one binding such as `j`, `G`, `ctrl+d`, `pgdn`) describes the key press. */
export function keyMatches(spec: string, e: KeyEvent): boolean {
  const n = named[spec];
  if (n) return n(e);
  if (spec.startsWith('ctrl+') && spec.length === 6) return Boolean(e.ctrl) && e.input.toLowerCase() === spec[5];
  if (spec.startsWith('alt+') && spec.length === 5) return Boolean(e.meta) && e.input === spec[4];
  if (spec.length !== 1) return false;
  return !e.ctrl && !e.meta && e.input === spec;
}

/** Whether a spec is one that keyMatches understands; used to validate user bindings. */
export function isValidKeySpec(spec: string): boolean {
  return (
    spec in named ||
    spec.length === 1 ||
    (/^ctrl\+[a-z]$/.test(spec) && spec.length === 6) ||
    (/^alt\+.$/.test(spec) && spec.length === 5)
  );
}

/** How a binding is shown in hints and help: `<ctrl-d>`, `<pgdn>`, `<:>`. */
export function showKey(spec: string): string {
  return `<${spec.replace('+', '-')}>`;
}

/**
 * The key presses in a chunk of plain input that arrived at once (fast typing over SSH, tmux send-keys, a
 * paste). Ink hands such a chunk over as one event; each character is one key here, and a C0 control byte
 * is the Ctrl key that types it (`\x13` is Ctrl-S): Enter, Tab and Backspace by their names.
 */
export function splitChunk(input: string): KeyEvent[] {
  const out: KeyEvent[] = [];
  for (const ch of input) {
    const c = ch.charCodeAt(0);
    if (ch === '\r' || ch === '\n') out.push({ input: '', return: true });
    else if (ch === '\t') out.push({ input: '', tab: true });
    else if (c === 0x08 || c === 0x7f) out.push({ input: '', backspace: true });
    else if (c === 0x1b) out.push({ input: '', escape: true });
    else if (c >= 0x01 && c <= 0x1a) out.push({ input: String.fromCharCode(c + 0x60), ctrl: true });
    else if (c < 0x20) continue; // Ctrl-Space, Ctrl-\ ] ^ _: nothing is bound to them
    else out.push({ input: ch });
  }
  return out;
}
