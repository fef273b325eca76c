/**
 * The file-system capability that features receive through their context. Feature folders may not
 * import `node:fs` (lint), so everything they do with files goes through this interface: the real
 * implementation is {@link createNodeFileSystem}, tests use {@link createMemoryFileSystem}.
 */
export interface FileSystem {
  /** The bytes of a file; rejects when it cannot be read. */
  readFile(path: string): Promise<Buffer>;
  /** The bytes of a file, or undefined when it does not exist. */
  readFileIfExists(path: string): Promise<Buffer | undefined>;
  /** Replaces a file in one step (temporary file then rename), so readers never see half of it. */
  writeFileAtomic(path: string, data: string | Uint8Array, options?: WriteOptions): Promise<void>;
  /** Creates a file only if none exists, atomically; false when another writer was first. */
  writeFileExclusive(
    path: string,
    data: string | Uint8Array,
    options?: WriteOptions,
  ): Promise<boolean>;
  /** Creates a directory and its parents; succeeds when it already exists. */
  mkdir(path: string, options?: { mode?: number }): Promise<void>;
  /** Deletes a file; succeeds when it does not exist. */
  remove(path: string): Promise<void>;
  /** Calls `onChange` (debounced) when any of the files may have changed, until closed. */
  watch(paths: readonly string[], onChange: () => void, options?: WatchOptions): FileWatcher;
}

/** Options of a write. */
export interface WriteOptions {
  /** POSIX permission bits of a new file; 0o644 by default. */
  mode?: number;
}

/** Options of {@link FileSystem.watch}. */
export interface WatchOptions {
  /**
   * Also poll this often, because change events are lost on some volumes (Kubernetes Secret and
   * ConfigMap mounts swap a `..data` symlink, which inotify on the file itself does not see).
   */
  pollIntervalMs?: number;
  /** Coalesces a burst of events (several files replaced one after another) into one call. */
  debounceMs?: number;
}

/** A running watch. */
export interface FileWatcher {
  /** Stops watching. */
  close(): void;
}

/** Whether an error is "no such file" from any FileSystem implementation. */
export function isNotFound(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    (error as { code?: unknown }).code === 'ENOENT'
  );
}

/** Joins path segments with `/`, the only separator gangway's Linux targets use. */
export function joinPath(...segments: string[]): string {
  return segments
    .filter((segment) => segment.length > 0)
    .join('/')
    .replace(/\/{2,}/g, '/');
}

/** The directory part of a `/`-separated path. */
export function dirnameOf(path: string): string {
  const index = path.lastIndexOf('/');
  if (index < 0) return '.';
  return index === 0 ? '/' : path.slice(0, index);
}
