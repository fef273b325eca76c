import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Registry } from 'prom-client';
import type { MeshConfig } from '../config/mesh-config.js';
import type { ServeConfig } from '../config/serve-config.js';
import type { DebugRoute } from '../server/app.js';
import { createNodeFileSystem } from '../shared/fs/index.js';
import type { Logger } from '../shared/logger.js';
import type { Authenticator } from '../xds/server/ads-server.js';
import type { ConfigSource } from '../xds/sources/config-source.js';
import { createYamlDirectorySource, type YamlDirectoryFs } from '../xds/sources/yaml-directory.js';
import { startXds, type RunningXds } from '../xds/start.js';

/** The YAML directory source's file access on the real file system. */
export function createNodeYamlDirectoryFs(): YamlDirectoryFs {
  const fs = createNodeFileSystem();
  return {
    readFile: (path) => fs.readFile(path),
    watch: (paths, onChange, options) => fs.watch(paths, onChange, { debounceMs: 20, ...options }),
    listFiles: async (dir) => {
      const entries = await readdir(dir, { recursive: true, withFileTypes: true });
      return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    },
  };
}

/** The mesh config xDS serves: the cluster's watches, or the hot-reloaded `--mesh-dir` files. */
async function meshSourceOf(
  config: ServeConfig,
  kubeConfig: KubeConfig | undefined,
  logger: Logger,
): Promise<{ source: ConfigSource; isSynced: () => boolean }> {
  if (kubeConfig) {
    // Loaded only with a cluster: the Kubernetes client is slow to import.
    const { createInformerWatches } = await import('../xds/sources/kube-informers.js');
    const { createKubeSource } = await import('../xds/sources/kube-source.js');
    const source = await createKubeSource({ watches: createInformerWatches(kubeConfig), logger });
    return { source, isSynced: () => source.synced() };
  }
  const dir = config.meshDir ?? join(config.configDir, 'mesh');
  const source = await createYamlDirectorySource({ fs: createNodeYamlDirectoryFs(), dir, logger });
  logger.info({ dir, problems: source.problems().length }, 'xDS: mesh config from a directory');
  return { source, isSynced: () => true };
}

/** The xDS control plane as `gangway serve` runs it. */
export interface ServeXds {
  readonly xds: RunningXds;
  /** The plaintext port (15010), when bound. */
  readonly plaintextPort: number | undefined;
  /** `/debug/config_dump` and `/debug/syncz`, for the HTTP servers. */
  readonly debugRoutes: Readonly<Record<string, DebugRoute>>;
  readonly isSynced: () => boolean;
  close(): Promise<void>;
}

/**
 * Starts the control plane: source -> publisher -> cache -> ADS, the plaintext port bound here
 * (anonymous: for agents on the node and tests); the TLS port is bound with the CA (serve-grpc.ts).
 */
export async function startServeXds(options: {
  config: ServeConfig;
  mesh: MeshConfig;
  kubeConfig: KubeConfig | undefined;
  registry: Registry;
  logger: Logger;
  authenticate?: Authenticator;
}): Promise<ServeXds> {
  const { config, logger } = options;
  const { source, isSynced } = await meshSourceOf(config, options.kubeConfig, logger);
  const xds = startXds({
    source,
    mesh: options.mesh,
    registry: options.registry,
    logger,
    ...(options.authenticate ? { authenticate: options.authenticate } : {}),
  });
  let plaintextPort: number | undefined;
  try {
    if (config.xdsPort >= 0) {
      plaintextPort = await xds.server.bind(
        `${config.host}:${config.xdsPort}`,
        grpc.ServerCredentials.createInsecure(),
        { anonymous: true },
      );
      logger.info({ port: plaintextPort }, 'xDS (plaintext) listening');
    }
  } catch (error) {
    await xds.close(0);
    await source.close();
    throw error;
  }
  return {
    xds,
    plaintextPort,
    isSynced,
    debugRoutes: {
      '/debug/config_dump': (query) => xds.debug.configDump(query),
      '/debug/syncz': () => xds.debug.syncz(),
    },
    close: async () => {
      await xds.close();
      await source.close();
    },
  };
}
