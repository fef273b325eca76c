import type {
  ConfigMapApi,
  ConfigMapRecord,
  LeaseApi,
  LeaseRecord,
  NamespaceApi,
  NamespaceEvent,
  SecretApi,
  SecretRecord,
  WatchEvent,
} from './apis.js';

/**
 * An in-memory stand-in for the parts of the Kubernetes API the CA uses, with resourceVersion
 * concurrency and watch events, for tests (no API server runs there). It implements exactly the
 * interfaces the real client code implements, so the code under test cannot tell the difference.
 */
export interface MemoryKube {
  secrets: SecretApi;
  configMaps: ConfigMapApi;
  namespaces: NamespaceApi;
  leases: LeaseApi;
  /** Adds a namespace and tells the watchers. */
  addNamespace(name: string): void;
  /** Deletes a ConfigMap behind the controller's back, as a user would. */
  deleteConfigMap(namespace: string, name: string): void;
  /** Overwrites a ConfigMap's data behind the controller's back. */
  editConfigMap(namespace: string, name: string, data: Record<string, string>): void;
  /** The stored ConfigMap, for assertions. */
  configMap(namespace: string, name: string): ConfigMapRecord | undefined;
}

interface Stored<T> {
  value: T;
  resourceVersion: string;
}

/** A versioned object table with compare-and-swap semantics. */
function createTable<T>() {
  const objects = new Map<string, Stored<T>>();
  let version = 0;
  const key = (namespace: string, name: string): string => `${namespace}/${name}`;
  return {
    read: (namespace: string, name: string) => objects.get(key(namespace, name)),
    create: (namespace: string, name: string, value: T): 'created' | 'exists' => {
      if (objects.has(key(namespace, name))) return 'exists';
      objects.set(key(namespace, name), { value, resourceVersion: String(++version) });
      return 'created';
    },
    replace: (namespace: string, name: string, value: T, expected: string | undefined) => {
      const current = objects.get(key(namespace, name));
      if (!current) return 'missing' as const;
      if (expected !== undefined && expected !== current.resourceVersion)
        return 'conflict' as const;
      objects.set(key(namespace, name), { value, resourceVersion: String(++version) });
      return 'replaced' as const;
    },
    delete: (namespace: string, name: string) => objects.delete(key(namespace, name)),
  };
}

type Table<T> = ReturnType<typeof createTable<T>>;

const withVersion = <T extends object>(
  stored: Stored<T> | undefined,
): (T & { resourceVersion: string }) | undefined =>
  stored ? { ...stored.value, resourceVersion: stored.resourceVersion } : undefined;

const strip = <T extends { resourceVersion?: string }>(value: T): T => {
  const { resourceVersion: _ignored, ...rest } = value;
  return rest as T;
};

/** Read, create and compare-and-swap replace over a table, as Secrets and Leases need. */
function casApi<T extends { resourceVersion?: string }>(table: Table<T>) {
  return {
    read: (namespace: string, name: string) =>
      Promise.resolve(withVersion(table.read(namespace, name))),
    create: (namespace: string, name: string, value: T) =>
      Promise.resolve(table.create(namespace, name, strip(value))),
    replace: (namespace: string, name: string, value: T) => {
      const outcome = table.replace(namespace, name, strip(value), value.resourceVersion);
      return Promise.resolve(
        outcome === 'replaced' ? ('replaced' as const) : ('conflict' as const),
      );
    },
  };
}

type ConfigMapWatchers = Set<{ name: string; onEvent: (event: WatchEvent) => void }>;

function emit(watchers: ConfigMapWatchers, name: string, event: WatchEvent): void {
  for (const watcher of watchers) {
    if (watcher.name === name) queueMicrotask(() => watcher.onEvent(event));
  }
}

function memoryConfigMaps(
  table: Table<ConfigMapRecord>,
  namespaces: Set<string>,
  watchers: ConfigMapWatchers,
): ConfigMapApi {
  return {
    read: (namespace, name) => Promise.resolve(withVersion(table.read(namespace, name))),
    create: (namespace, name, cm) => {
      if (!namespaces.has(namespace))
        return Promise.reject(new Error(`namespace ${namespace} not found`));
      const outcome = table.create(namespace, name, strip(cm));
      if (outcome === 'created') emit(watchers, name, { type: 'added', namespace });
      return Promise.resolve(outcome);
    },
    replace: (namespace, name, cm) => {
      const outcome = table.replace(namespace, name, strip(cm), cm.resourceVersion);
      if (outcome === 'replaced') emit(watchers, name, { type: 'modified', namespace });
      return Promise.resolve(outcome);
    },
    watch: (name, onEvent) => {
      const watcher = { name, onEvent };
      watchers.add(watcher);
      return Promise.resolve({ stop: () => void watchers.delete(watcher) });
    },
  };
}

function memoryNamespaces(
  names: Set<string>,
  watchers: Set<(event: NamespaceEvent) => void>,
): NamespaceApi {
  return {
    list: () => Promise.resolve([...names]),
    watch: (onEvent) => {
      watchers.add(onEvent);
      return Promise.resolve({ stop: () => void watchers.delete(onEvent) });
    },
  };
}

/** Builds an empty in-memory cluster with the given namespaces. */
export function createMemoryKube(namespaces: readonly string[] = []): MemoryKube {
  const configMapTable = createTable<ConfigMapRecord>();
  const namespaceNames = new Set(namespaces);
  const namespaceWatchers = new Set<(event: NamespaceEvent) => void>();
  const configMapWatchers: ConfigMapWatchers = new Set();
  return {
    secrets: casApi(createTable<SecretRecord>()) satisfies SecretApi,
    configMaps: memoryConfigMaps(configMapTable, namespaceNames, configMapWatchers),
    namespaces: memoryNamespaces(namespaceNames, namespaceWatchers),
    leases: casApi(createTable<LeaseRecord>()) satisfies LeaseApi,
    addNamespace: (name) => {
      namespaceNames.add(name);
      for (const watcher of namespaceWatchers)
        queueMicrotask(() => watcher({ type: 'added', name, terminating: false }));
    },
    deleteConfigMap: (namespace, name) => {
      if (configMapTable.delete(namespace, name))
        emit(configMapWatchers, name, { type: 'deleted', namespace });
    },
    editConfigMap: (namespace, name, data) => {
      const current = configMapTable.read(namespace, name);
      configMapTable.replace(namespace, name, { ...(current?.value ?? {}), data }, undefined);
      emit(configMapWatchers, name, { type: 'modified', namespace });
    },
    configMap: (namespace, name) => withVersion(configMapTable.read(namespace, name)),
  };
}
