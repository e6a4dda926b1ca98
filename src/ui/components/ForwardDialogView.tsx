import { Box, Text } from 'ink';
import type { ForwardDialog } from '../hooks/use-port-forward.js';
import type { Theme } from '../theme/theme.js';
import { sanitize } from '../../util/sanitize.js';
import { fit } from '../../util/text.js';

/** Shift-F: the ports to choose from and the local port, drawn in place of the table. */
export function ForwardDialogView({ dialog, height, width, theme }: { dialog: ForwardDialog; height: number; width: number; theme: Theme }) {
  const inner = Math.max(10, width - 4);
  const lines: { text: string; color?: string | undefined; inverse?: boolean }[] = [{ text: 'Container port:', color: theme.label }];
  dialog.choices.forEach((c, i) => lines.push({ text: `  ${sanitize(c.label)}`, inverse: i === dialog.sel }));
  lines.push({ text: '' }, { text: `Local port (127.0.0.1): ${dialog.local}▏` });
  if (dialog.error) lines.push({ text: dialog.error, color: theme.error });
  lines.push({ text: '' }, { text: '<j>/<k> choose   <0-9> local port   <enter> forward   <esc> cancel', color: theme.accent });
  return (
    <Box height={height} flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold color={theme.title} wrap="truncate">
        {sanitize(dialog.title)}
      </Text>
      {lines.slice(0, Math.max(0, height - 3)).map((l, i) => (
        <Text key={i} color={l.color} inverse={Boolean(l.inverse)} wrap="truncate">
          {fit(l.text, inner)}
        </Text>
      ))}
    </Box>
  );
}
