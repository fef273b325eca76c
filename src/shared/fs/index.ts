export * from './file-system.js';
export { createNodeFileSystem } from './node-file-system.js';
export { createMemoryFileSystem, type MemoryFileSystem } from './memory-file-system.js';
export { resolveEnvoyProtoDirs, resolveProtoRoot } from './proto-paths.js';
