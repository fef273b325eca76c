import { Registry } from 'prom-client';
import { systemClock } from '../shared/clock.js';
import { joinPath, type FileSystem } from '../shared/fs/file-system.js';
import { createNodeFileSystem } from '../shared/fs/node-file-system.js';
import { createSilentLogger, type Logger } from '../shared/logger.js';
import { AGENT_DEFAULTS, type AgentOptions } from './agent-options.js';
import { createCaClient, type CaClient } from './ca-client.js';
import { CERT_FILES } from './cert-files.js';
import { CertManager, mergeRoots, type WorkloadCertificate } from './cert-manager.js';
import { parsePrometheusAnnotations } from './health/app-metrics.js';
import { parseAppProbers } from './health/app-probers.js';
import {
  createHealthServer,
  type HealthServer,
  type HealthServerOptions,
} from './health/health-server.js';
import { startAgentXds, writeBootstrapOnFirstCertificate, type AgentXds } from './agent-xds.js';
import { createAgentMetrics, type AgentMetrics } from './metrics.js';
import { createPinnedRoots, type PinnedRoots } from './pinned-roots.js';
import { createSdsServer, type SdsServer } from './sds/sds-server.js';
import type { SdsSecrets } from './sds/sds-resources.js';
import { systemTimers } from './timers.js';

/** A running agent. */
export interface AgentHandle {
  /** Whether a valid workload certificate is in place. */
  ready(): boolean;
  /** The certificate in use. */
  current(): WorkloadCertificate | undefined;
  /** Resolves at the next certificate change (rotation, or expiry with `undefined`). */
  nextChange(): Promise<WorkloadCertificate | undefined>;
  /** Requests a new certificate now; true on success. */
  refreshNow(): Promise<boolean>;
  /** The bound status port, when the status server runs. */
  readonly statusPort: number | undefined;
  /** The SDS socket path, when SDS runs. */
  readonly sdsSocketPath: string | undefined;
  /** The xDS proxy, when it runs: where the app dials and where its bootstrap is. */
  readonly xds: AgentXdsHandle | undefined;
  readonly registry: Registry;
  /** Stops everything: timers, SDS, status server, CA client, watches. */
  close(): Promise<void>;
}

/** The agent's xDS proxy as the handle shows it. */
export interface AgentXdsHandle {
  /** The first TCP endpoint's bound port (0 with Unix sockets only). */
  readonly port: number;
  /** The bootstrap's `server_uri`. */
  readonly serverUri: string;
  /** The bootstrap file, written once the first certificate is in place. */
  readonly bootstrapPath: string;
  /** Open downstream streams. */
  streams(): number;
}

/** The servers the agent runs; each absent when turned off. */
interface AgentServers {
  sds: { server: SdsServer; socketPath: string } | undefined;
  status: { server: HealthServer; port: number } | undefined;
  xds: AgentXds | undefined;
}

/** What the agent's parts share. */
interface AgentContext {
  options: AgentOptions;
  files: FileSystem;
  logger: Logger;
  registry: Registry;
  metrics: AgentMetrics;
}

/**
 * Runs the workload agent: certificates (files and SDS), rotation, app probes and merged metrics,
 * and (with `xds`) the xDS proxy and the gRPC bootstrap. Resolves once the servers listen; the
 * first certificate arrives asynchronously (see `ready`). Rejects on invalid prober or scrape
 * settings, when the pinned roots cannot be read, or when a port cannot be bound.
 */
export async function runAgent(options: AgentOptions): Promise<AgentHandle> {
  // Settings first: a typo in the prober JSON must fail before anything listens.
  const probes = parseAppProbers(options.appProbers);
  const scrapeTarget = parsePrometheusAnnotations(options.prometheusAnnotations);
  const context = buildContext(options);
  const pinned = createPinnedRoots({
    files: context.files,
    path: options.caRootPath,
    logger: context.logger,
  });
  await pinned.load();
  const caClient = followRoots(options, pinned);
  const manager = buildCertManager(context, caClient.current, pinned);
  const roots = (): string[] => mergeRoots(pinned.roots(), manager.current()?.rootsPem ?? []);
  const servers = await startServers(context, {
    secrets: () => secretsOf(manager.current(), roots()),
    health: { ready: () => manager.current() !== undefined, probes, scrapeTarget },
    pinned,
  }).catch((error: unknown) => {
    pinned.close();
    caClient.close();
    throw error;
  });
  const { sds, xds } = servers;
  manager.onChange(() => sds?.server.push());
  pinned.onChange(() => {
    // A root rotation reached the pod: republish the bundle in the file and over SDS.
    const rootPath = joinPath(options.certDir, CERT_FILES.root);
    void context.files.writeFileAtomic(rootPath, roots().join('')).catch(() => undefined);
    sds?.server.push();
  });
  if (xds) writeBootstrapOnFirstCertificate(manager, xds, context.logger);
  manager.start();
  return handleOf(context, manager, servers, () => {
    pinned.close();
    caClient.close();
  });
}

function handleOf(
  context: AgentContext,
  manager: CertManager,
  servers: AgentServers,
  release: () => void,
): AgentHandle {
  const { sds, status, xds } = servers;
  return {
    ready: () => manager.current() !== undefined,
    current: () => manager.current(),
    nextChange: () => nextChangeOf(manager),
    refreshNow: () => manager.refreshNow(),
    statusPort: status?.port,
    sdsSocketPath: sds?.socketPath,
    xds: xds && {
      port: xds.port,
      serverUri: xds.serverUri,
      bootstrapPath: xds.bootstrapPath,
      streams: () => xds.proxy.streams(),
    },
    registry: context.registry,
    close: async () => {
      manager.stop();
      release();
      await closeServers(servers);
    },
  };
}

function buildContext(options: AgentOptions): AgentContext {
  const registry = options.registry ?? new Registry();
  return {
    options,
    files: options.files ?? createNodeFileSystem(),
    logger: options.logger ?? createSilentLogger(),
    registry,
    metrics: createAgentMetrics(registry),
  };
}

function buildCertManager(
  context: AgentContext,
  caClient: () => CaClient,
  pinned: PinnedRoots,
): CertManager {
  const { options } = context;
  return new CertManager({
    files: context.files,
    certDir: options.certDir,
    tokenPath: options.tokenPath,
    trustDomain: options.trustDomain ?? AGENT_DEFAULTS.trustDomain,
    ...(options.identity ? { identity: options.identity } : {}),
    ttlSeconds: options.ttlSeconds ?? 0,
    keyGroupReadable: options.keyGroupReadable ?? false,
    caClient,
    trustedRoots: () => pinned.roots(),
    clock: options.clock ?? systemClock,
    timers: options.timers ?? systemTimers,
    random: options.random ?? Math.random,
    logger: context.logger,
    metrics: context.metrics,
    ...(options.refreshPolicy ? { refreshPolicy: options.refreshPolicy } : {}),
    ...(options.backoffPolicy ? { backoffPolicy: options.backoffPolicy } : {}),
  });
}

/** A CA client pinned to the current roots, rebuilt when they change. */
function followRoots(
  options: AgentOptions,
  pinned: PinnedRoots,
): { current: () => CaClient; close(): void } {
  const build = (): CaClient =>
    createCaClient({
      address: options.caAddress,
      rootPem: pinned.roots().join(''),
      ...(options.caServerName ? { serverName: options.caServerName } : {}),
    });
  let client = build();
  pinned.onChange(() => {
    client.close();
    client = build();
  });
  return { current: () => client, close: () => client.close() };
}

/** Starts SDS, the status port and the xDS proxy; if one fails, the started ones are closed. */
async function startServers(
  context: AgentContext,
  parts: {
    secrets: () => SdsSecrets;
    health: Pick<HealthServerOptions, 'ready' | 'probes' | 'scrapeTarget'>;
    pinned: PinnedRoots;
  },
): Promise<AgentServers> {
  const servers: AgentServers = { sds: undefined, status: undefined, xds: undefined };
  try {
    servers.sds = await startSds(context, parts.secrets);
    servers.status = await startStatus(context, parts.health);
    servers.xds = await startXds(context, parts.pinned);
    return servers;
  } catch (error) {
    await closeServers(servers);
    throw error;
  }
}

async function closeServers(servers: AgentServers): Promise<void> {
  await Promise.all([
    servers.sds?.server.close(),
    servers.status?.server.close(),
    servers.xds?.close(),
  ]);
}

async function startXds(context: AgentContext, pinned: PinnedRoots): Promise<AgentXds | undefined> {
  const { options } = context;
  if (!options.xds || options.xds.enabled === false) return undefined;
  return startAgentXds({
    options: options.xds,
    certDir: options.certDir,
    tokenPath: options.tokenPath,
    pinned,
    files: context.files,
    logger: context.logger,
    registry: context.registry,
  });
}

function secretsOf(
  certificate: WorkloadCertificate | undefined,
  rootsPem: readonly string[],
): SdsSecrets {
  return certificate ? { certificate, rootsPem } : { rootsPem };
}

function nextChangeOf(manager: CertManager): Promise<WorkloadCertificate | undefined> {
  return new Promise((resolve) => {
    const off = manager.onChange((certificate) => {
      off();
      resolve(certificate);
    });
  });
}

async function startSds(
  context: AgentContext,
  secrets: () => SdsSecrets,
): Promise<{ server: SdsServer; socketPath: string } | undefined> {
  const { options, files, logger, metrics } = context;
  if (options.sds?.enabled === false) return undefined;
  await files.mkdir(options.certDir, { mode: 0o755 });
  const socketPath = joinPath(
    options.certDir,
    options.sds?.socketName ?? AGENT_DEFAULTS.sdsSocketName,
  );
  const server = createSdsServer({ socketPath, secrets, files, logger, metrics });
  await server.start();
  return { server, socketPath };
}

async function startStatus(
  context: AgentContext,
  parts: Pick<HealthServerOptions, 'ready' | 'probes' | 'scrapeTarget'>,
): Promise<{ server: HealthServer; port: number } | undefined> {
  const { options } = context;
  if (options.status?.enabled === false) return undefined;
  const server = createHealthServer({
    ...parts,
    appHost: options.appHost ?? AGENT_DEFAULTS.appHost,
    registry: context.registry,
    logger: context.logger,
  });
  const port = await server.listen(
    options.status?.port ?? AGENT_DEFAULTS.statusPort,
    options.status?.host ?? AGENT_DEFAULTS.statusHost,
  );
  return { server, port };
}
