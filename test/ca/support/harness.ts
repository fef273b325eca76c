import * as grpc from '@grpc/grpc-js';
import { Registry } from 'prom-client';
import type { Clock } from '../../../src/shared/clock.js';
import { createMemoryFileSystem } from '../../../src/shared/fs/memory-file-system.js';
import { createDirectoryRootStore } from '../../../src/ca/roots/root-store.js';
import { startCa, type RunningCa, type SigningMode } from '../../../src/ca/start-ca.js';
import { loadCaProto, type IstioCertificateResponse } from '../../../src/ca/server/ca-proto.js';
import { REFUSAL_METADATA_KEY } from '../../../src/ca/server/ca-service.js';
import { createTestIssuer, type TestIssuer } from './test-issuer.js';

/** A CA on loopback with a test issuer and a pinned client. */
export interface TestCa {
  ca: RunningCa;
  issuer: TestIssuer;
  registry: Registry;
  port: number;
  address: string;
  /** The trust bundle as PEM text. */
  rootPem(): string;
  /** Calls CreateCertificate; `token: null` sends no authorization metadata. */
  call(request: { csr: string; validity?: number; token: string | null }): Promise<CallOutcome>;
  /** The refusal counter's value for a reason. */
  refusals(reason: string): Promise<number>;
  close(): Promise<void>;
}

/** A call's outcome: the chain, or the gRPC error. */
export type CallOutcome =
  | { ok: true; response: IstioCertificateResponse }
  | { ok: false; code: number; details: string; reason: string | undefined };

/** Options of {@link startTestCa}. */
export interface TestCaOptions {
  clock?: Clock;
  signing?: SigningMode;
  maxTtlSeconds?: number;
}

/** Starts a CA (self-signed root in a memory state directory unless told otherwise) on 127.0.0.1. */
export async function startTestCa(options: TestCaOptions = {}): Promise<TestCa> {
  const issuer = await createTestIssuer();
  const registry = new Registry();
  const signing: SigningMode = options.signing ?? {
    mode: 'self-signed',
    store: createDirectoryRootStore({ files: createMemoryFileSystem(), dir: '/state' }),
  };
  const ca = await startCa({
    trustDomain: 'cluster.local',
    registry,
    signing,
    authentication: { mode: 'jwt', issuer: issuer.issuer, keys: issuer.keySet },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.maxTtlSeconds ? { maxTtlSeconds: options.maxTtlSeconds } : {}),
  });
  const port = await ca.server.bind('127.0.0.1:0');
  const address = `127.0.0.1:${port}`;
  const rootPem = (): string => ca.signers.trustBundle().join('');
  const { Client } = loadCaProto();
  const client = new Client(address, grpc.credentials.createSsl(Buffer.from(rootPem())), {
    // Dial the IP but verify the name: TLS forbids an IP address as SNI server name.
    'grpc.ssl_target_name_override': 'localhost',
    'grpc.default_authority': 'localhost',
  });
  return {
    ca,
    issuer,
    registry,
    port,
    address,
    rootPem,
    call: (request) => callCa(client, request),
    refusals: async (reason) => {
      const metric = await registry.getSingleMetric('gangway_ca_refusals_total')?.get();
      return metric?.values.find((value) => value.labels.reason === reason)?.value ?? 0;
    },
    close: async () => {
      client.close();
      await ca.close();
    },
  };
}

/** The generated client's one method, typed. */
type CaClient = grpc.Client & {
  CreateCertificate(
    body: unknown,
    metadata: grpc.Metadata,
    callback: (error: grpc.ServiceError | null, response?: IstioCertificateResponse) => void,
  ): grpc.ClientUnaryCall;
};

/** One CreateCertificate call with a pinned client. */
export function callCa(
  client: grpc.Client,
  request: { csr: string; validity?: number; token: string | null },
): Promise<CallOutcome> {
  const metadata = new grpc.Metadata();
  if (request.token !== null) metadata.set('authorization', `Bearer ${request.token}`);
  const body = { csr: request.csr, validity_duration: request.validity ?? 0 };
  return new Promise((resolve) => {
    (client as CaClient).CreateCertificate(body, metadata, (error, response) => {
      if (error) {
        const reason = error.metadata?.get(REFUSAL_METADATA_KEY)[0];
        resolve({
          ok: false,
          code: error.code,
          details: error.details,
          reason: reason === undefined ? undefined : String(reason),
        });
      } else {
        resolve({ ok: true, response: response! });
      }
    });
  });
}
