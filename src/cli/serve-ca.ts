import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Registry } from 'prom-client';
import { startCa, type RunningCa } from '../ca/start-ca.js';
import type { MeshConfig } from '../config/mesh-config.js';
import type { ServeConfig } from '../config/serve-config.js';
import { servingDnsNames } from '../server/embedded-certs.js';
import { createNodeFileSystem } from '../shared/fs/index.js';
import type { Logger } from '../shared/logger.js';
import { bearerTokenAuthenticator } from '../xds/server/authenticate.js';
import type { Authenticator } from '../xds/server/ads-server.js';
import { buildCaStartOptions, readCaSettings, type CaFlagValues } from './ca-options.js';
import { publishRootBundle } from './ca-root-bundle.js';

/** The CA as `gangway serve` runs it, with the xDS authenticator derived from it. */
export interface ServeCa {
  readonly ca: RunningCa;
  /** Authenticates xDS streams on the shared port with the CA's token checks. */
  readonly xdsAuthenticator: Authenticator;
  /** Where the root bundle is kept for clients to pin (not with the Secret store). */
  readonly rootBundle: string | undefined;
  /** Stops rewriting the bundle and closes the CA. */
  close(): Promise<void>;
}

/**
 * The `gangway ca` flags `serve` implies. In a cluster: TokenReview, the root in Secret
 * `gangway-ca`, roots distributed to every namespace, unless `--ca-issuer` asks for local JWT
 * checks. With no cluster: JWT checks against `--ca-issuer` (keys from `--ca-jwks` or discovery)
 * and the root under `<state-dir>/ca`; undefined when no issuer is given, as nobody could be
 * authenticated.
 */
export function caFlagsOf(
  config: ServeConfig,
  mesh: MeshConfig,
  inCluster: boolean,
): CaFlagValues | undefined {
  const jwt = config.caIssuer
    ? {
        auth: 'jwt',
        issuer: config.caIssuer,
        ...(config.caJwks ? { jwks: config.caJwks } : {}),
      }
    : undefined;
  if (!inCluster && !jwt) return undefined;
  const signing = config.caPluginDir
    ? { 'plugin-dir': config.caPluginDir, 'state-dir': join(config.stateDir, 'ca') }
    : inCluster
      ? { 'root-store': 'secret' }
      : { 'state-dir': join(config.stateDir, 'ca') };
  return {
    'trust-domain': mesh.trustDomain,
    namespace: config.namespace,
    ...(jwt ?? { auth: 'token-review' }),
    ...signing,
    ...(inCluster ? { 'distribute-roots': true } : {}),
    ...(config.kubeconfig ? { kubeconfig: config.kubeconfig } : {}),
    ...(config.caMaxTtl ? { 'max-ttl': config.caMaxTtl } : {}),
  };
}

/**
 * Starts the CA (not bound: the caller adds xDS to its gRPC server and binds the port). Returns
 * undefined, logging why, when no caller could ever be authenticated.
 */
export async function startServeCa(options: {
  config: ServeConfig;
  mesh: MeshConfig;
  kubeConfig: KubeConfig | undefined;
  registry: Registry;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
}): Promise<ServeCa | undefined> {
  const { config, mesh, logger } = options;
  const flags = caFlagsOf(config, mesh, options.kubeConfig !== undefined);
  if (!flags) {
    logger.warn(
      'CA and authenticated xDS off: no cluster to review tokens and no --ca-issuer to verify them',
    );
    return undefined;
  }
  const settings = readCaSettings(flags, options.env);
  const files = createNodeFileSystem();
  const startOptions = await buildCaStartOptions(settings, {
    registry: options.registry,
    logger,
    files,
    ...(options.kubeConfig ? { kubeConfig: options.kubeConfig } : {}),
  });
  const ca = await startCa({
    ...startOptions,
    tls: {
      issued: {
        dnsNames: [...servingDnsNames(config.service, config.namespace), 'localhost'],
        ipAddresses: ['127.0.0.1', '::1'],
      },
    },
  });
  const bundle = await publishRootBundle(ca, settings, files, logger).catch(async (error) => {
    await ca.close();
    throw error;
  });
  return {
    ca,
    rootBundle: bundle.path,
    xdsAuthenticator: bearerTokenAuthenticator(ca.authenticator),
    close: async () => {
      bundle.stop();
      await ca.close();
    },
  };
}
