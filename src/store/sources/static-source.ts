import type { SlimBase } from '../../resources/types.js';
import type { Source, SourceState } from './source.js';

/** A Source over a fixed list (kubeconfig contexts): synced at once, never changes. */
export function staticSource(items: readonly SlimBase[]): Source {
  const state: SourceState = { phase: 'synced', since: Date.now(), attempt: 0 };
  return {
    state,
    version: 1,
    size: items.length,
    items: () => items[Symbol.iterator](),
    start: () => undefined,
    stop: () => undefined,
  };
}
