import type { Clock } from '../shared/clock.js';

/** A scheduled call that can be cancelled. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * Where the agent schedules its work (rotation, retries, expiry). Injected with the clock so that
 * tests drive a certificate's whole life in milliseconds of real time.
 */
export interface Timers {
  /** Calls `callback` after `delayMs`. */
  schedule(delayMs: number, callback: () => void): TimerHandle;
}

/** Real timers. They do not keep the process alive: the servers do. */
export const systemTimers: Timers = {
  schedule: (delayMs, callback) => {
    // setTimeout's ceiling is 2^31-1 ms (24.8 days); a longer wait is re-armed in steps.
    const limit = 2 ** 31 - 1;
    let timer: NodeJS.Timeout;
    const arm = (remaining: number): void => {
      timer = setTimeout(
        () => (remaining > limit ? arm(remaining - limit) : callback()),
        Math.min(remaining, limit),
      );
      timer.unref();
    };
    arm(Math.max(0, delayMs));
    return { cancel: () => clearTimeout(timer) };
  },
};

/** Manual timers over a manual clock, for tests: nothing fires until {@link ManualTimers.advance}. */
export interface ManualTimers extends Timers {
  /** Moves the clock forward, firing due timers in order; resolves once their work settled. */
  advance(ms: number): Promise<void>;
  /** Number of timers waiting. */
  pending(): number;
}

/** Builds manual timers driving `clock` (from createManualClock). */
export function createManualTimers(clock: Clock & { set(ms: number): void }): ManualTimers {
  const queue: { at: number; seq: number; callback: () => void }[] = [];
  let seq = 0;
  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  return {
    schedule: (delayMs, callback) => {
      const entry = { at: clock.now() + Math.max(0, delayMs), seq: seq++, callback };
      queue.push(entry);
      return {
        cancel: () => {
          const index = queue.indexOf(entry);
          if (index >= 0) queue.splice(index, 1);
        },
      };
    },
    advance: async (ms) => {
      const target = clock.now() + ms;
      for (;;) {
        queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = queue[0];
        if (!next || next.at > target) break;
        queue.shift();
        clock.set(Math.max(clock.now(), next.at));
        next.callback();
        await settle();
      }
      clock.set(target);
      await settle();
    },
    pending: () => queue.length,
  };
}
