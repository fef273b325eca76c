import { SECRET_TYPE_URL } from './sds-proto.js';

/** The secret holding the workload certificate and key (Envoy's and Istio's name). */
export const WORKLOAD_SECRET = 'default';
/** The secret holding the trusted roots. */
export const ROOT_SECRET = 'ROOTCA';

/** What SDS can serve now. */
export interface SdsSecrets {
  certificate?: { chainPem: readonly string[]; keyPem: string };
  rootsPem: readonly string[];
}

/**
 * The SDS resources for the requested names that exist now. An unknown name, or `default` before
 * a certificate is in place, yields nothing: Envoy keeps waiting (its listener stays warming) rather
 * than receiving a placeholder.
 */
export function buildSecretResources(
  names: readonly string[],
  secrets: SdsSecrets,
): Record<string, unknown>[] {
  const resources: Record<string, unknown>[] = [];
  for (const name of new Set(names)) {
    if (name === WORKLOAD_SECRET && secrets.certificate) {
      resources.push({
        '@type': SECRET_TYPE_URL,
        name,
        tls_certificate: {
          certificate_chain: { inline_bytes: Buffer.from(secrets.certificate.chainPem.join('')) },
          private_key: { inline_bytes: Buffer.from(secrets.certificate.keyPem) },
        },
      });
    }
    if (name === ROOT_SECRET && secrets.rootsPem.length > 0) {
      resources.push({
        '@type': SECRET_TYPE_URL,
        name,
        validation_context: {
          trusted_ca: { inline_bytes: Buffer.from(secrets.rootsPem.join('')) },
        },
      });
    }
  }
  return resources;
}
