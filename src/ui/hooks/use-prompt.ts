import { useRef } from 'react';
import { useRefState } from './use-ref-state.js';

interface PromptState {
  open: boolean;
  text: string;
  /** Index into history while browsing it with up/down; -1 when editing. */
  historyAt: number;
}

export interface PromptApi {
  /** The state as of the last key handled (not the last render). */
  get(): PromptState;
  openPrompt(): void;
  close(): void;
  setText(text: string): void;
  type(input: string): void;
  backspace(): void;
  submit(): string;
  historyPrev(): void;
  historyNext(): void;
}

const MAX_HISTORY = 50;
const closed: PromptState = { open: false, text: '', historyAt: -1 };

export function usePrompt(): PromptApi {
  const [get, set] = useRefState<PromptState>(closed);
  const history = useRef<string[]>([]);
  return {
    get,
    openPrompt: () => set({ open: true, text: '', historyAt: -1 }),
    close: () => set(closed),
    setText: (text) => set((s) => ({ ...s, text, historyAt: -1 })),
    // Only printable characters are typed; control characters from a paste are dropped.
    type: (input) => set((s) => ({ ...s, text: s.text + input.replace(/[\x00-\x1f\x7f-\x9f]/g, ''), historyAt: -1 })),
    backspace: () => set((s) => ({ ...s, text: Array.from(s.text).slice(0, -1).join(''), historyAt: -1 })),
    submit: () => {
      const text = get().text.trim();
      if (text) history.current = [text, ...history.current.filter((x) => x !== text)].slice(0, MAX_HISTORY);
      set(closed);
      return text;
    },
    historyPrev: () =>
      set((s) => {
        const h = history.current;
        const at = Math.min(s.historyAt + 1, h.length - 1);
        return at < 0 ? s : { ...s, historyAt: at, text: h[at] ?? s.text };
      }),
    historyNext: () =>
      set((s) => {
        const at = s.historyAt - 1;
        return at < 0 ? { ...s, historyAt: -1, text: '' } : { ...s, historyAt: at, text: history.current[at] ?? '' };
      }),
  };
}
