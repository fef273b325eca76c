import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDebouncer } from './debounce.js';

describe('debouncer', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());
  const clock = { now: () => Date.now() };

  it('fires once, 100 ms after the last of a burst, with the time of the first', () => {
    const fired: number[] = [];
    const start = Date.now();
    const debouncer = createDebouncer((first) => void fired.push(first - start), {
      quietMs: 100,
      maxMs: 10_000,
      clock,
    });
    debouncer.trigger();
    vi.advanceTimersByTime(60);
    debouncer.trigger();
    vi.advanceTimersByTime(99);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([0]);
  });

  it('fires at the maximum wait when changes never stop', () => {
    const fired: number[] = [];
    const debouncer = createDebouncer(() => void fired.push(Date.now()), {
      quietMs: 100,
      maxMs: 1000,
      clock,
    });
    const start = Date.now();
    for (let t = 0; t < 1500; t += 50) {
      debouncer.trigger();
      vi.advanceTimersByTime(50);
    }
    expect(fired[0]! - start).toBeLessThanOrEqual(1000);
  });
});
