import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { resolveEnvoyProtoDirs } from '../../shared/fs/proto-paths.js';

/** type_url of SDS resources. */
export const SECRET_TYPE_URL =
  'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret';

/** An envoy.service.discovery.v3.DiscoveryRequest, as decoded (keepCase). */
export interface DiscoveryRequest {
  version_info?: string;
  resource_names?: string[];
  type_url?: string;
  response_nonce?: string;
  error_detail?: { code?: number; message?: string } | null;
  node?: { id?: string } | null;
}

/** An envoy.service.discovery.v3.DiscoveryResponse, as encoded (Any resources carry `@type`). */
export interface DiscoveryResponse {
  version_info: string;
  resources: Record<string, unknown>[];
  type_url: string;
  nonce: string;
}

let cached: grpc.ServiceClientConstructor | undefined;

/**
 * Loads SecretDiscoveryService with the Secret message in the same root, so that resources given
 * as `{ '@type': ..., ...fields }` are packed into google.protobuf.Any by the serializer.
 * `json: true` makes clients (tests) unpack them the same way.
 */
export function loadSdsService(): grpc.ServiceClientConstructor {
  if (cached) return cached;
  const definition = loadSync(
    ['envoy/service/secret/v3/sds.proto', 'envoy/extensions/transport_sockets/tls/v3/secret.proto'],
    {
      includeDirs: resolveEnvoyProtoDirs(),
      keepCase: true,
      longs: String,
      enums: String,
      defaults: false,
      oneofs: true,
      json: true,
    },
  );
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    envoy: {
      service: { secret: { v3: { SecretDiscoveryService: grpc.ServiceClientConstructor } } };
    };
  };
  cached = loaded.envoy.service.secret.v3.SecretDiscoveryService;
  return cached;
}
