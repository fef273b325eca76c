import * as grpc from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import { createSilentLogger, type Logger } from '../../shared/logger.js';
import type { CertificateAuthority } from '../authority.js';
import type { Authenticator } from '../auth/identity.js';
import { createCaMetrics } from '../metrics.js';
import { loadCaProto } from './ca-proto.js';
import { createCaServiceHandlers } from './ca-service.js';
import {
  createServingIdentity,
  type ServingIdentity,
  type ServingNames,
} from './serving-identity.js';

/** Options of {@link createCaServer}. */
export interface CaServerOptions {
  authority: CertificateAuthority;
  authenticator: Authenticator;
  /** Trust domain of issued identities, e.g. `cluster.local`. */
  trustDomain: string;
  /** Where the refusal counter and issuance metrics are registered. */
  registry: Registry;
  logger?: Logger;
  /**
   * TLS identity of the endpoint. `issued` (default): a certificate from `authority` for these
   * names, renewed automatically. `pem`: a fixed certificate chain and key.
   */
  tls?: { issued: ServingNames } | { pem: { certChainPem: string; keyPem: string } };
}

/** A running CA endpoint. */
export interface CaServer {
  /** Binds `host:port` (port 0 picks one) and serves; resolves to the bound port. */
  bind(address: string): Promise<number>;
  /** The bound port, once bound. */
  readonly port: number | undefined;
  /** The underlying grpc-js server, to add other services (xDS) on the same port. */
  readonly grpcServer: grpc.Server;
  /** Stops accepting calls, lets running ones finish (up to `graceMs`), then stops. */
  close(graceMs?: number): Promise<void>;
}

/** Adds IstioCertificateService to an existing grpc-js server (e.g. the xDS server on 15012). */
export function addCaService(server: grpc.Server, options: CaServerOptions): void {
  server.addService(
    loadCaProto().service,
    createCaServiceHandlers({
      authority: options.authority,
      authenticator: options.authenticator,
      trustDomain: options.trustDomain,
      metrics: createCaMetrics(options.registry),
      logger: options.logger ?? createSilentLogger(),
    }),
  );
}

/** The default names of the CA endpoint's own certificate. */
export const DEFAULT_SERVING_NAMES: ServingNames = {
  dnsNames: ['gangway.gangway-system.svc', 'localhost'],
  ipAddresses: ['127.0.0.1', '::1'],
};

/** Builds the CA's gRPC server over TLS (it binds when told to). */
export function createCaServer(options: CaServerOptions): CaServer {
  const logger = options.logger ?? createSilentLogger();
  const server = new grpc.Server({
    // A CSR is a few KiB; 4 MiB is grpc's default, kept explicit so that oversized CSRs reach the
    // handler and are refused with a reason (csr-too-large) rather than a bare RESOURCE_EXHAUSTED.
    'grpc.max_receive_message_length': 4 * 1024 * 1024,
  });
  addCaService(server, { ...options, logger });
  const { credentials, identity } = serverCredentials(options, logger);
  let port: number | undefined;
  return {
    grpcServer: server,
    get port() {
      return port;
    },
    bind: async (address) => {
      identity?.renew();
      port = await new Promise<number>((resolve, reject) => {
        server.bindAsync(address, credentials, (error, bound) =>
          error ? reject(error) : resolve(bound),
        );
      });
      logger.info({ port }, 'CA listening');
      return port;
    },
    close: (graceMs = 5_000) => closeServer(server, identity, graceMs),
  };
}

/** Fixed PEM credentials, or a certificate issued by the CA itself and renewed in place. */
function serverCredentials(
  options: CaServerOptions,
  logger: Logger,
): { credentials: grpc.ServerCredentials; identity?: ServingIdentity } {
  const tls = options.tls ?? { issued: DEFAULT_SERVING_NAMES };
  if ('pem' in tls) {
    const pair = {
      cert_chain: Buffer.from(tls.pem.certChainPem),
      private_key: Buffer.from(tls.pem.keyPem),
    };
    return { credentials: grpc.ServerCredentials.createSsl(null, [pair]) };
  }
  const identity = createServingIdentity({
    authority: options.authority,
    names: tls.issued,
    logger,
  });
  // Despite the parameter's name in grpc-js's typings, the first argument is the identity provider.
  const credentials = grpc.experimental.createCertificateProviderServerCredentials(
    identity,
    null,
    false,
  );
  return { credentials, identity };
}

async function closeServer(
  server: grpc.Server,
  identity: ServingIdentity | undefined,
  graceMs: number,
): Promise<void> {
  identity?.close();
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    timer.unref();
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
