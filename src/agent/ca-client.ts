import * as grpc from '@grpc/grpc-js';
import { GangwayError } from '../shared/errors.js';
import { loadCaProto, type IstioCertificateResponse } from '../ca/server/ca-proto.js';
import { REFUSAL_METADATA_KEY } from '../ca/server/ca-service.js';

/** Options of {@link createCaClient}. */
export interface CaClientOptions {
  /** `host:port` of the CA. */
  address: string;
  /** The roots the CA's serving certificate must chain to (the mounted gangway-ca-root-cert). */
  rootPem: string;
  /** Name to verify in the CA's certificate when it differs from the address host. */
  serverName?: string;
  /** Deadline of one call; 10 s: a signature takes milliseconds, the rest is a sick network. */
  timeoutMs?: number;
}

/** What the CA returned. */
export interface CaAnswer {
  certChainPem: string[];
  /** The roots bundle, when the CA sends one. */
  rootsPem: string[];
}

/** A client of IstioCertificateService over pinned TLS. */
export interface CaClient {
  requestCertificate(request: {
    csrPem: string;
    token: string;
    ttlSeconds: number;
  }): Promise<CaAnswer>;
  close(): void;
}

type RawClient = grpc.Client & {
  CreateCertificate(
    body: unknown,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: (error: grpc.ServiceError | null, response?: IstioCertificateResponse) => void,
  ): grpc.ClientUnaryCall;
};

/** Builds a CA client; TLS only, verified against `rootPem`, never against the system store. */
export function createCaClient(options: CaClientOptions): CaClient {
  const { Client } = loadCaProto();
  const channelOptions: grpc.ChannelOptions = options.serverName
    ? {
        'grpc.ssl_target_name_override': options.serverName,
        'grpc.default_authority': options.serverName,
      }
    : {};
  const client = new Client(
    options.address,
    grpc.credentials.createSsl(Buffer.from(options.rootPem)),
    channelOptions,
  ) as unknown as RawClient;
  return {
    requestCertificate: ({ csrPem, token, ttlSeconds }) => {
      const metadata = new grpc.Metadata();
      metadata.set('authorization', `Bearer ${token}`);
      const deadline = new Date(Date.now() + (options.timeoutMs ?? 10_000));
      return new Promise((resolve, reject) => {
        client.CreateCertificate(
          { csr: csrPem, validity_duration: ttlSeconds },
          metadata,
          { deadline },
          (error, response) => {
            if (error) {
              const reason = error.metadata?.get(REFUSAL_METADATA_KEY)[0];
              const detail = `${grpc.status[error.code]}${reason ? ` (${String(reason)})` : ''}: ${error.details}`;
              reject(new GangwayError('GANGWAY_ERR_AGENT_CA_CALL', detail, { cause: error }));
              return;
            }
            resolve({
              certChainPem: response?.cert_chain ?? [],
              rootsPem: response?.root_cert?.ca_cert ?? [],
            });
          },
        );
      });
    },
    close: () => client.close(),
  };
}
