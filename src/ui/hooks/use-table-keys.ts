import type { AppStore, Snapshot } from '../../store/app-store.js';
import type { Keymap } from '../../keys/commands.js';
import { Command } from '../../keys/commands.js';
import type { KeyEvent } from '../../keys/key-event.js';
import type { SortColumn } from '../../store/table/sort.js';
import { stepSortColumn } from '../../store/table/sort.js';
import type { Cursor } from './use-cursor.js';

/** Keys of the table view that talk to the store: drill-down, back, sort, favourite namespaces. */
/** `usage`: the metrics columns are shown, so `>`/`<` reach CPU and MEM. */
export function tableKeys(store: AppStore, snap: Snapshot, cursor: Cursor, keymap: Keymap, e: KeyEvent, wide = false, usage = false): boolean {
  const sortBy = (column: SortColumn) => {
    // age, CPU and memory start with the youngest / busiest first
    const desc = snap.sort.column === column ? !snap.sort.desc : column === 'age' || column === 'cpu' || column === 'memory';
    if (!store.setSort(column, desc)) store.flash(`cannot sort ${snap.view.resource.plural} by ${String(column)}`, 'warn');
  };
  if (keymap.matches(Command.Drill, e)) {
    const rec = cursor.selectedRow();
    if (rec && !store.drill(rec)) store.flash(`no drill-down from ${snap.view.resource.plural}`, 'warn');
    return true;
  }
  if (keymap.matches(Command.Back, e)) {
    if (!store.clearFilter()) store.back();
    return true;
  }
  if (keymap.matches(Command.SortName, e)) return sortBy('name'), true;
  if (keymap.matches(Command.SortAge, e)) return sortBy('age'), true;
  if (keymap.matches(Command.SortStatus, e)) return sortBy('status'), true;
  if (keymap.matches(Command.SortCpu, e)) return sortBy('cpu'), true;
  if (keymap.matches(Command.SortMemory, e)) return sortBy('memory'), true;
  if (keymap.matches(Command.SortNextColumn, e) || keymap.matches(Command.SortPrevColumn, e)) {
    const column = stepSortColumn(snap.sort, snap.view.resource, keymap.matches(Command.SortNextColumn, e) ? 1 : -1, wide, usage);
    if (!store.setSort(column, column === 'age')) store.flash(`cannot sort ${snap.view.resource.plural} by ${String(column)}`, 'warn');
    return true;
  }
  if (keymap.matches(Command.FavouriteNamespace, e)) {
    const digit = Number(e.input);
    if (!snap.view.resource.namespaced) store.flash(`${snap.view.resource.plural} are not namespaced`, 'warn');
    else if (!store.selectFavourite(digit)) store.flash(`no favourite namespace ${digit}`, 'warn');
    return true;
  }
  return false;
}
