import type { Clock } from '../../shared/clock.js';

/** Options of {@link createDebouncer}. */
export interface DebounceOptions {
  /** Fire after this long without a new trigger. */
  readonly quietMs: number;
  /** Fire at the latest this long after the first trigger, however busy. */
  readonly maxMs: number;
  readonly clock: Clock;
}

/** A running debouncer. */
export interface Debouncer {
  /** Notes a change. */
  trigger(): void;
  /** Fires now if anything is pending. */
  flush(): void;
  /** Drops anything pending. */
  cancel(): void;
}

/**
 * Coalesces bursts of config changes into one publication: fires `quietMs` after the last trigger,
 * or `maxMs` after the first one when triggers never stop (a busy cluster must still converge).
 * The callback receives the time of the first trigger, for convergence measurements.
 */
export function createDebouncer(
  fire: (firstAt: number) => void,
  options: DebounceOptions,
): Debouncer {
  let firstAt: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  const run = (): void => {
    const at = firstAt;
    clearTimeout(timer);
    timer = undefined;
    firstAt = undefined;
    if (at !== undefined) fire(at);
  };
  return {
    trigger() {
      const now = options.clock.now();
      firstAt ??= now;
      clearTimeout(timer);
      const delay = Math.max(0, Math.min(options.quietMs, firstAt + options.maxMs - now));
      timer = setTimeout(run, delay);
    },
    flush: run,
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      firstAt = undefined;
    },
  };
}
