import { useSyncExternalStore } from 'react';
import type { AppStore, Snapshot } from '../../store/app-store.js';

export function useSnapshot(store: AppStore): Snapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
