import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { resolveProtoRoot } from '../../shared/fs/proto-paths.js';

/** The request message as proto-loader decodes it (keepCase, longs as numbers). */
export interface IstioCertificateRequest {
  csr: string;
  validity_duration: number;
  metadata?: { fields?: Record<string, unknown> } | null;
}

/** The response message. */
export interface IstioCertificateResponse {
  cert_chain: string[];
  root_cert?: { ca_cert: string[] };
}

/** Full name of the service, as Istio's agents dial it. */
export const CA_SERVICE_NAME = 'istio.v1.auth.IstioCertificateService';

/** The loaded service: its definition for servers and a client constructor. */
export interface CaProto {
  service: grpc.ServiceDefinition;
  Client: grpc.ServiceClientConstructor;
}

let cached: CaProto | undefined;

/** Loads proto/istio/v1/auth/ca.proto once. */
export function loadCaProto(): CaProto {
  if (cached) return cached;
  const definition = loadSync('istio/v1/auth/ca.proto', {
    includeDirs: [resolveProtoRoot()],
    keepCase: true,
    // validity_duration is int64; seconds fit a double exactly far beyond any sane lifetime.
    longs: Number,
    defaults: true,
    oneofs: true,
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    istio: { v1: { auth: { IstioCertificateService: grpc.ServiceClientConstructor } } };
  };
  const Client = loaded.istio.v1.auth.IstioCertificateService;
  cached = { service: Client.service, Client };
  return cached;
}
