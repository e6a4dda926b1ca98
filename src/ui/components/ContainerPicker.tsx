import { Box, Text } from 'ink';
import type { PickerState } from '../hooks/logs-model.js';
import type { Theme } from '../theme/theme.js';
import { sanitize } from '../../util/sanitize.js';
import { fit } from '../../util/text.js';

/** `c` in the logs view: the pod's containers (init and ephemeral ones marked), Enter to show one. */
export function ContainerPicker({ picker, theme, width }: { picker: PickerState; theme: Theme; width: number }) {
  const w = Math.min(width - 2, 50);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} width={w + 2}>
      <Text bold color={theme.title}>
        {fit(' Container  (enter show, esc cancel)', w)}
      </Text>
      {!picker.pods ? (
        <Text color={theme.dim}>{fit(' reading containers…', w)}</Text>
      ) : picker.items.length === 0 ? (
        <Text color={theme.dim}>{fit(' no containers', w)}</Text>
      ) : (
        picker.items.map((c, i) => (
          <Text key={c.name} inverse={i === picker.index}>
            {fit(` ${sanitize(c.name)}${c.kind === 'main' ? '' : ` (${c.kind})`}`, w)}
          </Text>
        ))
      )}
    </Box>
  );
}
