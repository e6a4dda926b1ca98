import type { AppStore } from '../../store/app-store.js';
import type { Services } from '../../store/services.js';
import { blockedReason } from '../../store/actions/actions.js';
import type { ResourceDef } from '../../resources/types.js';
import type { Capability } from '../../resources/capabilities.js';
import type { Keymap } from '../../keys/commands.js';
import type { KeyEvent } from '../../keys/key-event.js';
import type { Cursor } from './use-cursor.js';
import type { useDetail } from './use-detail.js';
import type { useLogs } from './use-logs.js';
import type { useShell } from './use-shell.js';
import type { usePortForward } from './use-port-forward.js';
import type { useEdit } from './use-edit.js';
import type { useActions } from './use-actions.js';
import type { useRelease } from './use-release.js';

export interface RowKeyContext {
  store: AppStore;
  keymap: Keymap;
  resource: ResourceDef;
  cursor: Cursor;
  services: Services | undefined;
  logs: ReturnType<typeof useLogs>;
  detail: ReturnType<typeof useDetail>;
  shell: ReturnType<typeof useShell>;
  pf: ReturnType<typeof usePortForward>;
  edit: ReturnType<typeof useEdit>;
  acts: ReturnType<typeof useActions>;
  /** Helm releases' texts and history (`:helm`). */
  release: ReturnType<typeof useRelease>;
  onSwitchContext: ((name: string) => void) | undefined;
}

/** The capability of the view's kind that this key runs, if any (a kind binds each key once: see keyConflicts). */
function capabilityFor(keymap: Keymap, resource: ResourceDef, e: KeyEvent): Capability | undefined {
  return resource.can?.find((c) => keymap.matches(c.cmd, e));
}

/**
 * Keys that act on the selected row, as the view's kind declares them (resources' `can`): one dispatch by
 * effect, no kind named here. A key that is off in read-only mode, or blocked for this row, says why.
 */
export function rowKeys(c: RowKeyContext, e: KeyEvent): boolean {
  const { store, keymap, resource, cursor } = c;
  const cap = capabilityFor(keymap, resource, e);
  if (!cap) return false;
  const rec = cursor.selectedRow();
  const why = blockedReason(cap, resource, rec, keymap.readonly);
  if (why || !rec) {
    store.flash(why ?? `no ${resource.singular} selected`, 'warn');
    return true;
  }
  const flashError = (err: unknown) => store.flash(err instanceof Error ? err.message : String(err), 'error');
  const effect = cap.effect;
  switch (effect.type) {
    case 'action':
    case 'scale':
    case 'rollback':
      c.acts.start(cap, effect, { resource, rec });
      break;
    case 'logs': {
      if (!c.services) return store.flash('not connected yet', 'warn'), true;
      const title = `logs(${rec.namespace ? `${rec.namespace}/` : ''}${rec.name})${effect.previous ? ' previous' : ''}`;
      c.services.logs.targets(effect, resource, rec).then((targets) => c.logs.open(title, targets, Boolean(effect.previous)), flashError);
      break;
    }
    case 'shell':
    case 'attach':
      void c.shell.enter(effect.type, effect.target(rec));
      break;
    case 'port-forward':
      c.pf.open(effect.target(rec));
      break;
    case 'describe':
    case 'yaml':
      if (!c.services) store.flash('not connected yet', 'warn');
      else c.detail.open(effect.type, resource, rec);
      break;
    case 'edit':
      void c.edit(resource, rec);
      break;
    case 'stop-forward': {
      const forwards = c.services?.forwards;
      c.acts.confirm(`${cap.label.toLowerCase()} ${rec.name}`, [`Stop forwarding ${rec.name}?`, 'Connections through it are closed.'], () => {
        if (forwards?.stop(rec.name)) store.flash(`stopped forwarding ${rec.name}`);
      });
      break;
    }
    case 'switch-context':
      c.onSwitchContext?.(rec.name);
      break;
    case 'release-text':
      c.release.openText(resource, rec, effect.part, effect.storage);
      break;
    case 'release-history':
      c.release.openHistory(resource, rec, effect.storage, effect.rollback);
      break;
  }
  return true;
}
