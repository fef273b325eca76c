import { describe, expect, it } from 'vitest';
import { backoffDelayMs, refreshDelayMs } from './schedule.js';

const HOUR = 3_600_000;

describe('refreshDelayMs', () => {
  it('renews at half-life, jittered by plus or minus 5% of the lifetime', () => {
    expect(refreshDelayMs(0, 24 * HOUR, 0, 0.5)).toBe(12 * HOUR);
    expect(refreshDelayMs(0, 24 * HOUR, 0, 0)).toBeCloseTo(10.8 * HOUR);
    expect(refreshDelayMs(0, 24 * HOUR, 0, 0.999999)).toBeCloseTo(13.2 * HOUR, -2);
  });

  it('counts from notBefore, and never goes negative', () => {
    expect(refreshDelayMs(-60_000, 24 * HOUR - 60_000, 0, 0.5)).toBe(12 * HOUR - 60_000);
    expect(refreshDelayMs(0, HOUR, 2 * HOUR, 0.5)).toBe(0);
  });
});

describe('backoffDelayMs', () => {
  it('doubles up to the ceiling, with half of it random', () => {
    expect(backoffDelayMs(0, 0)).toBe(500);
    expect(backoffDelayMs(0, 1)).toBe(1_000);
    expect(backoffDelayMs(3, 0.5)).toBe(6_000);
    expect(backoffDelayMs(20, 1)).toBe(60_000);
    expect(backoffDelayMs(1_000, 0)).toBe(30_000);
  });
});
