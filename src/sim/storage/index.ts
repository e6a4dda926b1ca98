export { Storage } from './store.js';
export { cloneObject, copyJson } from './copy.js';
export { keyRange, lowerBound, objectKey, qualifiedName } from './keys.js';
export { listJson, objectJson } from './change.js';
export type { Admission,  ListResult,  WriteManager, WriteOptions } from './store.js';
export {  StorageError } from './types.js';
export type {   Gvr, StatusCause, StoredEvent,  } from './types.js';
