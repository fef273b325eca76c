import { CaRefusal } from './refusals.js';

/** Istio's default workload certificate lifetime. */
export const DEFAULT_TTL_SECONDS = 24 * 3600;
/** Istio's default ceiling on a requested lifetime (MAX_WORKLOAD_CERT_TTL). */
export const DEFAULT_MAX_TTL_SECONDS = 90 * 24 * 3600;
/**
 * notBefore is set this far in the past so that a workload whose clock runs slightly behind the
 * CA's does not reject a certificate as "not yet valid".
 */
export const DEFAULT_BACKDATE_SECONDS = 60;

/** What decides a leaf's validity window. */
export interface ValidityInput {
  nowMs: number;
  /** validity_duration from the request; 0 means the default. */
  requestedSeconds: number;
  defaultSeconds: number;
  maxSeconds: number;
  backdateSeconds: number;
  signerNotBeforeMs: number;
  signerNotAfterMs: number;
}

/** A leaf's validity window. */
export interface Validity {
  notBefore: Date;
  notAfter: Date;
  /** Whether the requested lifetime was shortened (by the maximum or the signer's expiry). */
  clamped: boolean;
}

/**
 * The validity of a leaf: the requested lifetime (or the default), clamped to the maximum, and
 * never past the signer's own expiry, because a chain is only as valid as its shortest link.
 * X.509 times have whole-second precision, so both ends are truncated to seconds.
 */
export function computeValidity(input: ValidityInput): Validity {
  if (!Number.isFinite(input.requestedSeconds) || input.requestedSeconds < 0) {
    throw new CaRefusal('validity-invalid', `got ${input.requestedSeconds}`);
  }
  const wanted = input.requestedSeconds === 0 ? input.defaultSeconds : input.requestedSeconds;
  const lifetime = Math.min(wanted, input.maxSeconds);
  const seconds = (ms: number): number => Math.floor(ms / 1000) * 1000;
  const notBefore = Math.max(
    seconds(input.nowMs - input.backdateSeconds * 1000),
    input.signerNotBeforeMs,
  );
  const wantedEnd = seconds(input.nowMs + lifetime * 1000);
  const notAfter = Math.min(wantedEnd, seconds(input.signerNotAfterMs));
  if (notAfter <= input.nowMs)
    throw new CaRefusal('ca-unavailable', 'the signing certificate has expired');
  return {
    notBefore: new Date(notBefore),
    notAfter: new Date(notAfter),
    clamped: lifetime < wanted || notAfter < wantedEnd,
  };
}
