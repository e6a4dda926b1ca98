import type { ReleaseState } from '../hooks/use-release.js';
import type { HelmRevision } from '../../store/helm/service.js';
import type { Theme } from '../theme/theme.js';
import { ansic } from '../../util/helm/summary.js';
import { sanitize, sanitizeText } from '../../util/sanitize.js';
import { glyphs } from '../../util/charset.js';
import { fit } from '../../util/text.js';
import { DialogFrame } from '../components/DialogFrame.js';
import type { DialogLine } from '../components/DialogFrame.js';
import { TextView } from './TextView.js';

export interface ReleaseViewProps {
  state: ReleaseState;
  diff: (current: HelmRevision, to: HelmRevision) => string[];
  height: number;
  width: number;
  theme: Theme;
}

const COLS: [string, number][] = [['REVISION', 10], ['UPDATED', 26], ['STATUS', 16], ['CHART', 22], ['APP VERSION', 13]];

/** `helm history`'s row (newest first), the current revision marked with `*`. */
function historyRow(r: HelmRevision): string {
  const cells = [`${r.current ? '*' : ' '}${r.revision}`, ansic(r.updated), r.status, r.chart, r.appVersion];
  return cells.map((c, i) => fit(sanitize(c), COLS[i]?.[1] ?? 10)).join('') + sanitize(r.description);
}

/** A helm release's values, manifest or notes (scrollable text), or its history with the rollback diff. */
export function ReleaseView({ state, diff, height, width, theme }: ReleaseViewProps) {
  if (state.kind === 'text') {
    return <TextView lines={state.lines.map(sanitize)} top={state.top} height={height} width={width} search="" loading={state.loading} {...(state.error ? { error: state.error } : {})} theme={theme} />;
  }
  const lines: DialogLine[] = [];
  if (state.loading) lines.push({ text: `loading history${glyphs().ellipsis}`, color: theme.dim });
  else if (state.error) lines.push({ text: sanitize(state.error), color: theme.error });
  else {
    lines.push({ text: COLS.map(([n, w]) => fit(n, w)).join('') + 'DESCRIPTION', color: theme.label });
    state.revisions.forEach((r, i) => lines.push({ text: historyRow(r), inverse: i === state.sel }));
    lines.push({ text: '' });
    const current = state.revisions.find((r) => r.current);
    const sel = state.revisions[state.sel];
    if (sel && current && !sel.current) {
      const d = diff(current, sel);
      for (const l of d.slice(state.diffTop)) {
        lines.push({ text: sanitizeText(l), color: l.startsWith('+') ? theme.tone.ok : l.startsWith('-') ? theme.error : /^(Values|Manifest):/.test(l) ? theme.label : theme.dim });
      }
    } else lines.push({ text: 'The current revision (*) is selected: pick another to see what rolling back changes.', color: theme.dim });
  }
  // the keys stay on screen however long the diff is
  const room = Math.max(0, height - 5);
  const shown = lines.length > room ? [...lines.slice(0, room)] : lines;
  return <DialogFrame title={state.title} lines={[...shown, { text: '' }, { text: state.keys, color: theme.accent }]} height={height} width={width} theme={theme} />;
}
