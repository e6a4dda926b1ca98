import type { KeyEvent } from '../../keys/key-event.js';
import type { Keymap } from '../../keys/commands.js';
import { Command } from '../../keys/commands.js';

export type LineEdit = { kind: 'cancel' } | { kind: 'submit'; text: string } | { kind: 'edit'; text: string } | { kind: 'ignore' };

/**
 * One key on a one-line input (a `/` search): the prompt's cancel and submit commands (Esc, Enter), Backspace deletes a character,
 * printable text is appended (control characters from a paste dropped).
 */
export function lineEdit(text: string, e: KeyEvent, keymap: Keymap): LineEdit {
  if (keymap.matches(Command.PromptCancel, e)) return { kind: 'cancel' };
  if (keymap.matches(Command.PromptSubmit, e)) return { kind: 'submit', text };
  if (e.backspace || e.delete) return { kind: 'edit', text: Array.from(text).slice(0, -1).join('') };
  if (!e.ctrl && !e.meta && e.input) return { kind: 'edit', text: text + e.input.replace(/[\x00-\x1f\x7f-\x9f]/g, '') };
  return { kind: 'ignore' };
}
