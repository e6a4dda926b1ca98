import { useApp } from 'ink';
import type { AppStore } from '../../store/app-store.js';
import type { EditService } from '../../store/actions/edit.js';
import { runEditor } from '../../store/actions/edit.js';
import type { ResourceDef, SlimBase } from '../../resources/types.js';

/** `e`: hand the terminal to $EDITOR on the object's YAML, then apply what was saved. */
export function useEdit(store: AppStore, service: EditService | undefined) {
  const { suspendTerminal } = useApp();
  return async (resource: ResourceDef, rec: SlimBase): Promise<void> => {
    if (!service) return store.flash('not connected yet', 'warn');
    const target = await service.prepare(resource, rec);
    if (typeof target === 'string') return store.flash(target, 'error');
    let code = 1;
    // The editor runs synchronously (spawnSync): the event loop is blocked meanwhile, so Node cannot race
    // it for keystrokes, and stdin is not paused (Ink resumes input by re-attaching its listener only).
    await suspendTerminal(async () => {
      code = runEditor(target.file);
    });
    const out = await service.finish(target, code);
    store.flash(out.message, out.ok ? 'info' : 'error');
  };
}
