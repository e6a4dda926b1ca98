import type { AppStore } from '../app-store.js';
import type { ParsedCommand } from './command.js';

/**
 * Opens what a `:` command asked for: the kind, in its namespace (or all, or the current one), with its
 * `-l`/`-f` selector as the view's filter (a bad selector is flashed by the store and the view stays open).
 */
export function openViewCommand(store: AppStore, cmd: Extract<ParsedCommand, { type: 'view' }>): void {
  const current = store.getSnapshot().view.namespace;
  store.setView({ resource: cmd.resource, namespace: cmd.allNamespaces ? undefined : (cmd.namespace ?? current) });
  if (cmd.filter) store.setFilter(cmd.filter);
}
