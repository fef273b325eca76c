import * as grpc from '@grpc/grpc-js';
import { loadEnvoyProtos } from '../../../src/xds/resources/envoy-protos.js';
import { jsonToStruct } from '../../../src/xds/model/node.js';
import { KIND_TYPE_URLS, type ResourceKind } from '../../../src/xds/resources/type-urls.js';

/** A decoded DiscoveryResponse. */
export interface Response {
  version_info: string;
  nonce: string;
  type_url: string;
  resources: { '@type': string; name?: string; cluster_name?: string }[];
}

/** A hand-driven ADS stream over real gRPC, to test the protocol request by request. */
export interface RawAdsStream {
  send(
    kind: ResourceKind,
    names: string[],
    fields?: { nonce?: string; version?: string; error?: string },
  ): void;
  /** The next response, or rejects after the timeout. */
  next(timeoutMs?: number): Promise<Response>;
  /** Resolves true when nothing arrives for the given time. */
  quiet(ms?: number): Promise<boolean>;
  /** The status the stream ended with. */
  status(): Promise<grpc.StatusObject>;
  close(): void;
}

/** Opens a stream as `nodeId`, sending node metadata on the first request. */
export function openRawAds(
  port: number,
  nodeId: string,
  options: {
    metadata?: Record<string, unknown>;
    callMetadata?: grpc.Metadata;
    noNode?: boolean;
    /** Channel credentials (TLS for an authenticated port); insecure by default. */
    credentials?: grpc.ChannelCredentials;
    /** The name to verify in the server's certificate. */
    serverName?: string;
  } = {},
): RawAdsStream {
  const service = loadEnvoyProtos().packageDefinition[
    'envoy.service.discovery.v3.AggregatedDiscoveryService'
  ] as grpc.ServiceDefinition;
  const Client = grpc.makeGenericClientConstructor(service, 'AggregatedDiscoveryService');
  const client = new Client(
    `127.0.0.1:${port}`,
    options.credentials ?? grpc.credentials.createInsecure(),
    options.serverName ? { 'grpc.ssl_target_name_override': options.serverName } : {},
  );
  const stream = (
    client as unknown as {
      StreamAggregatedResources(m?: grpc.Metadata): grpc.ClientDuplexStream<unknown, Response>;
    }
  ).StreamAggregatedResources(options.callMetadata ?? new grpc.Metadata());
  const queue: Response[] = [];
  const waiters: ((r: Response) => void)[] = [];
  stream.on('data', (response: Response) => {
    const waiter = waiters.shift();
    if (waiter) waiter(response);
    else queue.push(response);
  });
  stream.on('error', () => undefined);
  const ended = new Promise<grpc.StatusObject>((resolve) => stream.on('status', resolve));
  let first = !options.noNode;
  return {
    send(kind, names, fields = {}) {
      stream.write({
        ...(first ? { node: { id: nodeId, metadata: jsonToStruct(options.metadata ?? {}) } } : {}),
        type_url: KIND_TYPE_URLS[kind],
        resource_names: names,
        response_nonce: fields.nonce ?? '',
        version_info: fields.version ?? '',
        ...(fields.error ? { error_detail: { code: 3, message: fields.error } } : {}),
      });
      first = false;
    },
    next(timeoutMs = 2000) {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no response')), timeoutMs);
        waiters.push((r) => {
          clearTimeout(timer);
          resolve(r);
        });
      });
    },
    async quiet(ms = 150) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return queue.length === 0;
    },
    status: () => ended,
    close() {
      stream.cancel();
      client.close();
    },
  };
}

/** The names of a response's resources. */
export function namesOf(response: Response): string[] {
  return response.resources.map((r) => r.name ?? r.cluster_name ?? '?');
}
