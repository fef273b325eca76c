import { EMBEDDED_TYPE_URLS } from '../resources/type-urls.js';
import { anyOf, compact, wrap } from '../resources/build.js';
import type { ProtoObject } from '../resources/envoy-protos.js';
import type { Flavor } from './traffic-policy.js';

/**
 * Transport sockets. Proxyless gRPC takes certificates from the bootstrap's certificate provider
 * instances (`default` for the workload certificate, `ROOTCA` for the mesh root); Envoy fetches
 * the same two secrets over SDS from the agent (cluster `sds-grpc`).
 */
export const IDENTITY_PROVIDER = 'default';
/** The certificate provider instance (or SDS secret) of the mesh root. */
export const ROOT_PROVIDER = 'ROOTCA';
/** The cluster of the agent's SDS server in an Envoy bootstrap. */
export const SDS_CLUSTER = 'sds-grpc';

const SDS_SOURCE: ProtoObject = {
  api_config_source: {
    api_type: 'GRPC',
    transport_api_version: 'V3',
    grpc_services: [{ envoy_grpc: { cluster_name: SDS_CLUSTER } }],
    set_node_on_first_message_only: true,
  },
  resource_api_version: 'V3',
};

/** Files of a DestinationRule SIMPLE or MUTUAL TLS setting (Envoy only). */
export interface TlsFiles {
  readonly clientCertificate?: string | undefined;
  readonly privateKey?: string | undefined;
  readonly caCertificates?: string | undefined;
}

function sanMatchers(sans: readonly string[]): ProtoObject[] {
  return sans.map((san) => ({ exact: san }));
}

/** The common TLS context with the mesh identity and root. */
function meshTlsContext(
  flavor: Flavor,
  sans: readonly string[],
  withIdentity: boolean,
): ProtoObject {
  if (flavor === 'grpc') {
    return compact({
      tls_certificate_provider_instance: withIdentity
        ? { instance_name: IDENTITY_PROVIDER, certificate_name: IDENTITY_PROVIDER }
        : undefined,
      combined_validation_context: {
        default_validation_context: compact({
          ca_certificate_provider_instance: {
            instance_name: ROOT_PROVIDER,
            certificate_name: ROOT_PROVIDER,
          },
          match_subject_alt_names: sans.length > 0 ? sanMatchers(sans) : undefined,
        }),
      },
    });
  }
  return compact({
    tls_certificate_sds_secret_configs: withIdentity
      ? [{ name: IDENTITY_PROVIDER, sds_config: SDS_SOURCE }]
      : undefined,
    combined_validation_context: {
      default_validation_context: compact({
        match_subject_alt_names: sans.length > 0 ? sanMatchers(sans) : undefined,
      }),
      validation_context_sds_secret_config: { name: ROOT_PROVIDER, sds_config: SDS_SOURCE },
    },
    alpn_protocols: ['istio-peer-exchange', 'istio', 'h2'],
  });
}

/** An upstream (client) mutual-TLS socket with the mesh identity, checking the server's SANs. */
export function upstreamMeshTls(
  flavor: Flavor,
  sans: readonly string[],
  sni?: string,
): ProtoObject {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: anyOf(
      EMBEDDED_TYPE_URLS.upstreamTls,
      compact({ common_tls_context: meshTlsContext(flavor, sans, true), sni }),
    ),
  };
}

/** An upstream TLS socket with user-supplied files (DestinationRule SIMPLE/MUTUAL, Envoy only). */
export function upstreamFileTls(
  files: TlsFiles,
  sans: readonly string[],
  sni?: string,
): ProtoObject {
  const identity =
    files.clientCertificate && files.privateKey
      ? [
          {
            certificate_chain: { filename: files.clientCertificate },
            private_key: { filename: files.privateKey },
          },
        ]
      : undefined;
  const context = compact({
    tls_certificates: identity,
    validation_context: compact({
      trusted_ca: files.caCertificates ? { filename: files.caCertificates } : undefined,
      match_subject_alt_names: sans.length > 0 ? sanMatchers(sans) : undefined,
    }),
  });
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: anyOf(
      EMBEDDED_TYPE_URLS.upstreamTls,
      compact({ common_tls_context: context, sni }),
    ),
  };
}

/** A downstream (server) mutual-TLS socket that requires a client certificate from the mesh. */
export function downstreamMeshTls(flavor: Flavor): ProtoObject {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: anyOf(EMBEDDED_TYPE_URLS.downstreamTls, {
      common_tls_context: meshTlsContext(flavor, [], true),
      require_client_certificate: wrap(true),
    }),
  };
}
