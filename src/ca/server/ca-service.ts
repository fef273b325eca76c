import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../shared/logger.js';
import type { CertificateAuthority } from '../authority.js';
import { spiffeIdOf, type Authenticator } from '../auth/identity.js';
import type { CaMetrics } from '../metrics.js';
import { CaRefusal, isCaRefusal } from '../refusals.js';
import type { IstioCertificateRequest, IstioCertificateResponse } from './ca-proto.js';

/** Metadata key carrying the refusal reason code, for clients that branch on it. */
export const REFUSAL_METADATA_KEY = 'gangway-refusal-reason';

/** What the CreateCertificate handler needs. */
export interface CaServiceDeps {
  authority: CertificateAuthority;
  authenticator: Authenticator;
  trustDomain: string;
  metrics: CaMetrics;
  logger: Logger;
}

/** The implementation of IstioCertificateService for grpc-js. */
export function createCaServiceHandlers(deps: CaServiceDeps): grpc.UntypedServiceImplementation {
  const handle: grpc.handleUnaryCall<IstioCertificateRequest, IstioCertificateResponse> = (
    call,
    callback,
  ) => {
    const started = performance.now();
    createCertificate(deps, call.metadata, call.request).then(
      (response) => {
        deps.metrics.issued((performance.now() - started) / 1000);
        callback(null, response);
      },
      (error: unknown) => callback(toServiceError(deps, error, call.getPeer())),
    );
  };
  return { CreateCertificate: handle };
}

/** Authenticates the caller, then signs its CSR for the identity its token names. */
async function createCertificate(
  deps: CaServiceDeps,
  metadata: grpc.Metadata,
  request: IstioCertificateRequest,
): Promise<IstioCertificateResponse> {
  const identity = await deps.authenticator.authenticate(bearerToken(metadata));
  const issued = deps.authority.issueWorkloadCertificate({
    csrPem: typeof request.csr === 'string' ? request.csr : '',
    identity: spiffeIdOf(identity, deps.trustDomain),
    requestedTtlSeconds: Number(request.validity_duration ?? 0),
  });
  return { cert_chain: issued.certChainPem, root_cert: { ca_cert: issued.trustBundlePem } };
}

/** The token of the one `authorization: Bearer <token>` metadata entry. */
function bearerToken(metadata: grpc.Metadata): string {
  const values = metadata.get('authorization');
  if (values.length === 0) throw new CaRefusal('no-token');
  if (values.length > 1) throw new CaRefusal('malformed-token', 'several authorization entries');
  const match = /^Bearer\s+(\S+)$/i.exec(String(values[0]));
  if (!match?.[1]) throw new CaRefusal('no-token', 'authorization is not `Bearer <token>`');
  return match[1];
}

function toServiceError(
  deps: CaServiceDeps,
  error: unknown,
  peer: string,
): Partial<grpc.StatusObject> {
  if (isCaRefusal(error)) {
    deps.metrics.refused(error.reason);
    deps.logger.info({ reason: error.reason, peer }, 'certificate request refused');
    const metadata = new grpc.Metadata();
    metadata.set(REFUSAL_METADATA_KEY, error.reason);
    return { code: grpc.status[error.status], details: error.message, metadata };
  }
  // Anything else is a bug or an outage, not the caller's fault: say little, log everything.
  deps.logger.error({ err: error, peer }, 'certificate request failed');
  return { code: grpc.status.INTERNAL, details: 'internal error while issuing the certificate' };
}
