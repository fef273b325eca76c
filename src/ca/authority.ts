import { systemClock, type Clock } from '../shared/clock.js';
import { randomSerial } from './crypto/ca-certificate.js';
import { buildLeafCertificate, type SanEntry } from './crypto/leaf-certificate.js';
import { toPem } from './crypto/signing-key.js';
import { checkCsr, DEFAULT_MAX_CSR_BYTES } from './csr-check.js';
import { CaRefusal } from './refusals.js';
import type { SignerSource } from './signer.js';
import {
  computeValidity,
  DEFAULT_BACKDATE_SECONDS,
  DEFAULT_MAX_TTL_SECONDS,
  DEFAULT_TTL_SECONDS,
} from './validity.js';

/** Options of {@link createCertificateAuthority}. */
export interface CertificateAuthorityOptions {
  signers: SignerSource;
  clock?: Clock;
  /** Lifetime when the request asks for none; 24 h by default. */
  defaultTtlSeconds?: number;
  /** Ceiling on a requested lifetime; 90 days by default. */
  maxTtlSeconds?: number;
  /** Backdating of notBefore against clock skew; 60 s by default. */
  backdateSeconds?: number;
  /** CSR size limit; 16 KiB by default. */
  maxCsrBytes?: number;
}

/** An issued certificate. */
export interface IssuedCertificate {
  /** PEM chain: the leaf first, the root last. */
  certChainPem: string[];
  /** Every root workloads must trust now. */
  trustBundlePem: string[];
  notBefore: Date;
  notAfter: Date;
  /** Whether the requested lifetime was shortened. */
  clamped: boolean;
}

/** A workload certificate request whose caller is already authenticated. */
export interface WorkloadCertificateRequest {
  csrPem: string;
  /** The caller's SPIFFE identity, from its token. */
  identity: string;
  /** validity_duration in seconds; 0 for the default. */
  requestedTtlSeconds: number;
}

/** A serving certificate for one of gangway's own TLS endpoints. */
export interface ServingCertificateRequest {
  subjectPublicKeyInfoDer: Uint8Array;
  dnsNames: readonly string[];
  ipAddresses?: readonly string[];
  ttlSeconds: number;
}

/** The issuing core of the CA: checks and signs, knows nothing of gRPC or tokens. */
export interface CertificateAuthority {
  /** Checks the CSR against the identity and signs it; throws CaRefusal when refused. */
  issueWorkloadCertificate(request: WorkloadCertificateRequest): IssuedCertificate;
  /** Signs a server certificate for gangway's own endpoints (the CA's gRPC port). */
  issueServingCertificate(request: ServingCertificateRequest): IssuedCertificate;
  /** Every root workloads must trust now. */
  trustBundle(): readonly string[];
}

/** Limits that shape every leaf's validity. */
interface Limits {
  defaultSeconds: number;
  maxSeconds: number;
  backdateSeconds: number;
}

/** Builds the issuing core over a source of signers. */
export function createCertificateAuthority(
  options: CertificateAuthorityOptions,
): CertificateAuthority {
  const clock = options.clock ?? systemClock;
  const limits: Limits = {
    defaultSeconds: options.defaultTtlSeconds ?? DEFAULT_TTL_SECONDS,
    maxSeconds: options.maxTtlSeconds ?? DEFAULT_MAX_TTL_SECONDS,
    backdateSeconds: options.backdateSeconds ?? DEFAULT_BACKDATE_SECONDS,
  };
  const leaf = (leafRequest: LeafRequest): IssuedCertificate =>
    signLeaf(options.signers, limits, clock.now(), leafRequest);
  return {
    issueWorkloadCertificate: (request) => {
      const maxBytes = options.maxCsrBytes ?? DEFAULT_MAX_CSR_BYTES;
      const csr = checkCsr(request.csrPem, request.identity, maxBytes);
      return leaf({
        spki: csr.subjectPublicKeyInfoDer,
        sans: [{ type: 'uri', value: request.identity }],
        requestedSeconds: request.requestedTtlSeconds,
        serverAuthOnly: false,
      });
    },
    issueServingCertificate: (request) =>
      leaf({
        spki: request.subjectPublicKeyInfoDer,
        sans: [
          ...request.dnsNames.map((value): SanEntry => ({ type: 'dns', value })),
          ...(request.ipAddresses ?? []).map((value): SanEntry => ({ type: 'ip', value })),
        ],
        requestedSeconds: request.ttlSeconds,
        serverAuthOnly: true,
      }),
    trustBundle: () => options.signers.trustBundle(),
  };
}

interface LeafRequest {
  spki: Uint8Array;
  sans: SanEntry[];
  requestedSeconds: number;
  serverAuthOnly: boolean;
}

/** Signs one leaf with the current signer; the chain returned ends at the signer's root. */
function signLeaf(
  signers: SignerSource,
  limits: Limits,
  nowMs: number,
  request: LeafRequest,
): IssuedCertificate {
  const signer = signers.current();
  if (!signer) throw new CaRefusal('ca-unavailable');
  const validity = computeValidity({
    ...limits,
    nowMs,
    requestedSeconds: request.requestedSeconds,
    signerNotBeforeMs: signer.notBeforeMs,
    signerNotAfterMs: signer.notAfterMs,
  });
  const leaf = buildLeafCertificate(signer.leafIssuer, {
    serialNumber: randomSerial(),
    notBefore: validity.notBefore,
    notAfter: validity.notAfter,
    subjectPublicKeyInfoDer: request.spki,
    sans: request.sans,
    serverAuthOnly: request.serverAuthOnly,
  });
  return {
    certChainPem: [toPem('CERTIFICATE', leaf), ...signer.chainPem],
    trustBundlePem: [...signers.trustBundle()],
    ...validity,
  };
}
