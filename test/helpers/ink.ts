import { act } from 'react';
import type { ReactElement } from 'react';
import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { waitFor } from './wait.js';

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

/** Ink holds a lone ESC this long to tell it from the start of a sequence (`pendingInputFlushDelayMilliseconds`). */
const INK_ESC_HOLD_MS = 20;

/** One turn of the event loop inside `act`, so promise chains a key started can settle and render. */
const turn = (): Promise<void> =>
  act(async () => {
    await new Promise<void>((res) => setImmediate(res));
  });

export async function press(r: Rendered, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    await act(async () => {
      r.stdin.write(k);
      // Ink reads stdin synchronously, so a key has been handled once write returns, except a lone ESC: it
      // only becomes Esc once Ink's hold time passes with nothing after it. That time passing is what makes
      // the key, so it is waited out (twice over: Ink's timer, set first, then always fires before ours).
      if (k === '\x1b') await new Promise((res) => setTimeout(res, 2 * INK_ESC_HOLD_MS));
    });
    await turn();
  }
}

export async function waitFrame(r: Rendered, pred: (frame: string) => boolean, ms = 3000): Promise<string> {
  return waitFor(
    () => {
      const f = plain(r.lastFrame() ?? '');
      return pred(f) ? f : undefined;
    },
    {
      what: () => `a matching frame; last frame:\n${plain(r.lastFrame() ?? '')}`,
      timeoutMs: ms,
      pause: (interval) =>
        act(async () => {
          await new Promise((res) => setTimeout(res, interval));
        }),
    },
  );
}

export const KEY = { up: '\x1b[A', down: '\x1b[B', esc: '\x1b', enter: '\r', tab: '\t', pgdn: '\x1b[6~', backspace: '\x7f', ctrlC: '\x03' };

/** The frame as text, without SGR colour codes. */
export function plain(frame: string): string {
  return stripVTControlCharacters(frame);
}
