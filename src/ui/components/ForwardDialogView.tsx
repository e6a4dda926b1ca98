import type { ForwardDialog } from '../hooks/use-port-forward.js';
import type { Theme } from '../theme/theme.js';
import { sanitizeText } from '../../util/sanitize.js';
import { DialogFrame } from './DialogFrame.js';
import type { DialogLine } from './DialogFrame.js';

/** Shift-F: the ports to choose from and the local port, drawn in place of the table. */
export function ForwardDialogView({ dialog, height, width, theme }: { dialog: ForwardDialog; height: number; width: number; theme: Theme }) {
  const lines: DialogLine[] = [{ text: 'Container port:', color: theme.label }];
  dialog.choices.forEach((c, i) => lines.push({ text: `  ${sanitizeText(c.label)}`, inverse: i === dialog.sel }));
  lines.push({ text: '' }, { text: `Local port (127.0.0.1): ${dialog.local}${theme.glyphs.bar}` });
  if (dialog.error) lines.push({ text: sanitizeText(dialog.error), color: theme.error, wrap: true });
  lines.push({ text: '' }, { text: sanitizeText(`<0-9> local port   ${dialog.keys}`), color: theme.accent });
  return <DialogFrame title={dialog.title} lines={lines} height={height} width={width} theme={theme} />;
}
