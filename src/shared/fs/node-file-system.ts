import { randomBytes } from 'node:crypto';
import { watch as watchPath, type FSWatcher } from 'node:fs';
import { link, mkdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import {
  dirnameOf,
  isNotFound,
  type FileSystem,
  type FileWatcher,
  type WatchOptions,
  type WriteOptions,
} from './file-system.js';

/** Default poll period of a watch: slow enough to cost nothing, fast enough for a rotation. */
const DEFAULT_POLL_MS = 5_000;
/** Default debounce: a tool replacing four files one after another finishes well within this. */
const DEFAULT_DEBOUNCE_MS = 100;

/** The FileSystem of the real machine, backed by node:fs. */
export function createNodeFileSystem(): FileSystem {
  return {
    readFile: (path) => readFile(path),
    readFileIfExists: async (path) => {
      try {
        return await readFile(path);
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    writeFileAtomic: async (path, data, options) => {
      const temporary = await writeTemporary(path, data, options);
      try {
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    writeFileExclusive: async (path, data, options) => {
      const temporary = await writeTemporary(path, data, options);
      try {
        // link(2) fails when the target exists: exclusive and atomic, unlike open(O_EXCL)+write.
        await link(temporary, path);
        return true;
      } catch (error) {
        if ((error as { code?: string }).code === 'EEXIST') return false;
        throw error;
      } finally {
        await unlink(temporary).catch(() => undefined);
      }
    },
    mkdir: async (path, options) => {
      await mkdir(path, {
        recursive: true,
        ...(options?.mode === undefined ? {} : { mode: options.mode }),
      });
    },
    remove: (path) => rm(path, { force: true }),
    watch: (paths, onChange, options) => watchFiles(paths, onChange, options ?? {}),
  };
}

/** Writes a sibling temporary file (same directory, so the rename stays on one file system). */
async function writeTemporary(
  path: string,
  data: string | Uint8Array,
  options: WriteOptions | undefined,
): Promise<string> {
  const temporary = `${dirnameOf(path)}/.${path.slice(dirnameOf(path).length + 1)}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, data, { mode: options?.mode ?? 0o644, flag: 'wx' });
  return temporary;
}

/** Watches the directories of the files (events) and their stat signatures (polling). */
function watchFiles(
  paths: readonly string[],
  onChange: () => void,
  options: WatchOptions,
): FileWatcher {
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const fire = (): void => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
  };
  const watchers = [...new Set(paths.map(dirnameOf))].flatMap((dir) => watchDirectory(dir, fire));
  let last = '';
  const poll = async (): Promise<void> => {
    const signature = await statSignature(paths);
    if (last !== '' && signature !== last) fire();
    last = signature;
  };
  void poll();
  const poller = setInterval(() => void poll(), options.pollIntervalMs ?? DEFAULT_POLL_MS);
  poller.unref();
  return {
    close: () => {
      closed = true;
      clearTimeout(timer);
      clearInterval(poller);
      for (const watcher of watchers) watcher.close();
    },
  };
}

function watchDirectory(dir: string, fire: () => void): FSWatcher[] {
  try {
    const watcher = watchPath(dir, { persistent: false }, fire);
    // A watched directory that disappears must not crash the process; polling still covers it.
    watcher.on('error', () => undefined);
    return [watcher];
  } catch {
    return [];
  }
}

async function statSignature(paths: readonly string[]): Promise<string> {
  const parts = await Promise.all(
    paths.map(async (path) => {
      try {
        const info = await stat(path);
        return `${info.ino}:${info.size}:${info.mtimeMs}`;
      } catch {
        return 'absent';
      }
    }),
  );
  return parts.join('|');
}
