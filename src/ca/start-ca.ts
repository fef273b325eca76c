import type { Registry } from 'prom-client';
import type { Clock } from '../shared/clock.js';
import type { FileSystem } from '../shared/fs/file-system.js';
import { createSilentLogger, type Logger } from '../shared/logger.js';
import { createCachedAuthenticator } from './auth/cached-authenticator.js';
import type { Authenticator } from './auth/identity.js';
import type { IssuerKeySet } from './auth/jwks-source.js';
import { createJwtAuthenticator } from './auth/jwt-authenticator.js';
import { createTokenReviewAuthenticator } from './auth/token-review-authenticator.js';
import { createCertificateAuthority, type CertificateAuthority } from './authority.js';
import {
  startRootDistribution,
  type RootDistribution,
  type RootDistributionOptions,
} from './distribution/root-distribution.js';
import type { TokenReviewer } from './kube/apis.js';
import { createPluginSigners, type PluginSigners } from './roots/plugin-source.js';
import type { RootStore } from './roots/root-store.js';
import {
  createSelfSignedRoots,
  type SelfSignedRoots,
  type SelfSignedRootsOptions,
} from './roots/self-signed-source.js';
import { createCaServer, type CaServer, type CaServerOptions } from './server/ca-server.js';

/** Where the CA's signing certificate comes from. */
export type SigningMode =
  | { mode: 'plugin'; files: FileSystem; dir: string; pollIntervalMs?: number }
  | ({ mode: 'self-signed'; store: RootStore } & Omit<
      SelfSignedRootsOptions,
      'store' | 'clock' | 'logger'
    >);

/** How callers are authenticated. */
export type AuthenticationMode =
  | { mode: 'token-review'; reviewer: TokenReviewer; audiences?: readonly string[] }
  | { mode: 'jwt'; issuer: string; keys: IssuerKeySet; audiences?: readonly string[] };

/** Options of {@link startCa}. */
export interface StartCaOptions {
  trustDomain: string;
  registry: Registry;
  signing: SigningMode;
  authentication: AuthenticationMode;
  logger?: Logger;
  clock?: Clock;
  defaultTtlSeconds?: number;
  maxTtlSeconds?: number;
  /** How long a successful authentication is reused; 60 s; 0 disables the cache. */
  authCacheTtlMs?: number;
  tls?: CaServerOptions['tls'];
  /** Publish the roots to every namespace (cluster mode only). */
  distribution?: Omit<RootDistributionOptions, 'signers' | 'clock' | 'logger'>;
}

/** The signer source of either mode: `rotate` exists on self-signed roots only. */
export type CaSigners = SelfSignedRoots | PluginSigners;

/** A started CA: roots loaded, server built but not bound (call `server.bind`). */
export interface RunningCa {
  server: CaServer;
  authority: CertificateAuthority;
  signers: CaSigners;
  /** Checks callers' tokens (cached); xDS on the same port authenticates with it too. */
  authenticator: Authenticator;
  distribution?: RootDistribution;
  /** Closes the server, the distribution, the watches and the timers. */
  close(): Promise<void>;
}

/** Assembles the CA from its parts: signers, authenticator, authority, server, distribution. */
export async function startCa(options: StartCaOptions): Promise<RunningCa> {
  const logger = options.logger ?? createSilentLogger();
  const clock = options.clock ? { clock: options.clock } : {};
  const signers = await startSigners(options, logger);
  const authenticator = await buildAuthenticator(options).catch((error: unknown) => {
    // Unwatch the files and stop the refresh timer of signers that will never serve.
    signers.close();
    throw error;
  });
  const authority = createCertificateAuthority({
    signers,
    ...clock,
    ...(options.defaultTtlSeconds ? { defaultTtlSeconds: options.defaultTtlSeconds } : {}),
    ...(options.maxTtlSeconds ? { maxTtlSeconds: options.maxTtlSeconds } : {}),
  });
  const server = createCaServer({
    authority,
    authenticator,
    trustDomain: options.trustDomain,
    registry: options.registry,
    logger,
    ...(options.tls ? { tls: options.tls } : {}),
  });
  const distribution = options.distribution
    ? await startRootDistribution({ ...options.distribution, signers, logger, ...clock })
    : undefined;
  return {
    server,
    authority,
    signers,
    authenticator,
    ...(distribution ? { distribution } : {}),
    close: async () => {
      await server.close();
      await distribution?.stop();
      signers.close();
      if (options.authentication.mode === 'jwt') options.authentication.keys.close();
    },
  };
}

async function startSigners(options: StartCaOptions, logger: Logger): Promise<CaSigners> {
  const signing = options.signing;
  if (signing.mode === 'plugin') {
    const plugin = createPluginSigners({ ...signing, logger });
    await plugin.start();
    return plugin;
  }
  const { mode: _mode, ...rest } = signing;
  const roots = createSelfSignedRoots({
    ...rest,
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
    maxLeafTtlMs: (options.maxTtlSeconds ?? 90 * 86_400) * 1000,
  });
  await roots.start();
  return roots;
}

async function buildAuthenticator(options: StartCaOptions): Promise<Authenticator> {
  const auth = options.authentication;
  const audiences = auth.audiences ? { audiences: auth.audiences } : {};
  let inner: Authenticator;
  if (auth.mode === 'token-review') {
    inner = createTokenReviewAuthenticator({ reviewer: auth.reviewer, ...audiences });
  } else {
    await auth.keys.load();
    inner = createJwtAuthenticator({
      issuer: auth.issuer,
      keys: auth.keys.getKey,
      ...audiences,
      ...(options.clock ? { clock: options.clock } : {}),
    });
  }
  if (options.authCacheTtlMs === 0) return inner;
  return createCachedAuthenticator(inner, {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.authCacheTtlMs ? { ttlMs: options.authCacheTtlMs } : {}),
  });
}
