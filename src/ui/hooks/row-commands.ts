import type { RowCommand } from '../../keys/commands.js';
import type { ResourceDef } from '../../resources/types.js';

/** The kind's capabilities as the keymap shows them (hints, help): derived, never listed by hand. */
export function rowCommands(resource: ResourceDef): RowCommand[] {
  return (resource.can ?? []).map((c) => ({ cmd: c.cmd, label: c.label, mutating: c.mutating, ...(c.hint ? { hint: true } : {}) }));
}
