import type { TrafficPolicy } from '../model/istio-policy.js';
import { EMBEDDED_TYPE_URLS } from '../resources/type-urls.js';
import { anyOf } from '../resources/build.js';
import type { ProtoObject } from '../resources/envoy-protos.js';
import { effectiveMtlsMode } from './peer-authentication.js';
import type { MeshIndex } from './mesh-index.js';
import { upstreamFileTls, upstreamMeshTls } from './tls.js';
import type { Flavor } from './traffic-policy.js';
import { spiffeId, type MeshEndpoint, type MeshService, type TranslationNote } from './types.js';

/** The TLS fields of a cluster: a transport socket, or socket matches (Envoy auto mTLS). */
export interface ClusterTls {
  readonly transport_socket?: ProtoObject;
  readonly transport_socket_matches?: readonly ProtoObject[];
}

/** What cluster TLS depends on. */
export interface ClusterTlsInput {
  readonly index: MeshIndex;
  readonly flavor: Flavor;
  readonly service: MeshService;
  readonly policy: TrafficPolicy;
  readonly endpoints: readonly MeshEndpoint[];
  readonly sni: string;
  readonly notes: TranslationNote[];
}

/** SPIFFE ids of the service accounts behind the endpoints, and the service's own SANs. */
function serverSans(input: ClusterTlsInput): string[] {
  const fromRule = input.policy.tls?.subjectAltNames;
  if (fromRule && fromRule.length > 0) return [...fromRule];
  const { trustDomain } = input.index.options;
  const ids = input.endpoints
    .filter((ep) => ep.serviceAccount !== undefined)
    .map((ep) => spiffeId(trustDomain, ep.namespace, ep.serviceAccount!));
  return [...new Set([...ids, ...input.service.subjectAltNames])].sort();
}

/** The mTLS mode the endpoints run in: STRICT or DISABLE only when all agree. */
function destinationMode(input: ClusterTlsInput): 'STRICT' | 'PERMISSIVE' | 'DISABLE' {
  const modes = new Set(
    input.endpoints.map((ep) => effectiveMtlsMode(input.index, ep.namespace, ep.labels, ep.port)),
  );
  if (modes.size === 1) return [...modes][0]!;
  return 'PERMISSIVE';
}

/**
 * Cluster TLS from the DestinationRule's mode, else automatic: in-mesh destinations whose
 * PeerAuthentication is STRICT get mesh mTLS. PERMISSIVE destinations get it too from Envoy, per
 * endpoint (only those whose proxy speaks it); proxyless gRPC servers in PERMISSIVE mode serve
 * plaintext (gRPC cannot tell TLS from plaintext on one port), so gRPC clients stay plaintext.
 */
export function clusterTls(input: ClusterTlsInput): ClusterTls {
  const mode = input.policy.tls?.mode;
  const sni = input.flavor === 'envoy' ? input.sni : undefined;
  if (mode === 'DISABLE') return {};
  if (mode === 'ISTIO_MUTUAL')
    return { transport_socket: upstreamMeshTls(input.flavor, serverSans(input), sni) };
  if (mode === 'SIMPLE' || mode === 'MUTUAL') return fileTls(input, mode, sni);
  if (input.service.origin === 'ServiceEntry' || input.endpoints.length === 0) return {};
  const destination = destinationMode(input);
  if (destination === 'STRICT')
    return { transport_socket: upstreamMeshTls(input.flavor, serverSans(input), sni) };
  if (destination === 'DISABLE' || input.flavor === 'grpc') return {};
  return {
    transport_socket_matches: [
      {
        name: 'tlsMode-istio',
        match: { fields: { tlsMode: { stringValue: 'istio' } } },
        transport_socket: upstreamMeshTls('envoy', serverSans(input), sni),
      },
      {
        name: 'tlsMode-disabled',
        match: {},
        transport_socket: {
          name: 'envoy.transport_sockets.raw_buffer',
          typed_config: anyOf(EMBEDDED_TYPE_URLS.rawBuffer),
        },
      },
    ],
  };
}

function fileTls(
  input: ClusterTlsInput,
  mode: 'SIMPLE' | 'MUTUAL',
  sni: string | undefined,
): ClusterTls {
  const tls = input.policy.tls ?? {};
  const sans = tls.subjectAltNames ?? [];
  if (input.flavor === 'envoy')
    return { transport_socket: upstreamFileTls(tls, sans, tls.sni ?? sni) };
  // gRPC reads certificates only from bootstrap providers: fail closed against the mesh root
  // rather than silently downgrading to plaintext.
  input.notes.push({
    object: `DestinationRule for ${input.service.hostname}`,
    message: `tls mode ${mode} with certificate files is not supported by proxyless gRPC; using the mesh certificate providers`,
  });
  return { transport_socket: upstreamMeshTls('grpc', sans, undefined) };
}
