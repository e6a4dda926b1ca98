export { Storage, objectKey, qualifiedName } from './store.js';
export { objectJson } from './change.js';
export type { Admission, Listener, ListResult, StorageOptions } from './store.js';
export { gvrId, StorageError } from './types.js';
export type { ChangeType, Gvr, StoredEvent, StorageReason } from './types.js';
