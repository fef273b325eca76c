import { emptyConfigSet, type ConfigProblem, type ConfigSet } from '../model/config-set.js';

/**
 * Where mesh config comes from: a directory of YAML, Kubernetes watches, or a fixed set in tests.
 * Translation reads `current()`; the publisher re-translates (debounced) on `onChange`.
 */
export interface ConfigSource {
  /** The config as it is now. */
  current(): ConfigSet;
  /** Objects the source could not read, from its last load. */
  problems(): readonly ConfigProblem[];
  /** Calls the listener after each change; returns the function that unsubscribes. */
  onChange(listener: () => void): () => void;
  /** Stops watching. */
  close(): Promise<void>;
}

/** A tiny listener set shared by the sources. */
export function createListeners(): { add(listener: () => void): () => void; emit(): void } {
  const listeners = new Set<() => void>();
  return {
    add(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit() {
      for (const listener of [...listeners]) listener();
    },
  };
}

/** A source over a config set the caller replaces, for tests, benchmarks and embedding. */
export interface StaticConfigSource extends ConfigSource {
  /** Replaces the config and notifies. */
  set(config: ConfigSet, problems?: readonly ConfigProblem[]): void;
}

/** Builds a static source. */
export function createStaticSource(initial: ConfigSet = emptyConfigSet()): StaticConfigSource {
  let config = initial;
  let problems: readonly ConfigProblem[] = [];
  const listeners = createListeners();
  return {
    current: () => config,
    problems: () => problems,
    onChange: (listener) => listeners.add(listener),
    close: async () => undefined,
    set(next, nextProblems = []) {
      config = next;
      problems = nextProblems;
      listeners.emit();
    },
  };
}
