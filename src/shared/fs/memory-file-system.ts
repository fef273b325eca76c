import type { FileSystem, FileWatcher, WriteOptions } from './file-system.js';

/** An in-memory FileSystem for tests, with the file modes recorded so tests can assert them. */
export interface MemoryFileSystem extends FileSystem {
  /** The stored files, path to content and mode. */
  readonly files: ReadonlyMap<string, { data: Buffer; mode: number }>;
}

/** Builds an in-memory file system; `initial` seeds it (path to content). */
export function createMemoryFileSystem(initial: Record<string, string> = {}): MemoryFileSystem {
  return new MemoryFs(initial);
}

class MemoryFs implements MemoryFileSystem {
  readonly files = new Map<string, { data: Buffer; mode: number }>();
  private readonly watchers = new Set<{ paths: readonly string[]; onChange: () => void }>();

  constructor(initial: Record<string, string>) {
    for (const [path, data] of Object.entries(initial)) this.put(path, data);
  }

  readFile(path: string): Promise<Buffer> {
    const data = this.read(path);
    if (data) return Promise.resolve(data);
    return Promise.reject(Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' }));
  }

  readFileIfExists(path: string): Promise<Buffer | undefined> {
    return Promise.resolve(this.read(path));
  }

  writeFileAtomic(path: string, data: string | Uint8Array, options?: WriteOptions): Promise<void> {
    this.put(path, data, options?.mode);
    return Promise.resolve();
  }

  writeFileExclusive(
    path: string,
    data: string | Uint8Array,
    options?: WriteOptions,
  ): Promise<boolean> {
    if (this.files.has(path)) return Promise.resolve(false);
    this.put(path, data, options?.mode);
    return Promise.resolve(true);
  }

  mkdir(): Promise<void> {
    return Promise.resolve();
  }

  remove(path: string): Promise<void> {
    if (this.files.delete(path)) this.notify(path);
    return Promise.resolve();
  }

  watch(paths: readonly string[], onChange: () => void): FileWatcher {
    const entry = { paths, onChange };
    this.watchers.add(entry);
    return { close: () => void this.watchers.delete(entry) };
  }

  private read(path: string): Buffer | undefined {
    const file = this.files.get(path);
    return file ? Buffer.from(file.data) : undefined;
  }

  private put(path: string, data: string | Uint8Array, mode = 0o644): void {
    this.files.set(path, { data: Buffer.from(data), mode });
    this.notify(path);
  }

  private notify(path: string): void {
    for (const watcher of this.watchers) {
      if (watcher.paths.includes(path)) queueMicrotask(watcher.onChange);
    }
  }
}
