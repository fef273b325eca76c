import { describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../../shared/clock.js';
import type { TokenReviewer } from '../kube/apis.js';
import { isCaRefusal } from '../refusals.js';
import { createCachedAuthenticator } from './cached-authenticator.js';
import { identityFromClaims, identityFromUsername, spiffeIdOf } from './identity.js';
import { createTokenReviewAuthenticator } from './token-review-authenticator.js';

const reasonOf = async (promise: Promise<unknown>): Promise<string | undefined> => {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return isCaRefusal(error) ? error.reason : 'not-a-refusal';
  }
};

describe('caller identity', () => {
  it('reads bound-token claims and sub, and builds the SPIFFE ID', () => {
    const identity = identityFromClaims({
      sub: 'system:serviceaccount:shop:cart',
      'kubernetes.io': { namespace: 'shop', serviceaccount: { name: 'cart' } },
      exp: 2_000_000_000,
    });
    expect(spiffeIdOf(identity, 'cluster.local')).toBe('spiffe://cluster.local/ns/shop/sa/cart');
    expect(identity.expiresAtMs).toBe(2_000_000_000_000);
  });

  it.each([
    [
      'disagreeing claims',
      {
        sub: 'system:serviceaccount:a:b',
        'kubernetes.io': { namespace: 'c', serviceaccount: { name: 'b' } },
      },
    ],
    ['a user token', { sub: 'alice' }],
    [
      'a path in the namespace',
      { 'kubernetes.io': { namespace: '../kube-system', serviceaccount: { name: 'x' } } },
    ],
    ['a slash in the account', { sub: 'system:serviceaccount:a:b/c' }],
  ])('refuses %s', (_what, claims) => {
    expect(() => identityFromClaims(claims)).toThrow(/not-a-service-account/);
  });

  it('parses TokenReview usernames', () => {
    expect(identityFromUsername('system:serviceaccount:ns:sa')).toEqual({
      namespace: 'ns',
      serviceAccount: 'sa',
    });
    expect(() => identityFromUsername('system:node:n1')).toThrow(/not-a-service-account/);
  });
});

describe('TokenReview authenticator', () => {
  const reviewer = (result: Awaited<ReturnType<TokenReviewer['review']>>): TokenReviewer => ({
    review: vi.fn(() => Promise.resolve(result)),
  });

  it('accepts an authenticated service account with our audience', async () => {
    const auth = createTokenReviewAuthenticator({
      reviewer: reviewer({
        authenticated: true,
        username: 'system:serviceaccount:ns:sa',
        audiences: ['gangway-ca'],
      }),
    });
    await expect(auth.authenticate('t')).resolves.toMatchObject({
      namespace: 'ns',
      serviceAccount: 'sa',
    });
  });

  it.each([
    ['token-rejected', { authenticated: false, error: 'invalid bearer token' }],
    ['wrong-audience', { authenticated: true, username: 'system:serviceaccount:ns:sa' }],
    [
      'wrong-audience',
      { authenticated: true, username: 'system:serviceaccount:ns:sa', audiences: ['api'] },
    ],
    [
      'not-a-service-account',
      { authenticated: true, username: 'alice', audiences: ['gangway-ca'] },
    ],
  ])('refuses with %s', async (reason, result) => {
    const auth = createTokenReviewAuthenticator({ reviewer: reviewer(result) });
    expect(await reasonOf(auth.authenticate('t'))).toBe(reason);
  });

  it('reports an unreachable API server as auth-unavailable', async () => {
    const auth = createTokenReviewAuthenticator({
      reviewer: { review: () => Promise.reject(new Error('ECONNREFUSED')) },
    });
    expect(await reasonOf(auth.authenticate('t'))).toBe('auth-unavailable');
  });
});

describe('cached authenticator', () => {
  it('reuses successes until the TTL or the token expiry, never failures', async () => {
    const clock = createManualClock(1_000_000);
    const inner = { authenticate: vi.fn() };
    inner.authenticate
      .mockResolvedValueOnce({ namespace: 'a', serviceAccount: 'b', expiresAtMs: 1_030_000 })
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValue({ namespace: 'a', serviceAccount: 'b' });
    const cached = createCachedAuthenticator(inner, { clock, ttlMs: 60_000 });
    await cached.authenticate('tok');
    await cached.authenticate('tok');
    expect(inner.authenticate).toHaveBeenCalledTimes(1);
    clock.advance(30_000);
    await expect(cached.authenticate('tok')).rejects.toThrow('down');
    await cached.authenticate('tok');
    expect(inner.authenticate).toHaveBeenCalledTimes(3);
  });
});
