import type { AppStore } from '../../store/app-store.js';
import type { Services } from '../../store/services.js';
import type { HelmRevision } from '../../store/helm/service.js';
import { who } from '../../store/actions/actions.js';
import type { ActionId } from '../../store/actions/actions.js';
import type { Effect, ResourceDef, SlimBase } from '../../resources/types.js';
import type { Keymap } from '../../keys/commands.js';
import { Command } from '../../keys/commands.js';
import { showKey } from '../../keys/key-event.js';
import type { KeyEvent } from '../../keys/key-event.js';
import { useRefState } from './use-ref-state.js';

type Storage = Extract<Effect<SlimBase>, { type: 'release-text' }>['storage'];
type Part = Extract<Effect<SlimBase>, { type: 'release-text' }>['part'];

interface Subject {
  resource: ResourceDef;
  rec: SlimBase;
  storage: Storage;
}

export type ReleaseState =
  | ({ kind: 'text'; title: string; part: Part; all: boolean; computable: boolean; lines: string[]; top: number; loading: boolean; error?: string } & Subject)
  | ({ kind: 'history'; title: string; keys: string; rollback: ActionId; loading: boolean; error?: string; revisions: HelmRevision[]; sel: number; diffTop: number } & Subject);

const keyOf = (keymap: Keymap, cmd: Command): string => keymap.bindings[cmd].map(showKey).join('/');

/**
 * A helm release's own screens (`:helm`): its values (`a`: user-supplied or computed), manifest and notes as
 * scrollable text, and its history (`u`) with the values and manifest diff to the selected revision, where
 * Enter asks before rolling back. The rollback itself is a kube action run by the ActionService.
 */
export function useRelease(store: AppStore, services: Services | undefined, keymap: Keymap, pageSize: number, confirm: (title: string, lines: string[], run: () => void) => void) {
  const [get, set] = useRefState<ReleaseState | undefined>(undefined);
  const page = Math.max(1, pageSize);
  const flashError = (e: unknown) => store.flash(e instanceof Error ? e.message : String(e), 'error');

  const loadText = (s: Extract<ReleaseState, { kind: 'text' }>) => {
    const helm = services?.helm;
    if (!helm) return;
    helm.text(s.rec, s.storage, s.part, s.all).then((t) => {
      const d = get();
      if (d?.kind !== 'text' || d.rec.key !== s.rec.key || d.part !== s.part || d.all !== s.all) return;
      set(t.ok ? { ...d, loading: false, lines: t.lines, computable: t.computable, error: undefined } : { ...d, loading: false, error: t.message });
    }, flashError);
  };

  const openText = (resource: ResourceDef, rec: SlimBase, part: Part, storage: Storage) => {
    if (!services?.helm) return store.flash('not connected yet', 'warn');
    const s: ReleaseState = { kind: 'text', title: `${part}(${rec.namespace ? `${rec.namespace}/` : ''}${rec.name})`, part, all: false, computable: false, lines: [], top: 0, loading: true, resource, rec, storage };
    set(s);
    loadText(s);
  };

  const openHistory = (resource: ResourceDef, rec: SlimBase, storage: Storage, rollback: ActionId) => {
    const helm = services?.helm;
    if (!helm) return store.flash('not connected yet', 'warn');
    const keys = `${keyOf(keymap, Command.Down)} choose   ${keyOf(keymap, Command.DialogSubmit)} roll back   ${keyOf(keymap, Command.PageDown)} scroll diff   ${keyOf(keymap, Command.DialogCancel)} close`;
    set({ kind: 'history', title: `history(${rec.namespace ? `${rec.namespace}/` : ''}${rec.name})`, keys, rollback, loading: true, revisions: [], sel: 0, diffTop: 0, resource, rec, storage });
    helm.history(rec, storage).then((h) => {
      const d = get();
      if (d?.kind !== 'history' || d.rec.key !== rec.key) return;
      if (!h.ok) return set({ ...d, loading: false, error: h.message });
      set({ ...d, loading: false, revisions: h.revisions, sel: Math.max(0, h.revisions.findIndex((r) => r.current)) });
    }, flashError);
  };

  const rollBack = (d: Extract<ReleaseState, { kind: 'history' }>) => {
    const target = d.revisions[d.sel];
    const actions = services?.actions;
    if (!target || !actions) return;
    if (target.current) return store.flash(`revision ${target.revision} is the current one`, 'warn');
    if (keymap.readonly) return store.flash('read-only mode: rollback is disabled', 'warn');
    const name = who(d.resource, d.rec);
    confirm(`rollback ${name}`, [`Roll ${name} back to revision ${target.revision} (${target.chart})?`, `As helm rollback: its manifest is applied, objects it lacks are deleted, and revision ${(d.revisions[0]?.revision ?? 0) + 1} is recorded as "Rollback to ${target.revision}".`], () => {
      set(undefined);
      store.flash(`rolling back ${name} to revision ${target.revision}…`);
      actions.run(d.rollback, d.resource, d.rec, { storage: d.storage, toRevision: target.revision } as never).then((o) => store.flash(o.message, o.ok ? 'info' : 'error'), flashError);
    });
  };

  const scroll = (d: Extract<ReleaseState, { kind: 'text' }>, to: number) => set({ ...d, top: Math.max(0, Math.min(to, Math.max(0, d.lines.length - page))) });

  /** Every key is the release screen's while it is open. */
  const handleKey = (e: KeyEvent): boolean => {
    const d = get();
    if (!d) return false;
    if (d.kind === 'text') {
      if (keymap.matches(Command.Back, e)) set(undefined);
      else if (keymap.matches(Command.Down, e)) scroll(d, d.top + 1);
      else if (keymap.matches(Command.Up, e)) scroll(d, d.top - 1);
      else if (keymap.matches(Command.PageDown, e)) scroll(d, d.top + page);
      else if (keymap.matches(Command.PageUp, e)) scroll(d, d.top - page);
      else if (keymap.matches(Command.Top, e)) scroll(d, 0);
      else if (keymap.matches(Command.Bottom, e)) scroll(d, d.lines.length);
      else if (d.part === 'values' && keymap.matches(Command.ComputedValues, e)) {
        if (!d.computable) store.flash("the release record does not carry the chart's values: only the user-supplied ones are known", 'warn');
        else {
          const next = { ...d, all: !d.all, loading: true, top: 0 };
          set(next);
          loadText(next);
        }
      }
      return true;
    }
    if (keymap.matches(Command.DialogCancel, e)) set(undefined);
    else if (keymap.matches(Command.Down, e)) set({ ...d, sel: Math.min(d.sel + 1, d.revisions.length - 1), diffTop: 0 });
    else if (keymap.matches(Command.Up, e)) set({ ...d, sel: Math.max(0, d.sel - 1), diffTop: 0 });
    else if (keymap.matches(Command.PageDown, e)) set({ ...d, diffTop: d.diffTop + page });
    else if (keymap.matches(Command.PageUp, e)) set({ ...d, diffTop: Math.max(0, d.diffTop - page) });
    else if (keymap.matches(Command.DialogSubmit, e)) rollBack(d);
    return true;
  };

  return { get, openText, openHistory, handleKey, diff: (a: HelmRevision, b: HelmRevision) => services?.helm?.diff(a, b) ?? [] };
}
