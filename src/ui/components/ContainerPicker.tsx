import { Box, Text } from 'ink';
import type { PickerState } from '../hooks/logs-model.js';
import type { Theme } from '../theme/theme.js';
import { sanitize } from '../../util/sanitize.js';
import { fit } from '../../util/text.js';

/** `c` in the logs view: the pod's containers (init and ephemeral ones marked), Enter to show one. */
export function ContainerPicker({ picker, theme, width, height }: { picker: PickerState; theme: Theme; width: number; height: number }) {
  const w = Math.min(width - 2, 50);
  // title and borders take three rows; keep the selected item in view
  const room = Math.max(1, height - 3);
  const first = Math.max(0, Math.min(picker.index - room + 1, picker.items.length - room));
  return (
    <Box flexDirection="column" borderStyle={theme.glyphs.border} borderColor={theme.accent} width={w + 2}>
      <Text bold color={theme.title}>
        {fit(' Container  (enter show, esc cancel)', w)}
      </Text>
      {!picker.pods ? (
        <Text color={theme.dim}>{fit(` reading containers${theme.glyphs.ellipsis}`, w)}</Text>
      ) : picker.items.length === 0 ? (
        <Text color={theme.dim}>{fit(' no containers', w)}</Text>
      ) : (
        picker.items.slice(first, first + room).map((c, i) => (
          <Text key={c.name} inverse={first + i === picker.index}>
            {fit(` ${sanitize(c.name)}${c.kind === 'main' ? '' : ` (${c.kind})`}`, w)}
          </Text>
        ))
      )}
    </Box>
  );
}
