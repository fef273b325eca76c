import type { Snapshot } from './snapshot.js';

/** Called with each new snapshot of a watched key. */
export type SnapshotListener = (snapshot: Snapshot) => void;

/**
 * Snapshots by key (a node group), apart from any protocol: the ADS server watches keys, the
 * publisher sets snapshots. The same cache can back a delta-xDS server later, because a snapshot
 * already carries per-resource hashes.
 */
export interface SnapshotCache {
  /** Publishes a snapshot for a key and notifies its watchers (synchronously). */
  setSnapshot(key: string, snapshot: Snapshot): void;
  /** The current snapshot of a key. */
  getSnapshot(key: string): Snapshot | undefined;
  /** Forgets a key's snapshot (its watchers keep watching). */
  clearSnapshot(key: string): void;
  /** Watches a key; returns the function that stops watching. */
  watch(key: string, listener: SnapshotListener): () => void;
  /** Keys that have at least one watcher. */
  watchedKeys(): string[];
  /** Keys that have a snapshot. */
  keys(): string[];
}

/** Builds an in-memory snapshot cache. */
export function createSnapshotCache(): SnapshotCache {
  const snapshots = new Map<string, Snapshot>();
  const watchers = new Map<string, Set<SnapshotListener>>();
  return {
    setSnapshot(key, snapshot) {
      if (snapshots.get(key) === snapshot) return;
      snapshots.set(key, snapshot);
      for (const listener of [...(watchers.get(key) ?? [])]) listener(snapshot);
    },
    getSnapshot: (key) => snapshots.get(key),
    clearSnapshot: (key) => void snapshots.delete(key),
    watch(key, listener) {
      let set = watchers.get(key);
      if (!set) watchers.set(key, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && watchers.get(key) === set) watchers.delete(key);
      };
    },
    watchedKeys: () => [...watchers.keys()],
    keys: () => [...snapshots.keys()],
  };
}
