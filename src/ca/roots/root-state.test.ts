import { describe, expect, it } from 'vitest';
import { createCaCertificate } from '../crypto/ca-certificate.js';
import { generateSigningKey } from '../crypto/signing-key.js';
import {
  activeRoot,
  beginRotation,
  needsRotation,
  pruneRoots,
  trustedRoots,
  type RootState,
} from './root-state.js';

const DAY = 86_400_000;
const T0 = Date.parse('2030-01-01T00:00:00Z');

async function root(days: number) {
  const key = await generateSigningKey();
  const certificatePem = await createCaCertificate({
    subject: 'CN=r',
    key,
    notBefore: new Date(T0 - DAY),
    notAfter: new Date(T0 + days * DAY),
  });
  return { certificatePem, keyPem: key.pem };
}

describe('root state', () => {
  it('walks a rotation: pending, switched, retired, pruned', async () => {
    const a = await root(400);
    const b = await root(4000);
    const start: RootState = { format: 1, roots: [{ ...a, signingFromMs: T0 - DAY }] };
    expect(needsRotation(start, T0, 365 * DAY)).toBe(false);
    expect(needsRotation(start, T0 + 40 * DAY, 365 * DAY)).toBe(true);
    const rotated = beginRotation(start, b, {
      nowMs: T0,
      propagationMs: DAY,
      maxLeafTtlMs: 10 * DAY,
    });
    expect(activeRoot(rotated, T0)?.certificatePem).toBe(a.certificatePem);
    expect(trustedRoots(rotated, T0)).toHaveLength(2);
    expect(needsRotation(rotated, T0 + (40 * DAY) / 100, 365 * DAY)).toBe(false);
    expect(activeRoot(rotated, T0 + DAY)?.certificatePem).toBe(b.certificatePem);
    expect(rotated.roots[0]?.keepUntilMs).toBe(T0 + DAY + 10 * DAY);
    expect(trustedRoots(rotated, T0 + 11 * DAY - 1)).toHaveLength(2);
    expect(trustedRoots(rotated, T0 + 11 * DAY)).toHaveLength(1);
    expect(pruneRoots(rotated, T0 + 5 * DAY)).toBeUndefined();
    expect(pruneRoots(rotated, T0 + 11 * DAY)?.roots).toHaveLength(1);
  });

  it('never keeps a retired root past its own expiry', async () => {
    const a = await root(5);
    const b = await root(4000);
    const start: RootState = { format: 1, roots: [{ ...a, signingFromMs: T0 - DAY }] };
    const rotated = beginRotation(start, b, {
      nowMs: T0,
      propagationMs: DAY,
      maxLeafTtlMs: 90 * DAY,
    });
    expect(rotated.roots[0]?.keepUntilMs).toBe(T0 + 5 * DAY);
  });
});
