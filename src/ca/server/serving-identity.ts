import { generateKeyPairSync } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../shared/logger.js';
import type { CertificateAuthority } from '../authority.js';

type IdentityUpdate = grpc.experimental.IdentityCertificateUpdate;
type IdentityListener = grpc.experimental.IdentityCertificateUpdateListener;

/** Names the CA's own serving certificate carries. */
export interface ServingNames {
  dnsNames: readonly string[];
  ipAddresses?: readonly string[];
  /** Lifetime of the serving certificate; 24 h by default. It is renewed at half-life. */
  ttlSeconds?: number;
}

/** A grpc-js certificate provider that keeps the CA's serving certificate fresh. */
export interface ServingIdentity extends grpc.experimental.CertificateProvider {
  /** Issues a new serving certificate now. */
  renew(): void;
  /** Stops renewing. */
  close(): void;
}

/**
 * The serving certificate of the CA endpoint, issued by the CA itself (as istiod does on 15012)
 * and swapped into the live TLS context at half-life and whenever the signer changes, so the
 * endpoint never restarts for a certificate.
 */
export function createServingIdentity(options: {
  authority: CertificateAuthority;
  names: ServingNames;
  logger: Logger;
}): ServingIdentity {
  const listeners = new Set<IdentityListener>();
  let latest: IdentityUpdate | null = null;
  let timer: NodeJS.Timeout | undefined;
  const renew = (): void => {
    clearTimeout(timer);
    try {
      latest = issue(options.authority, options.names);
      for (const listener of listeners) listener(latest);
      const lifetime = (options.names.ttlSeconds ?? 86_400) * 1000;
      timer = setTimeout(renew, lifetime / 2);
    } catch (error) {
      options.logger.warn({ err: error }, 'CA serving certificate renewal failed; retrying');
      timer = setTimeout(renew, 10_000);
    }
    timer.unref();
  };
  return {
    addIdentityCertificateListener: (listener) => {
      listeners.add(listener);
      // Deferred: grpc-js registers its TLS-context watcher only after adding this listener.
      if (latest) process.nextTick(listener, latest);
    },
    removeIdentityCertificateListener: (listener) => void listeners.delete(listener),
    addCaCertificateListener: () => undefined,
    removeCaCertificateListener: () => undefined,
    renew,
    close: () => clearTimeout(timer),
  };
}

function issue(authority: CertificateAuthority, names: ServingNames): IdentityUpdate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const issued = authority.issueServingCertificate({
    subjectPublicKeyInfoDer: publicKey.export({ type: 'spki', format: 'der' }),
    dnsNames: names.dnsNames,
    ttlSeconds: names.ttlSeconds ?? 86_400,
    ...(names.ipAddresses ? { ipAddresses: names.ipAddresses } : {}),
  });
  // The served chain stops below the root: clients hold the root already, as their trust anchor.
  const chain = issued.certChainPem.slice(0, -1).join('');
  return {
    certificate: Buffer.from(chain),
    privateKey: Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem' })),
  };
}
