import type { AppStore } from '../../store/app-store.js';
import type { PortForwards } from '../../store/forwards/port-forwards.js';
import type { LogTarget } from '../../store/logs/logs.js';
import type { ResourceDef, SlimBase } from '../../resources/types.js';
import type { Keymap } from '../../keys/commands.js';
import { Command } from '../../keys/commands.js';
import type { KeyEvent } from '../../keys/key-event.js';
import type { Cursor } from './use-cursor.js';
import type { useDetail, DetailLoader } from './use-detail.js';
import type { useLogs } from './use-logs.js';
import type { useShell } from './use-shell.js';
import type { usePortForward } from './use-port-forward.js';
import type { useEdit } from './use-edit.js';

export interface RowKeyContext {
  store: AppStore;
  keymap: Keymap;
  resource: ResourceDef;
  cursor: Cursor;
  logTargets: ((resource: ResourceDef, rec: SlimBase) => Promise<LogTarget[]>) | undefined;
  loadDetail: DetailLoader | undefined;
  forwards: PortForwards | undefined;
  logs: ReturnType<typeof useLogs>;
  detail: ReturnType<typeof useDetail>;
  shell: ReturnType<typeof useShell>;
  pf: ReturnType<typeof usePortForward>;
  edit: ReturnType<typeof useEdit>;
}

const POD_LIKE = new Set(['pods', 'containers']);
const FORWARDABLE = new Set(['pods', 'containers', 'services']);

/** Keys that open something for the selected row: logs, edit, shell/attach, port-forward, describe/YAML. */
export function rowKeys(c: RowKeyContext, e: KeyEvent): boolean {
  const { store, keymap, resource, cursor } = c;
  const selected = () => {
    const rec = cursor.selectedRow() as (SlimBase & { pod?: string }) | undefined;
    if (!rec) store.flash(`no ${resource.singular} selected`, 'warn');
    return rec;
  };
  if (keymap.matches(Command.Logs, e) || keymap.matches(Command.PreviousLogs, e)) {
    const rec = cursor.selectedRow();
    if (!rec || !c.logTargets) return true;
    const previous = keymap.matches(Command.PreviousLogs, e);
    const title = `logs(${rec.namespace ? `${rec.namespace}/` : ''}${rec.name})${previous ? ' previous' : ''}`;
    c.logTargets(resource, rec).then(
      (targets) => c.logs.open(title, targets, previous),
      (err: unknown) => store.flash(err instanceof Error ? err.message : String(err), 'error'),
    );
    return true;
  }
  if (keymap.matches(Command.Edit, e)) {
    const rec = cursor.selectedRow();
    if (rec) void c.edit(resource, rec);
    return true;
  }
  if (POD_LIKE.has(resource.plural) && (keymap.matches(Command.Shell, e) || keymap.matches(Command.Attach, e))) {
    const rec = selected();
    if (!rec) return true;
    const row = { plural: resource.plural, namespace: rec.namespace ?? '', name: rec.name, ...(rec.pod ? { pod: rec.pod } : {}) };
    void (keymap.matches(Command.Shell, e) ? c.shell.shell(row) : c.shell.attach(row));
    return true;
  }
  if (FORWARDABLE.has(resource.plural) && keymap.matches(Command.PortForward, e)) {
    const rec = selected();
    if (rec) c.pf.open(resource.plural, { namespace: rec.namespace ?? '', name: rec.name, ...(rec.pod ? { pod: rec.pod } : {}) });
    return true;
  }
  if (resource.plural === 'portforwards' && keymap.matches(Command.Delete, e)) {
    const rec = cursor.selectedRow();
    if (rec && c.forwards?.stop(rec.name)) store.flash(`stopped forwarding ${rec.name}`);
    return true;
  }
  if (keymap.matches(Command.Describe, e) || keymap.matches(Command.Yaml, e)) {
    const rec = selected();
    if (!rec) return true;
    if (!c.loadDetail) store.flash('not connected yet', 'warn');
    else c.detail.open(keymap.matches(Command.Yaml, e) ? 'yaml' : 'describe', resource, rec);
    return true;
  }
  return false;
}
