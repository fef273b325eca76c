import { splitPemCertificates } from '../ca/crypto/cert-fields.js';
import type { FileSystem, FileWatcher } from '../shared/fs/file-system.js';
import type { Logger } from '../shared/logger.js';

/** The roots the agent pins, from the mounted `gangway-ca-root-cert` ConfigMap, followed on change. */
export interface PinnedRoots {
  /** The roots now; empty until loaded. */
  roots(): readonly string[];
  /** Reads the file; rejects when it is missing or holds no certificate. */
  load(): Promise<void>;
  /** Calls `listener` when the roots changed (a root rotation reached the pod). */
  onChange(listener: () => void): () => void;
  close(): void;
}

/** Builds the pinned roots over a file. */
export function createPinnedRoots(options: {
  files: FileSystem;
  path: string;
  logger: Logger;
}): PinnedRoots {
  let roots: string[] = [];
  let watcher: FileWatcher | undefined;
  const listeners = new Set<() => void>();
  const read = async (): Promise<boolean> => {
    const next = splitPemCertificates(
      (await options.files.readFile(options.path)).toString('utf8'),
    );
    if (next.length === 0) throw new Error(`${options.path} holds no certificate`);
    const changed = next.join('') !== roots.join('');
    roots = next;
    return changed;
  };
  return {
    roots: () => roots,
    load: async () => {
      await read();
      watcher ??= options.files.watch([options.path], () => {
        read().then(
          (changed) => {
            if (!changed) return;
            options.logger.info({ roots: roots.length }, 'pinned CA roots changed');
            for (const listener of listeners) listener();
          },
          // A ConfigMap volume update swaps a symlink; a read in between may fail. Keep the old roots.
          (error: unknown) =>
            options.logger.warn({ err: error }, 'could not re-read the pinned CA roots'),
        );
      });
    },
    onChange: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close: () => watcher?.close(),
  };
}
