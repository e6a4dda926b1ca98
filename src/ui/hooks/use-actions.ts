import type { AppStore } from '../../store/app-store.js';
import type { ActionId, ActionService, RevisionInfo } from '../../store/actions/actions.js';
import type { ResourceDef, SlimBase } from '../../resources/types.js';
import type { Keymap } from '../../keys/commands.js';
import { Command, actionKeys } from '../../keys/commands.js';
import type { KeyEvent } from '../../keys/key-event.js';
import { useRefState } from './use-ref-state.js';

interface Subject {
  resource: ResourceDef;
  rec: SlimBase;
}
export type Dialog =
  | { kind: 'confirm'; title: string; lines: string[]; run: () => void }
  | ({ kind: 'scale'; title: string; text: string; error?: string } & Subject)
  | ({ kind: 'history'; title: string; loading: boolean; error?: string; revisions: RevisionInfo[]; sel: number } & Subject);

const who = (s: Subject) => `${s.resource.singular} ${s.rec.namespace ? `${s.rec.namespace}/` : ''}${s.rec.name}`;

/** Action keys on the table and the dialogs they open (scale, rollback with diff, confirmations). */
export function useActions(store: AppStore, service: ActionService | undefined, keymap: Keymap) {
  const [get, set] = useRefState<Dialog | undefined>(undefined);

  const run = <K extends ActionId>(id: K, s: Subject, extra: object, doing: string) => {
    if (!service) return;
    store.flash(`${doing} ${who(s)}…`);
    service.run(id, s.resource, s.rec, extra as never).then(
      (o) => store.flash(o.message, o.ok ? 'info' : 'error'),
      (e: unknown) => store.flash(e instanceof Error ? e.message : String(e), 'error'),
    );
  };

  const confirm = (title: string, lines: string[], action: () => void) => set({ kind: 'confirm', title, lines, run: action });

  const start = (id: string, s: Subject) => {
    const spec = service?.spec(id as ActionId);
    if (!service || !spec) return;
    switch (id) {
      case 'scale':
        return set({ kind: 'scale', title: `scale ${who(s)}`, text: String((s.rec as SlimBase & { desired?: number }).desired ?? ''), ...s });
      case 'undo': {
        set({ kind: 'history', title: `rollout history ${who(s)}`, loading: true, revisions: [], sel: 0, ...s });
        service.history(s.resource, s.rec).then((o) => {
          const d = get();
          if (d?.kind !== 'history' || d.rec.key !== s.rec.key) return;
          if (!o.ok || !o.value) return set({ ...d, loading: false, error: o.message });
          const revisions = o.value;
          const current = Math.max(0, revisions.findIndex((r) => r.current));
          set({ ...d, loading: false, revisions, sel: current });
        }, (e: unknown) => store.flash(e instanceof Error ? e.message : String(e), 'error'));
        return;
      }
      case 'delete':
        return confirm(`delete ${who(s)}`, [`Delete ${who(s)}?`, 'Pods are stopped gracefully; owned objects are deleted in the background.'], () =>
          run('delete', s, {}, 'deleting'),
        );
      case 'kill':
        return confirm(`kill ${who(s)}`, [`Kill ${who(s)} now, with no grace period?`], () => run('kill', s, {}, 'killing'));
      case 'drain':
        return confirm(`drain ${who(s)}`, [`Drain ${who(s)}?`, 'Cordons it, then evicts its pods (DaemonSet pods stay).'], () => run('drain', s, {}, 'draining'));
      default:
        if (spec.dangerous) return confirm(`${spec.label.toLowerCase()} ${who(s)}`, [`${spec.label} ${who(s)}?`], () => run(id as ActionId, s, {}, spec.verb));
        return run(id as ActionId, s, {}, spec.verb);
    }
  };

  /** A table key that starts an action: the first action bound to it that applies to this kind. */
  const tableKey = (e: KeyEvent, resource: ResourceDef, rec: SlimBase | undefined): boolean => {
    for (const [cmd, ids] of Object.entries(actionKeys) as [Command, readonly string[]][]) {
      if (!keymap.matches(cmd, e)) continue;
      if (!service) return store.flash('not connected yet', 'warn'), true;
      const candidates = ids.filter((id) => service.spec(id as ActionId)?.kinds.some((k) => k === '*' || k === resource.plural));
      if (candidates.length === 0) return store.flash(`${ids.join('/')} does not apply to ${resource.plural}`, 'warn'), true;
      const id = candidates[0] as ActionId;
      const why = service.disabled(id, resource, rec);
      if (why || !rec) return store.flash(why ?? `no ${resource.singular} selected`, 'warn'), true;
      start(id, { resource, rec });
      return true;
    }
    return false;
  };

  /** Keys while a dialog is open; every key is the dialog's. */
  const dialogKey = (e: KeyEvent): boolean => {
    const d = get();
    if (!d) return false;
    if (d.kind === 'confirm') {
      if (keymap.matches(Command.Confirm, e)) {
        set(undefined);
        d.run();
      } else if (keymap.matches(Command.Deny, e)) set(undefined);
      return true;
    }
    if (d.kind === 'scale') {
      if (e.escape) set(undefined);
      else if (e.return) {
        const n = Number(d.text);
        if (!/^\d+$/.test(d.text) || n > 10000) return set({ ...d, error: 'a whole number from 0 to 10000' }), true;
        set(undefined);
        run('scale', d, { replicas: n }, `scaling to ${n}:`);
      } else if (e.backspace || e.delete) set({ ...d, text: d.text.slice(0, -1), error: undefined });
      else if (/^\d+$/.test(e.input)) set({ ...d, text: (d.text + e.input).slice(0, 5), error: undefined });
      return true;
    }
    // history
    if (e.escape) set(undefined);
    else if (keymap.matches(Command.Down, e)) set({ ...d, sel: Math.min(d.sel + 1, d.revisions.length - 1) });
    else if (keymap.matches(Command.Up, e)) set({ ...d, sel: Math.max(0, d.sel - 1) });
    else if (e.return) {
      const target = d.revisions[d.sel];
      if (!target) return true;
      if (target.current) return store.flash(`revision ${target.revision} is the current one`, 'warn'), true;
      confirm(`rollback ${who(d)}`, [`Roll ${who(d)} back to revision ${target.revision}?`, target.changeCause ? `(${target.changeCause})` : ''], () =>
        run('undo', d, { toRevision: target.revision }, `rolling back to revision ${target.revision}:`),
      );
    }
    return true;
  };

  return { dialog: get(), tableKey, dialogKey, diff: (a: RevisionInfo, b: RevisionInfo) => service?.diff(a, b) ?? [] };
}
