import { parseAllDocuments } from 'yaml';
import type { FileSystem, FileWatcher } from '../../shared/fs/index.js';
import { createSilentLogger, type Logger } from '../../shared/logger.js';
import {
  emptyConfigSet,
  mergeConfigSets,
  parseConfigObjects,
  type ConfigProblem,
  type ConfigSet,
} from '../model/config-set.js';
import { createListeners, type ConfigSource } from './config-source.js';

/**
 * The file access the YAML directory source needs: the shared FileSystem's read and watch, plus a
 * listing (the lead's node implementation is a recursive readdir; tests use an in-memory one).
 */
export interface YamlDirectoryFs extends Pick<FileSystem, 'readFile' | 'watch'> {
  /** Paths of every file under a directory (recursively), or rejects when it does not exist. */
  listFiles(dir: string): Promise<string[]>;
}

/** Options of {@link createYamlDirectorySource}. */
export interface YamlDirectoryOptions {
  readonly fs: YamlDirectoryFs;
  readonly dir: string;
  readonly logger?: Logger;
  /** Poll period of the watch; volume mounts lose change events (see WatchOptions). */
  readonly pollIntervalMs?: number;
}

/** A YAML directory source; `reload()` re-reads now (the watch calls it too). */
export interface YamlDirectorySource extends ConfigSource {
  reload(): Promise<void>;
}

const CONFIG_FILE = /\.(ya?ml|json)$/i;

interface FileState {
  readonly text: string;
  readonly config: ConfigSet;
  readonly problems: ConfigProblem[];
}

/**
 * Serves the mesh config written as YAML (or JSON) files in a directory, multi-document files
 * included, and hot-reloads on change. A file that stops parsing keeps its last good content and
 * reports a problem, so a half-saved edit never empties the mesh.
 */
export async function createYamlDirectorySource(
  options: YamlDirectoryOptions,
): Promise<YamlDirectorySource> {
  const source = new YamlDirectory(options);
  await source.load();
  return source;
}

class YamlDirectory implements YamlDirectorySource {
  private readonly logger: Logger;
  private readonly listeners = createListeners();
  private files = new Map<string, FileState>();
  private config = emptyConfigSet();
  private found: ConfigProblem[] = [];
  private watcher: FileWatcher | undefined;
  private closed = false;
  private reloading: Promise<void> = Promise.resolve();

  constructor(private readonly options: YamlDirectoryOptions) {
    this.logger = options.logger ?? createSilentLogger();
  }

  current(): ConfigSet {
    return this.config;
  }

  problems(): readonly ConfigProblem[] {
    return this.found;
  }

  onChange(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  reload(): Promise<void> {
    this.reloading = this.reloading.then(async () => {
      if (!this.closed && (await this.load())) this.listeners.emit();
    });
    return this.reloading;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.close();
    await this.reloading;
  }

  /** Re-reads the directory; true when any file changed. */
  async load(): Promise<boolean> {
    const { fs, dir } = this.options;
    const listed = await fs.listFiles(dir).catch(() => []);
    const paths = listed.filter((p) => CONFIG_FILE.test(p)).sort();
    const next = new Map<string, FileState>();
    for (const path of paths) next.set(path, await readFileState(fs, path, this.files.get(path)));
    const changed =
      next.size !== this.files.size ||
      [...next].some(([p, s]) => this.files.get(p)?.text !== s.text);
    this.files = next;
    this.config = mergeConfigSets([...next.values()].map((s) => s.config));
    this.found = [...next.values()].flatMap((s) => s.problems);
    if (changed)
      for (const problem of this.found) this.logger.warn({ problem }, 'mesh config object skipped');
    this.rewatch(paths);
    return changed;
  }

  /** Watches the files and the directory itself (a new file changes the directory). */
  private rewatch(paths: string[]): void {
    this.watcher?.close();
    if (this.closed) return;
    const { pollIntervalMs } = this.options;
    const watchOptions = pollIntervalMs ? { pollIntervalMs } : {};
    const onChange = (): void => void this.reload();
    this.watcher = this.options.fs.watch(
      [...paths, `${this.options.dir}/.`],
      onChange,
      watchOptions,
    );
  }
}

async function readFileState(
  fs: YamlDirectoryFs,
  path: string,
  previous: FileState | undefined,
): Promise<FileState> {
  const text = (await fs.readFile(path).catch(() => Buffer.from(''))).toString('utf8');
  if (previous?.text === text) return previous;
  const documents = parseAllDocuments(text);
  const syntax = (Array.isArray(documents) ? documents : [documents]).flatMap((d) => d.errors);
  if (syntax.length > 0) {
    const problem: ConfigProblem = {
      kind: '(file)',
      name: path,
      namespace: '',
      message: syntax[0]!.message,
      source: path,
    };
    return { text, config: previous?.config ?? emptyConfigSet(), problems: [problem] };
  }
  const objects = (Array.isArray(documents) ? documents : [documents]).map(
    (d) => d.toJS() as unknown,
  );
  const parsed = parseConfigObjects(objects, path);
  return { text, config: parsed.config, problems: parsed.problems };
}
