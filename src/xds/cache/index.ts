export * from './resource.js';
export * from './snapshot.js';
export * from './snapshot-cache.js';
export { findDanglingReferences, type DanglingReference } from './consistency.js';
