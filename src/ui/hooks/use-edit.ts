import { useApp } from 'ink';
import type { AppStore } from '../../store/app-store.js';
import type { ActionService } from '../../store/actions/actions.js';
import { finishEdit, prepareEdit, runEditor } from '../../store/actions/edit.js';
import type { ResourceDef, SlimBase } from '../../resources/types.js';
import type { DetailLoader } from './use-detail.js';

/** `e`: hand the terminal to $EDITOR on the object's YAML, then apply what was saved. */
export function useEdit(store: AppStore, actions: ActionService | undefined, load: DetailLoader | undefined) {
  const { suspendTerminal } = useApp();
  return async (resource: ResourceDef, rec: SlimBase): Promise<void> => {
    if (!actions || !load) return store.flash('not connected yet', 'warn');
    const why = actions.disabled('edit', resource, rec);
    if (why) return store.flash(why, 'warn');
    let target;
    try {
      target = prepareEdit(resource, rec, (await load(resource, rec)).object);
    } catch (e) {
      return store.flash(e instanceof Error ? e.message : String(e), 'error');
    }
    let code = 1;
    // The editor runs synchronously (spawnSync): the event loop is blocked meanwhile, so Node cannot race
    // it for keystrokes, and stdin is not paused (Ink resumes input by re-attaching its listener only).
    await suspendTerminal(async () => {
      code = runEditor(target.file);
    });
    const out = await finishEdit(target, actions, code);
    store.flash(out.message, out.ok ? 'info' : 'error');
  };
}
