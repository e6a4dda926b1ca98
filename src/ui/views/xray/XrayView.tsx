import { Box, Text } from 'ink';
import type { XrayLine } from '../../../store/xray/lines.js';
import type { Theme } from '../../theme/theme.js';
import { sanitize } from '../../../util/sanitize.js';
import { fit } from '../../../util/text.js';
import { glyphs } from '../../../util/charset.js';

export interface XrayViewProps {
  lines: readonly XrayLine[];
  selected: number;
  top: number;
  height: number;
  width: number;
  /** Roots show their namespace (all-namespace trees). */
  allNamespaces: boolean;
  theme: Theme;
}

/** `▾ Deployment web  Available`: the open/closed mark, the kind, the name and the status, as plain text. */
function xrayLineText(l: XrayLine, allNamespaces: boolean): { head: string; name: string; tail: string; match?: [number, number] } {
  const g = glyphs();
  const mark = l.branch ? (l.open ? g.opened : g.closed) : g.leaf;
  const n = l.node;
  const ns = l.guide === '' && allNamespaces && n.rec.namespace ? `${sanitize(n.rec.namespace)}/` : '';
  const name = ns + sanitize(n.rec.name);
  const match: [number, number] | undefined = l.match ? [l.match[0] + ns.length, l.match[1] + ns.length] : undefined;
  return { head: `${l.guide}${mark} ${n.resource.kind} `, name, tail: `  ${sanitize(l.status.text)}`, ...(match ? { match } : {}) };
}

/** The window of the tree's lines from `top`; the selected line inverted, names coloured by status. */
export function XrayView({ lines, selected, top, height, width, allNamespaces, theme }: XrayViewProps) {
  const shown = lines.slice(top, top + height);
  return (
    <Box flexDirection="column" height={height}>
      {shown.length === 0 ? (
        <Text color={theme.dim}>(nothing to show)</Text>
      ) : (
        shown.map((l, i) => {
          const { head, name, tail, match: m } = xrayLineText(l, allNamespaces);
          const isSel = top + i === selected;
          const color = theme.tone[l.status.tone];
          const room = Math.max(0, width - head.length);
          const nameText = fit(name, Math.min(name.length, room));
          return (
            <Text key={l.key} wrap="truncate" inverse={isSel}>
              <Text color={theme.dim}>{head}</Text>
              {m ? (
                <Text color={color}>
                  {nameText.slice(0, m[0])}
                  <Text color={theme.highlight}>{nameText.slice(m[0], m[1])}</Text>
                  {nameText.slice(m[1])}
                </Text>
              ) : (
                <Text color={color}>{nameText}</Text>
              )}
              <Text color={color}>{tail}</Text>
            </Text>
          );
        })
      )}
    </Box>
  );
}
