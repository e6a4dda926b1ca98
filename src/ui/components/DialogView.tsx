import type { Dialog } from '../hooks/use-actions.js';
import type { RevisionInfo } from '../../store/actions/actions.js';
import type { Theme } from '../theme/theme.js';
import { ageOf } from '../../util/age.js';
import { sanitize, sanitizeText } from '../../util/sanitize.js';
import { fit } from '../../util/text.js';
import { DialogFrame } from './DialogFrame.js';
import type { DialogLine } from './DialogFrame.js';

export interface DialogViewProps {
  dialog: Dialog;
  diff: (current: RevisionInfo, to: RevisionInfo) => string[];
  height: number;
  width: number;
  now: number;
  theme: Theme;
}

/** The open dialog, drawn in place of the table: confirmations, the scale input, rollout history. */
export function DialogView({ dialog, diff, height, width, now, theme }: DialogViewProps) {
  const g = theme.glyphs;
  const lines: DialogLine[] = [];
  if (dialog.kind === 'confirm') {
    for (const l of dialog.lines) if (l) lines.push({ text: sanitizeText(l), wrap: true });
    lines.push({ text: '' }, { text: sanitizeText(dialog.keys), color: theme.accent });
  } else if (dialog.kind === 'scale') {
    lines.push({ text: `Replicas: ${dialog.fresh && dialog.text ? `[${dialog.text}]` : dialog.text}${g.bar}` });
    if (dialog.error) lines.push({ text: sanitizeText(dialog.error), color: theme.error, wrap: true });
    lines.push({ text: '' }, { text: sanitizeText(dialog.keys), color: theme.accent });
  } else if (dialog.loading) lines.push({ text: `loading history${g.ellipsis}`, color: theme.dim });
  else if (dialog.error) lines.push({ text: sanitizeText(dialog.error), color: theme.error, wrap: true });
  else {
    lines.push({ text: `${fit('REVISION', 10)}${fit('AGE', 8)}CHANGE-CAUSE`, color: theme.label });
    const current = dialog.revisions.find((r) => r.current);
    dialog.revisions.forEach((r, i) =>
      lines.push({
        text: `${fit(`${r.revision}${r.current ? ' (cur)' : ''}`, 10)}${fit(ageOf(r.created, now), 8)}${sanitize(r.changeCause || '<none>')}`,
        inverse: i === dialog.sel,
      }),
    );
    const sel = dialog.revisions[dialog.sel];
    lines.push({ text: '' });
    if (sel && current && !sel.current) {
      lines.push({ text: `Pod template: revision ${current.revision} (current) ${g.arrow} ${sel.revision}`, color: theme.label });
      for (const l of diff(current, sel)) {
        lines.push({ text: sanitize(l), color: l.startsWith('+') ? theme.tone.ok : l.startsWith('-') ? theme.error : theme.dim });
      }
    } else lines.push({ text: 'The current revision is selected: pick another to see what rolling back changes.', color: theme.dim });
    lines.push({ text: '' }, { text: sanitizeText(dialog.keys), color: theme.accent });
  }
  return <DialogFrame title={dialog.title} lines={lines} height={height} width={width} theme={theme} />;
}
