import * as grpc from '@grpc/grpc-js';

/** What an echo call carries: how long the server should wait before answering. */
export interface EchoRequest {
  sleepMs?: number;
}

/** What the echo server answers: its name, and the peer identity it saw (mTLS). */
export interface EchoReply {
  server: string;
  peerSan?: string;
}

const json = {
  serialize: (value: unknown): Buffer => Buffer.from(JSON.stringify(value)),
  deserialize: <T>(bytes: Buffer): T => JSON.parse(bytes.toString('utf8')) as T,
};

/** The method path routes match on. */
export const ECHO_PATH = '/gangway.test.Echo/Echo';

/** The echo service, with JSON messages (no .proto needed). */
export const echoService: grpc.ServiceDefinition = {
  Echo: {
    path: ECHO_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: json.serialize,
    requestDeserialize: (bytes: Buffer) => json.deserialize<EchoRequest>(bytes),
    responseSerialize: json.serialize,
    responseDeserialize: (bytes: Buffer) => json.deserialize<EchoReply>(bytes),
  },
};

/** The echo handler: answers with the server's name after the requested sleep. */
export function echoHandler(name: string): grpc.UntypedServiceImplementation {
  return {
    Echo: (
      call: grpc.ServerUnaryCall<EchoRequest, EchoReply>,
      callback: grpc.sendUnaryData<EchoReply>,
    ) => {
      const auth = call.getAuthContext?.();
      const cert = auth?.sslPeerCertificate as { subjectaltname?: string } | undefined;
      const reply: EchoReply = {
        server: name,
        ...(cert?.subjectaltname ? { peerSan: cert.subjectaltname } : {}),
      };
      const sleep = call.request.sleepMs ?? 0;
      if (sleep > 0) setTimeout(() => callback(null, reply), sleep);
      else callback(null, reply);
    },
  };
}

/** A plain (non-xDS) echo server on loopback; resolves to its port. */
export async function startEchoServer(
  name: string,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = new grpc.Server();
  server.addService(echoService, echoHandler(name));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  return { port, close: () => new Promise((resolve) => server.tryShutdown(() => resolve())) };
}

/** An echo client over any channel (xDS or not). */
export interface EchoClient {
  call(options?: {
    metadata?: Record<string, string>;
    sleepMs?: number;
    deadlineMs?: number;
  }): Promise<EchoReply>;
  close(): void;
}

/** Creates an echo client for a target. */
export function createEchoClient(
  target: string,
  credentials: grpc.ChannelCredentials,
  channelOptions: grpc.ChannelOptions = {},
): EchoClient {
  const client = new grpc.Client(target, credentials, channelOptions);
  return {
    call(options = {}) {
      const metadata = new grpc.Metadata();
      for (const [k, v] of Object.entries(options.metadata ?? {})) metadata.set(k, v);
      const callOptions = options.deadlineMs ? { deadline: Date.now() + options.deadlineMs } : {};
      return new Promise((resolve, reject) =>
        client.makeUnaryRequest<EchoRequest, EchoReply>(
          ECHO_PATH,
          json.serialize,
          (bytes) => json.deserialize<EchoReply>(bytes),
          { sleepMs: options.sleepMs ?? 0 },
          metadata,
          callOptions,
          (error, reply) => (error ? reject(error) : resolve(reply!)),
        ),
      );
    },
    close: () => client.close(),
  };
}

/** Runs `count` calls with bounded concurrency; returns the servers' names and the errors. */
export async function callMany(
  client: EchoClient,
  count: number,
  options: Parameters<EchoClient['call']>[0] = {},
  concurrency = 50,
): Promise<{ servers: Record<string, number>; errors: Record<string, number> }> {
  const servers: Record<string, number> = {};
  const errors: Record<string, number> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      try {
        const reply = await client.call(options);
        servers[reply.server] = (servers[reply.server] ?? 0) + 1;
      } catch (error) {
        const code = String((error as { code?: number }).code ?? 'unknown');
        errors[code] = (errors[code] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { servers, errors };
}
