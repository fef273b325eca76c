import * as grpc from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import { systemClock, type Clock } from '../../shared/clock.js';
import { createSilentLogger, type Logger } from '../../shared/logger.js';
import type { Resource } from '../cache/resource.js';
import type { SnapshotCache } from '../cache/snapshot-cache.js';
import { createXdsMetrics, noXdsMetrics, type XdsMetrics } from '../metrics.js';
import { namespaceOfNode, type XdsNode } from '../model/node.js';
import { loadEnvoyProtos } from '../resources/envoy-protos.js';
import { KIND_TYPE_URLS, messageNameOf } from '../resources/type-urls.js';
import { createAdsStream, type AdsStream, type StreamDeps } from './ads-stream.js';
import { encodeResourceField } from './wire.js';

/** Who is calling, as the authenticator established it. */
export interface CallerIdentity {
  readonly namespace?: string;
  readonly serviceAccount?: string;
}

/**
 * Authenticates a stream from its metadata (a service-account JWT in `authorization`): resolves to
 * the caller, or rejects (the stream ends UNAUTHENTICATED with the error's message).
 */
export type Authenticator = (metadata: grpc.Metadata, peer: string) => Promise<CallerIdentity>;

/** Options of {@link createXdsServer}. */
export interface XdsServerOptions {
  readonly cache: SnapshotCache;
  /** The node group of a node; snapshots are per group. Defaults to the node id. */
  readonly nodeKey?: (node: XdsNode) => string;
  /** Told when a stream starts watching a group, so the publisher can build its snapshot. */
  readonly onWatch?: (key: string, node: XdsNode) => void;
  /** Applied to every bound port except those bound with `anonymous: true`. */
  readonly authenticate?: Authenticator;
  readonly registry?: Registry;
  readonly metrics?: XdsMetrics;
  readonly logger?: Logger;
  readonly clock?: Clock;
}

/** Options of one bound port. */
export interface BindOptions {
  /** Serve this port without authentication (the plaintext in-cluster port, 15010). */
  readonly anonymous?: boolean;
}

/** A running ADS server. */
export interface XdsServer {
  /** Serves ADS on `host:port` (or a port on all interfaces); resolves to the bound port. */
  bind(
    address: string | number,
    credentials: grpc.ServerCredentials,
    options?: BindOptions,
  ): Promise<number>;
  /**
   * Adds the ADS service to a gRPC server someone else binds and closes (the CA's, so that CA and
   * xDS share the TLS port 15012); authenticated unless `anonymous`.
   */
  addTo(server: grpc.Server, options?: BindOptions): void;
  /** Stops every bound port, ending streams after the grace period. */
  close(graceMs?: number): Promise<void>;
  /** The open streams. */
  streams(): readonly AdsStream[];
  readonly cache: SnapshotCache;
}

type Call = grpc.ServerDuplexStream<Record<string, unknown>, Buffer>;

/** What every stream of a server shares. */
interface ServerContext {
  readonly streams: Map<string, AdsStream>;
  readonly metrics: XdsMetrics;
  readonly deps: (identity: CallerIdentity | undefined) => StreamDeps;
  nextId(): string;
}

/**
 * Builds the ADS (state of the world) server over a snapshot cache. Each `bind` starts its own
 * gRPC server, so that plaintext and authenticated ports keep separate policies.
 */
export function createXdsServer(options: XdsServerOptions): XdsServer {
  const metrics =
    options.metrics ?? (options.registry ? createXdsMetrics(options.registry) : noXdsMetrics);
  const servers: grpc.Server[] = [];
  let counter = 0;
  const context: ServerContext = {
    streams: new Map(),
    metrics,
    deps: streamDeps(options, metrics),
    nextId: () => String(++counter),
  };
  const addTo = (server: grpc.Server, bindOptions: BindOptions = {}): void => {
    const authenticate = bindOptions.anonymous ? undefined : options.authenticate;
    server.addService(adsServiceDefinition(), {
      StreamAggregatedResources: (call: Call) => acceptStream(call, authenticate, context),
    });
  };
  return {
    cache: options.cache,
    addTo,
    async bind(address, credentials, bindOptions = {}) {
      const server = new grpc.Server();
      addTo(server, bindOptions);
      servers.push(server);
      const target = typeof address === 'number' ? `0.0.0.0:${address}` : address;
      return bindServer(server, target, credentials);
    },
    async close(graceMs = 1000) {
      await Promise.all(servers.splice(0).map((server) => shutdown(server, graceMs)));
    },
    streams: () => [...context.streams.values()],
  };
}

function streamDeps(options: XdsServerOptions, metrics: XdsMetrics): ServerContext['deps'] {
  const encodeField = createFieldEncoder();
  const shared = {
    cache: options.cache,
    metrics,
    logger: options.logger ?? createSilentLogger(),
    clock: options.clock ?? systemClock,
    nodeKey: options.nodeKey ?? ((node: XdsNode) => node.id),
    onWatch: options.onWatch ?? (() => undefined),
    encodeField,
  };
  return (identity) => ({ ...shared, checkNode: (node) => checkNodeIdentity(node, identity) });
}

/** Authenticates (when the port requires it) before the stream reads its first request. */
function acceptStream(
  call: Call,
  authenticate: Authenticator | undefined,
  context: ServerContext,
): void {
  if (!authenticate) return serveStream(call, undefined, context);
  call.pause();
  authenticate(call.metadata, call.getPeer()).then(
    (identity) => {
      serveStream(call, identity, context);
      call.resume();
    },
    (error: unknown) => {
      context.metrics.refused('unauthenticated');
      const details = error instanceof Error ? error.message : 'unauthenticated';
      call.emit('error', { code: grpc.status.UNAUTHENTICATED, details });
    },
  );
}

function serveStream(
  call: Call,
  identity: CallerIdentity | undefined,
  context: ServerContext,
): void {
  const id = context.nextId();
  const stream = createAdsStream(id, sinkOf(call), context.deps(identity));
  context.streams.set(id, stream);
  context.metrics.connection(1);
  const end = (): void => {
    if (!context.streams.delete(id)) return;
    stream.close();
    context.metrics.connection(-1);
  };
  call.on('data', (request: Record<string, unknown>) => stream.handle(request));
  call.on('end', () => {
    end();
    call.end();
  });
  call.on('cancelled', end);
  call.on('error', end);
  call.on('close', end);
}

function sinkOf(call: Call): Parameters<typeof createAdsStream>[1] {
  return {
    // A write never waits: a slow proxy's responses queue in its own stream, bounded by flow
    // control (one outstanding response per type), and never hold up the others.
    write: (bytes) => void call.write(bytes),
    fail: (code, details) => call.emit('error', { code: grpc.status[code], details }),
  };
}

function checkNodeIdentity(
  node: XdsNode,
  identity: CallerIdentity | undefined,
): string | undefined {
  if (!identity?.namespace) return undefined;
  const claimed = namespaceOfNode(node);
  if (claimed === identity.namespace) return undefined;
  return `node ${node.id} claims namespace ${claimed ?? '(none)'} but the caller is in ${identity.namespace}`;
}

/** Encodes each resource once: shared objects across proxies share their bytes. */
function createFieldEncoder(): (resource: Resource) => Buffer {
  const memo = new WeakMap<Resource, Buffer>();
  const protos = loadEnvoyProtos();
  return (resource) => {
    let bytes = memo.get(resource);
    if (!bytes) {
      const typeUrl = KIND_TYPE_URLS[resource.kind];
      const value = protos.encode(messageNameOf(typeUrl), resource.value);
      bytes = encodeResourceField({ type_url: typeUrl, value });
      memo.set(resource, bytes);
    }
    return bytes;
  };
}

let adsDefinition: grpc.ServiceDefinition | undefined;

/** The ADS service with a pass-through response serializer (responses are pre-encoded bytes). */
function adsServiceDefinition(): grpc.ServiceDefinition {
  if (adsDefinition) return adsDefinition;
  const name = 'envoy.service.discovery.v3.AggregatedDiscoveryService';
  const service = loadEnvoyProtos().packageDefinition[name] as grpc.ServiceDefinition | undefined;
  const method = service?.['StreamAggregatedResources'];
  if (!method) throw new Error(`${name} is missing from the Envoy protos`);
  adsDefinition = {
    StreamAggregatedResources: { ...method, responseSerialize: (bytes: Buffer) => bytes },
  };
  return adsDefinition;
}

function bindServer(
  server: grpc.Server,
  target: string,
  credentials: grpc.ServerCredentials,
): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(target, credentials, (error, port) => (error ? reject(error) : resolve(port)));
  });
}

function shutdown(server: grpc.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
