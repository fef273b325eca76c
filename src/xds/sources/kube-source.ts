import { createSilentLogger, type Logger } from '../../shared/logger.js';
import {
  CONFIG_KINDS,
  parseConfigObjects,
  type ConfigKind,
  type ConfigProblem,
  type ConfigSet,
} from '../model/config-set.js';
import { createListeners, type ConfigSource } from './config-source.js';

/**
 * One kind's watch, as an informer offers it: a cache that lists, and a change callback. The real
 * one wraps @kubernetes/client-node's informer (see kube-informers.ts); tests pass a fake.
 */
export interface ObjectWatch {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Every object in the cache now. */
  list(): readonly unknown[];
  /** Called on every add, update and delete. */
  onChange(listener: () => void): void;
  /**
   * Whether the cache has been filled by a successful list (a start can end with the API server
   * unreachable, and the watch retrying). Without it, a started watch counts as listed.
   */
  listed?(): boolean;
}

/** Makes the watch of a kind, or undefined when the cluster does not serve it (a missing CRD). */
export type WatchFactory = (kind: ConfigKind) => ObjectWatch | undefined;

/** Options of {@link createKubeSource}. */
export interface KubeSourceOptions {
  readonly watches: WatchFactory;
  /** Only these namespaces (plus the root namespace) count; all when unset. */
  readonly namespaces?: readonly string[];
  readonly logger?: Logger;
}

/** A Kubernetes-backed source; `synced()` is true once every watch has started and listed. */
export interface KubeSource extends ConfigSource {
  synced(): boolean;
}

/**
 * Mesh config from Kubernetes watches, one per kind. Informer list items carry no `kind`, so it is
 * set from the watch; the config set is rebuilt lazily after a change, not on every event.
 */
export async function createKubeSource(options: KubeSourceOptions): Promise<KubeSource> {
  const logger = options.logger ?? createSilentLogger();
  const listeners = createListeners();
  const watches = new Map<ConfigKind, ObjectWatch>();
  for (const kind of CONFIG_KINDS) {
    const watch = options.watches(kind);
    if (watch) watches.set(kind, watch);
  }
  let cached: { config: ConfigSet; problems: ConfigProblem[] } | undefined;
  let synced = false;
  const allowed = options.namespaces ? new Set(options.namespaces) : undefined;
  const inScope = (object: unknown): boolean => {
    if (!allowed) return true;
    const ns = (object as { metadata?: { namespace?: string } }).metadata?.namespace;
    return ns === undefined || allowed.has(ns);
  };
  const rebuild = (): { config: ConfigSet; problems: ConfigProblem[] } => {
    const objects = [...watches].flatMap(([kind, watch]) =>
      watch
        .list()
        .filter(inScope)
        .map((object) => ({ ...(object as object), kind })),
    );
    const parsed = parseConfigObjects(objects, 'kubernetes');
    for (const problem of parsed.problems) logger.warn({ problem }, 'mesh config object skipped');
    return parsed;
  };
  for (const watch of watches.values()) {
    watch.onChange(() => {
      cached = undefined;
      listeners.emit();
    });
  }
  await startWatches(watches, logger);
  synced = true;
  return {
    current: () => (cached ??= rebuild()).config,
    problems: () => (cached ??= rebuild()).problems,
    onChange: (listener) => listeners.add(listener),
    synced: () => synced && [...watches.values()].every((watch) => watch.listed?.() !== false),
    close: async () => {
      await Promise.all([...watches.values()].map((watch) => watch.stop()));
    },
  };
}

/** Starts every watch; a kind the cluster does not serve (an Istio CRD not installed) is dropped. */
async function startWatches(watches: Map<ConfigKind, ObjectWatch>, logger: Logger): Promise<void> {
  await Promise.all(
    [...watches].map(([kind, watch]) =>
      watch.start().catch((error: unknown) => {
        logger.warn({ kind, error: String(error) }, 'mesh config kind not watched');
        watches.delete(kind);
      }),
    ),
  );
  logger.info({ watched: [...watches.keys()] }, 'mesh config watches started');
}
