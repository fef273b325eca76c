import { describe, expect, it } from 'vitest';
import { computeValidity, type ValidityInput } from './validity.js';

const NOW = Date.parse('2030-06-01T12:00:00.750Z');
const base: ValidityInput = {
  nowMs: NOW,
  requestedSeconds: 0,
  defaultSeconds: 86_400,
  maxSeconds: 7 * 86_400,
  backdateSeconds: 60,
  signerNotBeforeMs: NOW - 86_400_000,
  signerNotAfterMs: NOW + 365 * 86_400_000,
};

describe('computeValidity', () => {
  it('uses the default lifetime for 0 and backdates notBefore, on whole seconds', () => {
    const validity = computeValidity(base);
    expect(validity.notBefore.toISOString()).toBe('2030-06-01T11:59:00.000Z');
    expect(validity.notAfter.toISOString()).toBe('2030-06-02T12:00:00.000Z');
    expect(validity.clamped).toBe(false);
  });

  it('clamps to the maximum', () => {
    const validity = computeValidity({ ...base, requestedSeconds: 10 * 365 * 86_400 });
    expect(validity.notAfter.toISOString()).toBe('2030-06-08T12:00:00.000Z');
    expect(validity.clamped).toBe(true);
  });

  it("never runs past the signer's expiry nor starts before its start", () => {
    const validity = computeValidity({
      ...base,
      signerNotBeforeMs: NOW - 1_000,
      signerNotAfterMs: NOW + 3_600_000,
    });
    expect(validity.notBefore.getTime()).toBe(NOW - 1_000);
    expect(validity.notAfter.toISOString()).toBe('2030-06-01T13:00:00.000Z');
    expect(validity.clamped).toBe(true);
  });

  it('refuses negative lifetimes and an expired signer', () => {
    expect(() => computeValidity({ ...base, requestedSeconds: -1 })).toThrow(/validity-invalid/);
    expect(() => computeValidity({ ...base, signerNotAfterMs: NOW - 1 })).toThrow(/ca-unavailable/);
  });
});
