/**
 * Why the CA refuses a certificate request: a closed set of string-literal reasons, each with the
 * gRPC status it is reported as and a message saying what was wrong. Tests assert the reason; the
 * refusal counter is labelled with it.
 */
export const refusalReasons = {
  'no-token': {
    status: 'UNAUTHENTICATED',
    message: 'no bearer token in the `authorization` metadata',
  },
  'malformed-token': {
    status: 'UNAUTHENTICATED',
    message: 'the bearer token is not a well-formed JWT',
  },
  'bad-token-signature': {
    status: 'UNAUTHENTICATED',
    message: "the token signature does not verify against the issuer's keys",
  },
  'token-expired': { status: 'UNAUTHENTICATED', message: 'the token has expired' },
  'token-not-yet-valid': { status: 'UNAUTHENTICATED', message: 'the token is not valid yet (nbf)' },
  'wrong-audience': {
    status: 'UNAUTHENTICATED',
    message: 'the token is not meant for this CA (audience)',
  },
  'wrong-issuer': {
    status: 'UNAUTHENTICATED',
    message: 'the token comes from an untrusted issuer',
  },
  'token-rejected': {
    status: 'UNAUTHENTICATED',
    message: 'the Kubernetes TokenReview did not authenticate the token',
  },
  'not-a-service-account': {
    status: 'PERMISSION_DENIED',
    message: 'the token does not name a Kubernetes service account',
  },
  'auth-unavailable': {
    status: 'UNAVAILABLE',
    message: 'the token could not be checked right now (TokenReview or issuer keys unreachable)',
  },
  'csr-too-large': { status: 'INVALID_ARGUMENT', message: 'the CSR exceeds the size limit' },
  'csr-unparsable': {
    status: 'INVALID_ARGUMENT',
    message: 'the CSR is not one PEM-encoded PKCS#10 request',
  },
  'csr-bad-signature': {
    status: 'INVALID_ARGUMENT',
    message: 'the CSR signature does not verify with its own public key',
  },
  'csr-unsupported-key': {
    status: 'INVALID_ARGUMENT',
    message: 'the CSR key is not ECDSA P-256/P-384 or RSA 2048-4096',
  },
  'csr-forbidden-san': {
    status: 'INVALID_ARGUMENT',
    message: 'the CSR asks for names other than one SPIFFE URI (DNS, IP, email or extra URIs)',
  },
  'csr-identity-mismatch': {
    status: 'PERMISSION_DENIED',
    message: "the CSR's URI SAN is not the caller's identity",
  },
  'csr-ca-requested': {
    status: 'INVALID_ARGUMENT',
    message: 'the CSR asks for a CA certificate (basicConstraints CA:true)',
  },
  'validity-invalid': {
    status: 'INVALID_ARGUMENT',
    message: 'validity_duration must not be negative',
  },
  'ca-unavailable': {
    status: 'UNAVAILABLE',
    message: 'the CA has no valid signing certificate right now',
  },
} as const;

/** A refusal reason code. */
export type RefusalReason = keyof typeof refusalReasons;

/** The gRPC status names refusals map to. */
export type RefusalStatus = (typeof refusalReasons)[RefusalReason]['status'];

/** A refused certificate request: the reason code and a detail about this request. */
export class CaRefusal extends Error {
  /** The stable reason code. */
  readonly reason: RefusalReason;
  /** The gRPC status it is reported as. */
  readonly status: RefusalStatus;

  constructor(reason: RefusalReason, detail?: string, options?: { cause?: unknown }) {
    const base = refusalReasons[reason].message;
    super(`${reason}: ${detail ? `${base}: ${detail}` : base}`, { cause: options?.cause });
    this.name = 'CaRefusal';
    this.reason = reason;
    this.status = refusalReasons[reason].status;
  }
}

/** Whether a value is a CaRefusal. */
export function isCaRefusal(value: unknown): value is CaRefusal {
  return value instanceof CaRefusal;
}
