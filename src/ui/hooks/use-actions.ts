import type { AppStore } from '../../store/app-store.js';
import type { ActionId, ActionService, RevisionInfo } from '../../store/actions/actions.js';
import { who } from '../../store/actions/actions.js';
import type { Capability, Effect, RevisionStrategy } from '../../resources/capabilities.js';
import type { ResourceDef, SlimBase } from '../../resources/types.js';
import type { Keymap } from '../../keys/commands.js';
import { Command } from '../../keys/commands.js';
import { showKey } from '../../keys/key-event.js';
import type { KeyEvent } from '../../keys/key-event.js';
import { useRefState } from './use-ref-state.js';

interface Subject {
  resource: ResourceDef;
  rec: SlimBase;
}
export type Dialog =
  | { kind: 'confirm'; title: string; lines: string[]; keys: string; run: () => void }
  | ({ kind: 'scale'; title: string; text: string; keys: string; /** The prefilled value is selected: typing replaces it. */ fresh: boolean; error?: string } & Subject)
  | ({ kind: 'history'; title: string; keys: string; loading: boolean; error?: string; revisions: RevisionInfo[]; sel: number; strategy: RevisionStrategy } & Subject);

const MAX_SCALE = 10_000;

/** `<y> confirm   <n>/<esc> cancel`, from the user's bindings. */
function keysLine(keymap: Keymap, pairs: [Command, string][]): string {
  return pairs
    .map(([cmd, what]) => `${keymap.bindings[cmd].map(showKey).join('/')} ${what}`)
    .join('   ');
}

/**
 * The dialogs a kind's capabilities open (confirmations, the scale input, rollout history with a diff)
 * and the verbs they run. Every key goes through the keymap's dialog commands.
 */
export function useActions(store: AppStore, service: ActionService | undefined, keymap: Keymap) {
  const [get, set] = useRefState<Dialog | undefined>(undefined);

  const run = <K extends ActionId>(id: K, s: Subject, extra: object, doing: string) => {
    if (!service) return;
    store.flash(`${doing} ${who(s.resource, s.rec)}…`);
    service.run(id, s.resource, s.rec, extra as never).then(
      (o) => store.flash(o.message, o.ok ? 'info' : 'error'),
      (e: unknown) => store.flash(e instanceof Error ? e.message : String(e), 'error'),
    );
  };

  const confirmKeys = () => keysLine(keymap, [[Command.Confirm, 'confirm'], [Command.Deny, 'cancel']]);
  const confirm = (title: string, lines: string[], action: () => void) => set({ kind: 'confirm', title, lines, keys: confirmKeys(), run: action });

  const history = (s: Subject, strategy: RevisionStrategy) => {
    if (!service) return;
    const title = `rollout history ${who(s.resource, s.rec)}`;
    const keys = keysLine(keymap, [[Command.Down, 'choose'], [Command.DialogSubmit, 'roll back'], [Command.DialogCancel, 'close']]);
    set({ kind: 'history', title, keys, loading: true, revisions: [], sel: 0, strategy, ...s });
    service.history(s.resource, s.rec, strategy).then(
      (o) => {
        const d = get();
        if (d?.kind !== 'history' || d.rec.key !== s.rec.key) return;
        if (!o.ok || !o.value) return set({ ...d, loading: false, error: o.message });
        const revisions = o.value;
        set({ ...d, loading: false, revisions, sel: Math.max(0, revisions.findIndex((r) => r.current)) });
      },
      (e: unknown) => store.flash(e instanceof Error ? e.message : String(e), 'error'),
    );
  };

  /** Runs a capability whose effect is a cluster action, a scale or a rollback (the others are not dialogs). */
  const start = (c: Capability, effect: Extract<Effect<SlimBase>, { type: 'action' | 'scale' | 'rollback' }>, s: Subject) => {
    if (!service) return store.flash('not connected yet', 'warn');
    const name = who(s.resource, s.rec);
    switch (effect.type) {
      case 'scale': {
        const keys = keysLine(keymap, [[Command.DialogSubmit, 'scale'], [Command.DialogCancel, 'cancel']]);
        return set({ kind: 'scale', title: `scale ${name}`, text: String(effect.replicas(s.rec)), keys, fresh: true, ...s });
      }
      case 'rollback':
        return history(s, effect.revisions);
      case 'action': {
        const go = () => run(effect.action, s, effect.args ?? {}, c.label.toLowerCase().replace(/e$/, '') + 'ing');
        return effect.confirm ? confirm(`${c.label.toLowerCase()} ${name}`, effect.confirm(name), go) : go();
      }
    }
  };

  const scaleKey = (d: Extract<Dialog, { kind: 'scale' }>, e: KeyEvent) => {
    if (keymap.matches(Command.DialogCancel, e)) return set(undefined);
    if (keymap.matches(Command.DialogSubmit, e)) {
      if (!/^\d+$/.test(d.text)) return set({ ...d, error: `replicas must be a whole number from 0 to ${MAX_SCALE}` });
      const n = Number(d.text);
      if (n > MAX_SCALE) return set({ ...d, error: `replicas must be at most ${MAX_SCALE}` });
      set(undefined);
      return run('scale', d, { replicas: n }, `scaling to ${n}:`);
    }
    if (e.backspace || e.delete) return set({ ...d, text: d.fresh ? '' : d.text.slice(0, -1), fresh: false, error: undefined });
    if (e.ctrl || e.meta || !e.input) return;
    // a typed value replaces the prefilled one; anything but digits is refused with the reason, not dropped
    if (!/^\d+$/.test(e.input)) return set({ ...d, error: `"${e.input}": replicas are a whole number from 0 to ${MAX_SCALE} (no sign, point or exponent)` });
    set({ ...d, text: ((d.fresh ? '' : d.text) + e.input).slice(0, 6), fresh: false, error: undefined });
  };

  const historyKey = (d: Extract<Dialog, { kind: 'history' }>, e: KeyEvent) => {
    if (keymap.matches(Command.DialogCancel, e)) return set(undefined);
    if (keymap.matches(Command.Down, e)) return set({ ...d, sel: Math.min(d.sel + 1, d.revisions.length - 1) });
    if (keymap.matches(Command.Up, e)) return set({ ...d, sel: Math.max(0, d.sel - 1) });
    if (!keymap.matches(Command.DialogSubmit, e)) return;
    const target = d.revisions[d.sel];
    if (!target) return;
    if (target.current) return store.flash(`revision ${target.revision} is the current one`, 'warn');
    const name = who(d.resource, d.rec);
    confirm(`rollback ${name}`, [`Roll ${name} back to revision ${target.revision}?`, target.changeCause ? `(${target.changeCause})` : ''], () =>
      run('undo', d, { revisions: d.strategy, toRevision: target.revision }, `rolling back to revision ${target.revision}:`),
    );
  };

  /** Every key is the dialog's while one is open. */
  const dialogKey = (e: KeyEvent): boolean => {
    const d = get();
    if (!d) return false;
    if (d.kind === 'confirm') {
      if (keymap.matches(Command.Confirm, e)) {
        set(undefined);
        d.run();
      } else if (keymap.matches(Command.Deny, e)) set(undefined);
    } else if (d.kind === 'scale') scaleKey(d, e);
    else historyKey(d, e);
    return true;
  };

  return { dialog: get, start, confirm, dialogKey, diff: (a: RevisionInfo, b: RevisionInfo) => service?.diff(a, b) ?? [] };
}
