import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../../shared/clock.js';
import type { Authenticator, CallerIdentity } from './identity.js';

/** Options of {@link createCachedAuthenticator}. */
export interface CachedAuthenticatorOptions {
  clock?: Clock;
  /** Longest time a success is reused; 60 s by default, so revocations take effect soon. */
  ttlMs?: number;
  /** Entries kept; the oldest go first. 10 000 by default: one per workload on a big cluster. */
  maxEntries?: number;
}

/**
 * Remembers successful authentications for a short while. An agent presents the same token for
 * every request until the kubelet rotates it, and a TokenReview per request would load the API
 * server (Istio caches for the same reason). Failures are never cached. Entries end at the token's
 * own expiry at the latest.
 */
export function createCachedAuthenticator(
  inner: Authenticator,
  options: CachedAuthenticatorOptions = {},
): Authenticator {
  const clock = options.clock ?? systemClock;
  const ttlMs = options.ttlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, { identity: CallerIdentity; untilMs: number }>();
  return {
    authenticate: async (token) => {
      // Keyed by a hash so the cache never holds bearer tokens themselves.
      const key = createHash('sha256').update(token).digest('base64');
      const now = clock.now();
      const hit = cache.get(key);
      if (hit && now < hit.untilMs) return hit.identity;
      cache.delete(key);
      const identity = await inner.authenticate(token);
      const untilMs = Math.min(now + ttlMs, identity.expiresAtMs ?? Number.POSITIVE_INFINITY);
      if (cache.size >= maxEntries) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      cache.set(key, { identity, untilMs });
      return identity;
    },
  };
}
