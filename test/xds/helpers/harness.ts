import './enable-rbac.js';
import * as grpc from '@grpc/grpc-js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { register } from '@grpc/grpc-js-xds';
import { startXds, type RunningXds, type StartXdsOptions } from '../../../src/xds/start.js';
import {
  createYamlDirectorySource,
  type YamlDirectorySource,
} from '../../../src/xds/sources/yaml-directory.js';
import {
  buildGrpcBootstrap,
  grpcNodeId,
  type BootstrapCertificates,
} from '../../../src/xds/proxy/grpc-bootstrap.js';
import { createNodeYamlFs } from './node-yaml-fs.js';
import { Registry } from 'prom-client';

register();

/** The test-only channel option that gives one channel its own bootstrap (and xDS client). */
export const BOOTSTRAP_OPTION = 'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config';

/** A control plane fed from a temporary YAML directory, served on loopback. */
export interface ControlPlane {
  readonly dir: string;
  readonly port: number;
  readonly xds: RunningXds;
  readonly source: YamlDirectorySource;
  readonly registry: Registry;
  /** Writes (or replaces) one YAML file and waits for the source to see it. */
  write(name: string, yaml: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts a control plane on 127.0.0.1 (plaintext, anonymous) with the given files. */
export async function startControlPlane(
  files: Record<string, string>,
  options: Pick<StartXdsOptions, 'authenticate'> = {},
): Promise<ControlPlane> {
  const dir = await mkdtemp(join(tmpdir(), 'gangway-xds-'));
  for (const [name, yaml] of Object.entries(files)) await writeFile(join(dir, name), yaml);
  const source = await createYamlDirectorySource({
    fs: createNodeYamlFs(),
    dir,
    pollIntervalMs: 200,
  });
  const registry = new Registry();
  const xds = startXds({ source, registry, debounce: { quietMs: 100, maxMs: 10_000 }, ...options });
  const port = await xds.server.bind('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), {
    anonymous: true,
  });
  return {
    dir,
    port,
    xds,
    source,
    registry,
    async write(name, yaml) {
      await writeFile(join(dir, name), yaml);
      await source.reload();
    },
    async close() {
      await xds.close(100);
      await source.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Node identity of a test workload. */
export interface TestNode {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly serviceAccount?: string;
  readonly certificates?: BootstrapCertificates;
}

/** The bootstrap JSON of a test workload dialing the control plane directly. */
export function bootstrapFor(port: number, node: TestNode): string {
  const namespace = node.namespace ?? 'default';
  return JSON.stringify(
    buildGrpcBootstrap({
      serverUri: `127.0.0.1:${port}`,
      nodeId: grpcNodeId({ ip: '127.0.0.1', pod: node.name, namespace }),
      metadata: {
        NAMESPACE: namespace,
        LABELS: node.labels ?? { app: node.name },
        SERVICE_ACCOUNT: node.serviceAccount ?? node.name,
        INSTANCE_IPS: '127.0.0.1',
      },
      ...(node.certificates ? { certificates: node.certificates } : {}),
    }),
  );
}

/** Polls until the check passes or the time runs out. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const result = await check();
      if (result !== undefined) return result;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(
    `condition not met within ${timeoutMs} ms${lastError instanceof Error ? `: ${lastError.message}` : ''}`,
  );
}
