import type { AppStore } from '../../store/app-store.js';
import type { PortForwards } from '../../store/forwards/port-forwards.js';
import type { ForwardChoice } from '../../store/forwards/port-forward-plan.js';
import type { ForwardSpec } from '../../resources/capabilities.js';
import { showKey } from '../../keys/key-event.js';
import type { Keymap } from '../../keys/commands.js';
import { Command } from '../../keys/commands.js';
import type { KeyEvent } from '../../keys/key-event.js';
import { useRefState } from './use-ref-state.js';
import { currentUid, proposeLocalPort } from '../../store/forwards/local-port.js';

export interface ForwardDialog {
  title: string;
  choices: ForwardChoice[];
  sel: number;
  /** The local port as typed; follows the selected port until the user edits it. */
  local: string;
  edited: boolean;
  error?: string;
  /** `<enter> forward   <esc> cancel`, from the user's bindings. */
  keys: string;
}

/** The local port proposed for a container port: the same one unless this user cannot bind it (80 → 8080). */
const proposed = (port: number | undefined): string => (port === undefined ? '' : String(proposeLocalPort(port, currentUid())));

/** Shift-F on a pod, container or service: pick the port, the local port (same by default), Enter starts. */
export function usePortForward(store: AppStore, forwards: PortForwards | undefined, keymap: Keymap) {
  const [get, set] = useRefState<ForwardDialog | undefined>(undefined);

  const open = (target: ForwardSpec) => {
    if (!forwards) return store.flash('not connected yet', 'warn');
    const name = 'pod' in target ? target.pod : `svc/${target.service}`;
    const keys = `${keymap.bindings[Command.DialogSubmit].map(showKey).join('/')} forward   ${keymap.bindings[Command.DialogCancel].map(showKey).join('/')} cancel`;
    forwards.plan(target).then(
      (plan) => {
        if (typeof plan === 'string') return store.flash(plan, 'warn');
        const first = plan[0];
        set({ title: `Port-forward ${target.namespace}/${name}`, choices: plan, sel: 0, local: proposed(first?.spec.port), edited: false, keys });
      },
      (e: unknown) => store.flash(e instanceof Error ? e.message : String(e), 'error'),
    );
  };

  const start = (d: ForwardDialog) => {
    const choice = d.choices[d.sel];
    const local = Number(d.local);
    if (!choice || !forwards) return;
    if (!/^\d+$/.test(d.local) || local < 1 || local > 65535) return set({ ...d, error: 'a local port from 1 to 65535' });
    set(undefined);
    void forwards.start({ ...choice.spec, localPort: local }).then((r) => store.flash(r.message, r.ok ? 'info' : 'error'));
  };

  /** Every key is the dialog's while it is open. */
  const handleKey = (e: KeyEvent): boolean => {
    const d = get();
    if (!d) return false;
    const select = (sel: number) => {
      const s = Math.max(0, Math.min(d.choices.length - 1, sel));
      set({ ...d, sel: s, local: d.edited ? d.local : proposed(d.choices[s]?.spec.port), error: undefined });
    };
    if (keymap.matches(Command.DialogCancel, e)) set(undefined);
    else if (keymap.matches(Command.DialogSubmit, e)) start(d);
    else if (keymap.matches(Command.Down, e)) select(d.sel + 1);
    else if (keymap.matches(Command.Up, e)) select(d.sel - 1);
    else if (e.backspace || e.delete) set({ ...d, local: d.local.slice(0, -1), edited: true, error: undefined });
    else if (/^\d$/.test(e.input)) set({ ...d, local: (d.edited ? d.local + e.input : e.input).slice(0, 5), edited: true, error: undefined });
    return true;
  };

  return { dialog: get, open, handleKey };
}
