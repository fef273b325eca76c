import type { Registry } from 'prom-client';
import { systemClock, type Clock } from '../shared/clock.js';
import { createSilentLogger, type Logger } from '../shared/logger.js';
import { defaultMeshConfig, type MeshConfig } from '../config/mesh-config.js';
import { createSnapshotCache, type SnapshotCache } from './cache/snapshot-cache.js';
import { createDebugHandlers, type DebugHandlers } from './debug/handlers.js';
import { createXdsMetrics } from './metrics.js';
import { createPublisher, type Publisher } from './publish/publisher.js';
import { DEFAULT_SERVER_LISTENER_TEMPLATE } from './resources/names.js';
import { createXdsServer, type Authenticator, type XdsServer } from './server/ads-server.js';
import type { ConfigSource } from './sources/config-source.js';
import { proxyGroupKey, proxyInfoFromNode } from './translate/proxy-info.js';
import type { TranslateOptions } from './translate/types.js';

/** Options of {@link startXds}. */
export interface StartXdsOptions {
  readonly source: ConfigSource;
  /** Trust domain and root namespace come from here; the embedded default otherwise. */
  readonly mesh?: MeshConfig;
  readonly translate?: Partial<TranslateOptions>;
  /** Authenticates streams on every port not bound `anonymous` (15012). */
  readonly authenticate?: Authenticator;
  readonly registry?: Registry;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly debounce?: { readonly quietMs: number; readonly maxMs: number };
}

/** The running control plane: bind its server on 15010/15012, mount its debug handlers. */
export interface RunningXds {
  readonly server: XdsServer;
  readonly cache: SnapshotCache;
  readonly publisher: Publisher;
  readonly debug: DebugHandlers;
  /** Stops publishing and closes every bound port. */
  close(graceMs?: number): Promise<void>;
}

/** Translation settings from the mesh config. */
export function translateOptionsFrom(
  mesh: MeshConfig,
  overrides: Partial<TranslateOptions> = {},
): TranslateOptions {
  return {
    domainSuffix: 'cluster.local',
    trustDomain: mesh.trustDomain,
    rootNamespace: mesh.controlPlane.namespace,
    serverListenerTemplate: DEFAULT_SERVER_LISTENER_TEMPLATE,
    ...overrides,
  };
}

/**
 * Wires source -> publisher -> snapshot cache -> ADS server, for `gangway serve` to run beside the
 * webhook. Nothing is bound yet: the caller binds `server` on its ports with its credentials.
 */
export function startXds(options: StartXdsOptions): RunningXds {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createSilentLogger();
  const cache = createSnapshotCache();
  const publisher = createPublisher({
    cache,
    source: options.source,
    translate: translateOptionsFrom(options.mesh ?? defaultMeshConfig(), options.translate),
    clock,
    logger,
    ...(options.debounce ? { debounce: options.debounce } : {}),
  });
  const server = createXdsServer({
    cache,
    clock,
    logger,
    nodeKey: (node) => proxyGroupKey(proxyInfoFromNode(node)),
    onWatch: (key, node) => publisher.ensure(key, node),
    ...(options.authenticate ? { authenticate: options.authenticate } : {}),
    ...(options.registry ? { metrics: createXdsMetrics(options.registry) } : {}),
  });
  const debug = createDebugHandlers({ server, publisher, source: options.source, clock });
  return {
    server,
    cache,
    publisher,
    debug,
    async close(graceMs) {
      publisher.close();
      await server.close(graceMs);
    },
  };
}
