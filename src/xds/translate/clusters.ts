import {
  ADS_CONFIG_SOURCE,
  anyOf,
  compact,
  durationFromMs,
  durationFromString,
} from '../resources/build.js';
import { EMBEDDED_TYPE_URLS } from '../resources/type-urls.js';
import type { ProtoObject } from '../resources/envoy-protos.js';
import { clusterName } from '../resources/names.js';
import { clusterTls } from './cluster-tls.js';
import { buildLoadAssignment } from './endpoints.js';
import type { MeshIndex } from './mesh-index.js';
import type { ProxyScope } from './scope.js';
import type { DestinationRule } from '../model/istio-policy.js';
import type { TranslationMemo } from './memo.js';
import {
  circuitBreakers,
  effectivePolicy,
  loadBalancing,
  outlierDetection,
  type Flavor,
} from './traffic-policy.js';
import {
  labelsMatch,
  type MeshService,
  type MeshServicePort,
  type TranslationNote,
} from './types.js';

/** A named proto value, before it becomes a resource. */
export interface Named {
  readonly name: string;
  readonly value: ProtoObject;
}

/** What cluster building needs. */
export interface ClusterContext {
  readonly index: MeshIndex;
  readonly scope: ProxyScope;
  readonly flavor: Flavor;
  readonly notes: TranslationNote[];
  /** Remembers per-service results across proxies and publications. */
  readonly memo: TranslationMemo;
}

// Istio's default connect timeout: long enough for a cross-zone TCP handshake under load.
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

interface Subset {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The clusters of a service (one per port, plus one per DestinationRule subset) and, for EDS
 * clusters, their load assignments.
 */
export function buildServiceClusters(
  service: MeshService,
  ctx: ClusterContext,
): { clusters: Named[]; assignments: Named[] } {
  const rule = ctx.scope.destinationRuleFor(service);
  const subsets: Subset[] = [
    { name: '', labels: {} },
    ...(rule?.spec.subsets ?? []).map((s) => ({ name: s.name, labels: s.labels ?? {} })),
  ];
  const clusters: Named[] = [];
  const assignments: Named[] = [];
  for (const port of service.ports) {
    for (const subset of subsets) {
      const built = buildCluster(service, port, subset, rule, ctx);
      clusters.push(built.cluster);
      if (built.assignment) assignments.push(built.assignment);
    }
  }
  return { clusters, assignments };
}

function buildCluster(
  service: MeshService,
  port: MeshServicePort,
  subset: Subset,
  rule: DestinationRule | undefined,
  ctx: ClusterContext,
): { cluster: Named; assignment?: Named } {
  const host = service.hostname;
  const name = clusterName({ direction: 'outbound', port: port.port, subset: subset.name, host });
  const endpoints = (service.endpoints.get(port.port) ?? []).filter((ep) =>
    labelsMatch(subset.labels, ep.labels),
  );
  const policy = effectivePolicy(rule, port.port, subset.name);
  const sni = `outbound_.${port.port}_.${subset.name}_.${host}`;
  const { index, flavor, notes } = ctx;
  const tls = clusterTls({ index, flavor, service, policy, endpoints, sni, notes });
  const tlsMetadata = 'transport_socket_matches' in tls;
  const assignment = buildLoadAssignment(name, endpoints, { tlsMetadata });
  const discovery = discoveryFields(service, name, assignment, ctx);
  const envoy = flavor === 'envoy';
  const connectTimeout =
    durationFromString(policy.connectionPool?.tcp?.connectTimeout) ??
    durationFromMs(DEFAULT_CONNECT_TIMEOUT_MS);
  const value = compact({
    name,
    ...discovery,
    ...loadBalancing(policy, flavor),
    connect_timeout: envoy ? connectTimeout : undefined,
    circuit_breakers: circuitBreakers(policy),
    outlier_detection: outlierDetection(policy),
    ...tls,
    typed_extension_protocol_options: envoy ? http2Options(port) : undefined,
  });
  const cluster = { name, value };
  return discovery['type'] === 'EDS'
    ? { cluster, assignment: { name, value: assignment } }
    : { cluster };
}

/** EDS for static services; DNS names resolved by the proxy; original destination for NONE. */
function discoveryFields(
  service: MeshService,
  name: string,
  assignment: ProtoObject,
  ctx: ClusterContext,
): ProtoObject {
  if (service.resolution === 'DNS') {
    const localities = assignment['endpoints'] as ProtoObject[];
    if (ctx.flavor === 'envoy')
      return { type: 'STRICT_DNS', dns_lookup_family: 'V4_ONLY', load_assignment: assignment };
    // gRPC's LOGICAL_DNS takes exactly one address; the first endpoint stands for the host.
    const first = (localities[0]?.['lb_endpoints'] as ProtoObject[] | undefined)?.[0];
    if (first) {
      const one = { cluster_name: name, endpoints: [{ lb_endpoints: [first] }] };
      return { type: 'LOGICAL_DNS', load_assignment: one };
    }
  }
  if (service.resolution === 'NONE' && ctx.flavor === 'envoy')
    return { type: 'ORIGINAL_DST', lb_policy: 'CLUSTER_PROVIDED' };
  return { type: 'EDS', eds_cluster_config: { eds_config: ADS_CONFIG_SOURCE, service_name: name } };
}

/** gRPC and HTTP/2 ports speak HTTP/2 upstream. */
function http2Options(port: MeshServicePort): ProtoObject | undefined {
  if (port.protocol !== 'grpc' && port.protocol !== 'http2') return undefined;
  return {
    'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': anyOf(
      EMBEDDED_TYPE_URLS.httpProtocolOptions,
      {
        explicit_http_config: { http2_protocol_options: {} },
      },
    ),
  };
}
