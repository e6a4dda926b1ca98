import { act } from 'react';
import type { ReactElement } from 'react';
import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export type Rendered = ReturnType<typeof render>;

/** Renders with a given terminal size (ink-testing-library fixes 100 columns and no rows). */
export function renderSized(tree: ReactElement, columns = 120, rows = 30): Rendered {
  let r!: Rendered;
  act(() => {
    r = render(tree);
  });
  Object.defineProperty(r.stdout, 'columns', { get: () => columns, configurable: true });
  Object.defineProperty(r.stdout, 'rows', { get: () => rows, configurable: true });
  act(() => {
    r.stdout.emit('resize');
    r.rerender(tree);
  });
  return r;
}

export async function press(r: Rendered, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    const before = r.lastFrame();
    await act(async () => {
      r.stdin.write(k);
      await new Promise((res) => setTimeout(res, k === '\x1b' ? 40 : 5));
    });
    if (k !== '\x1b') continue;
    // A lone ESC is held briefly to tell it from a sequence, and ESC followed at once by a key is Alt+key:
    // wait (bounded) until the ESC has visibly taken effect before the next key, as a person would.
    const end = Date.now() + 1000;
    while (r.lastFrame() === before && Date.now() < end) {
      await act(async () => {
        await new Promise((res) => setTimeout(res, 10));
      });
    }
  }
}

export async function waitFrame(r: Rendered, pred: (frame: string) => boolean, ms = 3000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const f = plain(r.lastFrame() ?? '');
    if (pred(f)) return f;
    if (Date.now() > end) throw new Error(`frame never matched; last frame:\n${f}`);
    await act(async () => {
      await new Promise((res) => setTimeout(res, 10));
    });
  }
}

export const KEY = { up: '\x1b[A', down: '\x1b[B', esc: '\x1b', enter: '\r', tab: '\t', pgdn: '\x1b[6~', backspace: '\x7f', ctrlC: '\x03' };

/** The frame as text, without SGR colour codes. */
export function plain(frame: string): string {
  return stripVTControlCharacters(frame);
}
