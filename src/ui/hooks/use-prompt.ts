import { useState } from 'react';

export interface PromptState {
  open: boolean;
  text: string;
  /** Index into history while browsing it with up/down; -1 when editing. */
  historyAt: number;
}

export interface PromptApi {
  state: PromptState;
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

export function usePrompt(): PromptApi {
  const [state, setState] = useState<PromptState>({ open: false, text: '', historyAt: -1 });
  const [history, setHistory] = useState<string[]>([]);
  return {
    state,
    openPrompt: () => setState({ open: true, text: '', historyAt: -1 }),
    close: () => setState({ open: false, text: '', historyAt: -1 }),
    setText: (text) => setState((s) => ({ ...s, text, historyAt: -1 })),
    // Only printable characters are typed; control characters from a paste are dropped.
    type: (input) => setState((s) => ({ ...s, text: s.text + input.replace(/[\x00-\x1f\x7f-\x9f]/g, ''), historyAt: -1 })),
    backspace: () => setState((s) => ({ ...s, text: Array.from(s.text).slice(0, -1).join(''), historyAt: -1 })),
    submit: () => {
      const text = state.text.trim();
      if (text) setHistory((h) => [text, ...h.filter((x) => x !== text)].slice(0, MAX_HISTORY));
      setState({ open: false, text: '', historyAt: -1 });
      return text;
    },
    historyPrev: () =>
      setState((s) => {
        const at = Math.min(s.historyAt + 1, history.length - 1);
        return at < 0 ? s : { ...s, historyAt: at, text: history[at] ?? s.text };
      }),
    historyNext: () =>
      setState((s) => {
        const at = s.historyAt - 1;
        return at < 0 ? { ...s, historyAt: -1, text: '' } : { ...s, historyAt: at, text: history[at] ?? '' };
      }),
  };
}
