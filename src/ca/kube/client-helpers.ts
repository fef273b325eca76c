import { ApiException, Watch, type KubeConfig } from '@kubernetes/client-node';
import type { Stoppable } from './apis.js';

/** Runs a call, mapping the listed HTTP statuses to values instead of errors. */
export async function mapStatus<T, U>(
  call: () => Promise<T>,
  map: Record<number, U>,
): Promise<T | U> {
  try {
    return await call();
  } catch (error) {
    const status = error instanceof ApiException ? error.code : undefined;
    if (status !== undefined && status in map) return map[status] as U;
    throw error;
  }
}

/** Drops undefined fields: the generated models are declared with exact optional properties. */
export function compact<T>(value: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** Base64-decodes Secret data. */
export function decodeData(data: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(data ?? {}).map(([key, value]) => [
      key,
      Buffer.from(value, 'base64').toString('utf8'),
    ]),
  );
}

/** Base64-encodes Secret data. */
export function encodeData(data: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [
      key,
      Buffer.from(value, 'utf8').toString('base64'),
    ]),
  );
}

/** A watch event type in gangway's vocabulary. */
export type WatchType = 'added' | 'modified' | 'deleted';

const WATCH_TYPES: Readonly<Record<string, WatchType>> = {
  ADDED: 'added',
  MODIFIED: 'modified',
  DELETED: 'deleted',
};

/** A watch that restarts after the API server closes it (it does, every few minutes). */
export async function watchForever(
  config: KubeConfig,
  path: string,
  query: Record<string, string>,
  handler: (type: WatchType, object: unknown) => void,
): Promise<Stoppable> {
  const watch = new Watch(config);
  let stopped = false;
  let abort: AbortController | undefined;
  let restart: NodeJS.Timeout | undefined;
  const onEvent = (phase: string, object: unknown): void => {
    const type = WATCH_TYPES[phase];
    if (type) handler(type, object);
  };
  const run = async (): Promise<void> => {
    if (stopped) return;
    abort = await watch.watch(path, query, onEvent, () => {
      // Restart after a pause; the periodic resync covers whatever happened in between.
      if (stopped) return;
      restart = setTimeout(() => void run().catch(() => undefined), 1_000);
      restart.unref();
    });
    // Stopped while connecting: the stop aborted the previous watch, not this one.
    if (stopped) abort.abort();
  };
  await run();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(restart);
      abort?.abort();
    },
  };
}
