import type { Scope } from '../keys/commands.js';
import type { KeyEvent } from '../keys/key-event.js';

/**
 * One screen of the state machine: what is on the terminal and who owns the keys. Screens are registered
 * in priority order; the first active one is shown and gets every key. `scopes` are the keymap scopes it
 * answers to (`?` help lists them).
 */
export interface Screen {
  id: 'too-small' | 'prompt' | 'filter' | 'dialog' | 'forward-dialog' | 'notice' | 'help' | 'release' | 'logs' | 'detail' | 'xray' | 'table';
  scopes: readonly Scope[];
  active(): boolean;
  keys(e: KeyEvent): void;
}

/** Hands the key to the first active screen; returns which one took it. */
export function routeKey(screens: readonly Screen[], e: KeyEvent): Screen['id'] | undefined {
  const s = screens.find((x) => x.active());
  s?.keys(e);
  return s?.id;
}
