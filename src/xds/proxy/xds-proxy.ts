import * as grpc from '@grpc/grpc-js';
import { createSilentLogger, type Logger } from '../../shared/logger.js';

const ADS_PATH = '/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources';
const passthrough = (bytes: Buffer): Buffer => bytes;

/** The ADS method with byte pass-through: the proxy forwards messages without decoding them. */
const ADS_PASSTHROUGH: grpc.ServiceDefinition = {
  StreamAggregatedResources: {
    path: ADS_PATH,
    requestStream: true,
    responseStream: true,
    requestSerialize: passthrough,
    requestDeserialize: passthrough,
    responseSerialize: passthrough,
    responseDeserialize: passthrough,
  },
};

/** Options of {@link createXdsProxy}. */
export interface XdsProxyOptions {
  /** The control plane's authenticated port, e.g. `gangway.gangway-system.svc:15012`. */
  readonly upstreamAddress: string;
  /** TLS credentials trusting the mesh root (the agent has it from the CA). */
  readonly upstreamCredentials: grpc.ChannelCredentials;
  /** Channel options, e.g. `grpc.ssl_target_name_override` in tests. */
  readonly upstreamOptions?: grpc.ChannelOptions;
  /** The pod's service-account token, read fresh for each stream (tokens rotate). */
  readonly token: () => Promise<string>;
  /** Where local proxies dial: `unix:///var/run/gangway/xds.sock`, `127.0.0.1:15010`, or both. */
  readonly listen: string | readonly string[];
  readonly logger?: Logger;
}

/** A running local xDS proxy. */
export interface XdsProxy {
  /** Binds the local endpoints; resolves to the first one's bound port (0 for a Unix socket). */
  start(): Promise<number>;
  /** Open downstream streams. */
  streams(): number;
  /**
   * Dials the control plane with new credentials from now on (the mesh roots rotated). The old
   * channel is closed: streams on it end, and their clients reconnect through the new one.
   */
  replaceUpstreamCredentials(credentials: grpc.ChannelCredentials): void;
  close(): Promise<void>;
}

/**
 * The agent's xDS proxy: a plaintext ADS endpoint inside the pod (Unix socket or loopback) for
 * Envoy or a proxyless gRPC app, each stream forwarded byte for byte to the control plane over TLS
 * with the pod's token in `authorization`. The app never holds the token or the upstream TLS.
 */
export function createXdsProxy(options: XdsProxyOptions): XdsProxy {
  const logger = options.logger ?? createSilentLogger();
  const server = new grpc.Server();
  const dial = (credentials: grpc.ChannelCredentials): grpc.Client =>
    new grpc.Client(options.upstreamAddress, credentials, options.upstreamOptions ?? {});
  let upstream = dial(options.upstreamCredentials);
  const counter = { open: 0 };
  server.addService(ADS_PASSTHROUGH, {
    StreamAggregatedResources: (downstream: grpc.ServerDuplexStream<Buffer, Buffer>) =>
      forwardStream(downstream, {
        upstream: () => upstream,
        token: options.token,
        logger,
        counter,
      }),
  });
  const addresses = typeof options.listen === 'string' ? [options.listen] : [...options.listen];
  return {
    start: async () => {
      const ports: number[] = [];
      for (const address of addresses) ports.push(await bindPlaintext(server, address));
      return ports[0] ?? 0;
    },
    streams: () => counter.open,
    replaceUpstreamCredentials: (credentials) => {
      const previous = upstream;
      upstream = dial(credentials);
      previous.close();
    },
    close: async () => {
      server.forceShutdown();
      upstream.close();
    },
  };
}

function bindPlaintext(server: grpc.Server, address: string): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (e, port) =>
      e ? reject(e) : resolve(port),
    ),
  );
}

interface ForwardContext {
  /** The channel now: read when the stream opens, after the token (credentials may rotate). */
  readonly upstream: () => grpc.Client;
  readonly token: () => Promise<string>;
  readonly logger: Logger;
  readonly counter: { open: number };
}

/** Opens the upstream stream with the pod's token, then pipes; without a token, fails the stream. */
function forwardStream(
  downstream: grpc.ServerDuplexStream<Buffer, Buffer>,
  ctx: ForwardContext,
): void {
  ctx.counter.open += 1;
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    ctx.counter.open -= 1;
  };
  downstream.pause();
  ctx.token().then(
    (token) => {
      const metadata = new grpc.Metadata();
      metadata.set('authorization', `Bearer ${token}`);
      const up = ctx.upstream().makeBidiStreamRequest(ADS_PATH, passthrough, passthrough, metadata);
      pipe(downstream, up, finish);
      downstream.resume();
    },
    (error: unknown) => {
      ctx.logger.error({ error: String(error) }, 'xDS proxy could not read the pod token');
      finish();
      downstream.emit('error', {
        code: grpc.status.UNAVAILABLE,
        details: 'the agent could not read its token',
      });
    },
  );
}

/** Forwards both ways; whichever side ends or fails ends the other with the same status. */
function pipe(
  downstream: grpc.ServerDuplexStream<Buffer, Buffer>,
  up: grpc.ClientDuplexStream<Buffer, Buffer>,
  finish: () => void,
): void {
  downstream.on('data', (bytes: Buffer) => up.write(bytes));
  downstream.on('end', () => up.end());
  const stop = (): void => {
    up.cancel();
    finish();
  };
  downstream.on('cancelled', stop);
  downstream.on('error', stop);
  up.on('data', (bytes: Buffer) => downstream.write(bytes));
  up.on('error', () => undefined);
  up.on('status', (status: grpc.StatusObject) => {
    finish();
    if (status.code === grpc.status.OK) downstream.end();
    else downstream.emit('error', { code: status.code, details: status.details });
  });
}
