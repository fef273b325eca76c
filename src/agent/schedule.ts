/**
 * When the agent acts: pure functions of times and a random number, so tests can pin the jitter.
 */

/** Options of {@link refreshDelayMs}. */
export interface RefreshPolicy {
  /** Fraction of the lifetime after which to renew; 0.5 as Istio does. */
  fraction: number;
  /** Spread around that point as a fraction of the lifetime; 0.1 means 45%-55%. */
  jitter: number;
}

/** The default renewal policy: half-life, plus or minus 5% of the lifetime. */
export const DEFAULT_REFRESH_POLICY: RefreshPolicy = { fraction: 0.5, jitter: 0.1 };

/**
 * How long to wait before renewing a certificate valid from `notBeforeMs` to `notAfterMs`. The
 * jitter spreads the renewals of pods started together (a rollout) so they do not hit the CA at once.
 */
export function refreshDelayMs(
  notBeforeMs: number,
  notAfterMs: number,
  nowMs: number,
  random: number,
  policy: RefreshPolicy = DEFAULT_REFRESH_POLICY,
): number {
  const lifetime = notAfterMs - notBeforeMs;
  const fraction = policy.fraction + policy.jitter * (random - 0.5);
  return Math.max(0, notBeforeMs + lifetime * fraction - nowMs);
}

/** Options of {@link backoffDelayMs}. */
export interface BackoffPolicy {
  /** First retry delay; 1 s. */
  baseMs: number;
  /** Ceiling of the delay; 60 s, so an agent notices a recovered CA within a minute. */
  maxMs: number;
}

/** The default retry policy while the CA is unreachable. */
export const DEFAULT_BACKOFF_POLICY: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

/**
 * Delay before retry number `attempt` (0-based): exponential, capped, with "equal jitter" (half
 * fixed, half random), so a CA outage does not end in a thundering herd of synchronised retries.
 */
export function backoffDelayMs(
  attempt: number,
  random: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF_POLICY,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + (ceiling / 2) * random;
}
