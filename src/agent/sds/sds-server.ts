import * as grpc from '@grpc/grpc-js';
import type { FileSystem } from '../../shared/fs/file-system.js';
import type { Logger } from '../../shared/logger.js';
import type { AgentMetrics } from '../metrics.js';
import {
  loadSdsService,
  SECRET_TYPE_URL,
  type DiscoveryRequest,
  type DiscoveryResponse,
} from './sds-proto.js';
import { buildSecretResources, type SdsSecrets } from './sds-resources.js';

/** Options of {@link createSdsServer}. */
export interface SdsServerOptions {
  /** Path of the Unix socket Envoy dials. */
  socketPath: string;
  /** The secrets to serve now. */
  secrets: () => SdsSecrets;
  files: FileSystem;
  logger: Logger;
  metrics: AgentMetrics;
}

/** Envoy's Secret Discovery Service on a Unix socket. */
export interface SdsServer {
  start(): Promise<void>;
  /** Sends the current secrets to every stream (after a rotation). */
  push(): void;
  close(): Promise<void>;
}

type Stream = grpc.ServerDuplexStream<DiscoveryRequest, DiscoveryResponse>;

interface StreamState {
  names: string[];
  /** What the stream last received, to skip pushes that change nothing. */
  lastSent: string | undefined;
}

/**
 * Builds the SDS server. State of the world per stream: every request names the resources the
 * stream wants; every change of those resources is sent in full. ACKs and NACKs are logged; a NACK
 * is not retried with the same content (Envoy would reject it again). No TLS on the socket: like
 * Istio's, it is protected by the permissions of the directory it lives in.
 */
export function createSdsServer(options: SdsServerOptions): SdsServer {
  return new UnixSdsServer(options);
}

class UnixSdsServer implements SdsServer {
  private readonly server = new grpc.Server();
  private readonly streams = new Map<Stream, StreamState>();
  private nonce = 0;

  constructor(private readonly options: SdsServerOptions) {
    const fetchSecrets: grpc.handleUnaryCall<DiscoveryRequest, DiscoveryResponse> = (
      call,
      callback,
    ) =>
      callback(
        null,
        this.response(buildSecretResources(call.request.resource_names ?? [], options.secrets())),
      );
    this.server.addService(loadSdsService().service, {
      StreamSecrets: (stream: Stream) => this.open(stream),
      FetchSecrets: fetchSecrets,
    });
  }

  async start(): Promise<void> {
    // A socket left by a previous run would make bind fail with EADDRINUSE.
    await this.options.files.remove(this.options.socketPath);
    await new Promise<void>((resolve, reject) => {
      this.server.bindAsync(
        `unix:${this.options.socketPath}`,
        grpc.ServerCredentials.createInsecure(),
        (error) => (error ? reject(error) : resolve()),
      );
    });
  }

  push(): void {
    for (const [stream, state] of this.streams) this.send(stream, state);
  }

  async close(): Promise<void> {
    for (const stream of this.streams.keys()) stream.end();
    this.streams.clear();
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
    await this.options.files.remove(this.options.socketPath);
  }

  private open(stream: Stream): void {
    const state: StreamState = { names: [], lastSent: undefined };
    this.streams.set(stream, state);
    const drop = (): void => void this.streams.delete(stream);
    stream.on('data', (request: DiscoveryRequest) => this.onRequest(stream, state, request));
    stream.on('end', () => {
      drop();
      stream.end();
    });
    stream.on('error', drop);
    stream.on('cancelled', drop);
  }

  private onRequest(stream: Stream, state: StreamState, request: DiscoveryRequest): void {
    if (request.error_detail?.message) {
      const detail = { nonce: request.response_nonce, error: request.error_detail.message };
      this.options.logger.warn(detail, 'Envoy rejected a secret');
    }
    const names = request.resource_names ?? [];
    const changed = names.join('\u0000') !== state.names.join('\u0000');
    state.names = names;
    // A first request, a changed subscription, or a reconnect (no nonce): answer now.
    if (changed || !request.response_nonce) {
      state.lastSent = undefined;
      this.send(stream, state);
    }
  }

  private send(stream: Stream, state: StreamState): void {
    const resources = buildSecretResources(state.names, this.options.secrets());
    if (resources.length === 0) return;
    const content = JSON.stringify(resources);
    if (content === state.lastSent) return;
    state.lastSent = content;
    stream.write(this.response(resources));
    this.options.metrics.sdsPush();
  }

  private response(resources: Record<string, unknown>[]): DiscoveryResponse {
    return {
      version_info: String(Date.now()),
      resources,
      type_url: SECRET_TYPE_URL,
      nonce: String(++this.nonce),
    };
  }
}
