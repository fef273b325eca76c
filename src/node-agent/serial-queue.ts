/**
 * Work queued per key: tasks of one key run one after another, different keys in parallel. The node
 * agent keys by pod UID, so that a pod's events are applied in order without blocking other pods.
 */
export interface SerialQueue {
  /** Queues a task behind the earlier ones of its key; a failing task is passed to `onError`. */
  run(key: string, task: () => Promise<void>): void;
  /** Resolves when every queued task has finished (including those queued meanwhile). */
  idle(): Promise<void>;
}

/** Creates an empty queue. */
export function createSerialQueue(onError: (key: string, error: unknown) => void): SerialQueue {
  const tails = new Map<string, Promise<void>>();
  return {
    run: (key, task) => {
      const next = (tails.get(key) ?? Promise.resolve())
        .then(task)
        .catch((error: unknown) => onError(key, error));
      tails.set(key, next);
      void next.then(() => {
        if (tails.get(key) === next) tails.delete(key);
      });
    },
    idle: async () => {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
  };
}
