export { Storage } from './store.js';
export { keyRange, lowerBound, objectKey, qualifiedName } from './keys.js';
export { objectJson } from './change.js';
export type { Admission, Listener, ListResult, StorageOptions, WriteManager, WriteOptions } from './store.js';
export { gvrId, StorageError } from './types.js';
export type { ChangeType, ErrorDetails, Gvr, StatusCause, StoredEvent, StorageReason } from './types.js';
