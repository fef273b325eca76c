import { compact, socketAddress, wrap } from '../resources/build.js';
import type { ProtoObject } from '../resources/envoy-protos.js';
import type { MeshEndpoint } from './types.js';

/** The pod label the injector sets on workloads whose proxy terminates mesh TLS. */
export const TLS_MODE_LABEL = 'security.istio.io/tlsMode';

/** Options of {@link buildLoadAssignment}. */
export interface AssignmentOptions {
  /** Mark endpoints that speak mesh TLS, for Envoy's transport socket matches. */
  readonly tlsMetadata: boolean;
}

function localityKey(ep: MeshEndpoint): string {
  return `${ep.locality.region}/${ep.locality.zone}/${ep.locality.subZone}`;
}

function lbEndpoint(ep: MeshEndpoint, options: AssignmentOptions): ProtoObject {
  const meshTls = options.tlsMetadata && ep.labels[TLS_MODE_LABEL] === 'istio';
  return compact({
    endpoint: { address: socketAddress(ep.address, ep.port) },
    health_status: 'HEALTHY',
    load_balancing_weight: wrap(Math.max(1, ep.weight)),
    metadata: meshTls
      ? {
          filter_metadata: {
            'envoy.transport_socket_match': { fields: { tlsMode: { stringValue: 'istio' } } },
          },
        }
      : undefined,
  });
}

/**
 * A ClusterLoadAssignment: ready endpoints only, grouped by locality (sorted, so output is stable),
 * each locality weighted by the sum of its endpoints' weights (gRPC ignores unweighted localities).
 */
export function buildLoadAssignment(
  clusterName: string,
  endpoints: readonly MeshEndpoint[],
  options: AssignmentOptions,
): ProtoObject {
  const groups = new Map<string, MeshEndpoint[]>();
  for (const ep of endpoints) {
    if (!ep.ready || ep.address === '') continue;
    const key = localityKey(ep);
    groups.set(key, [...(groups.get(key) ?? []), ep]);
  }
  const localities = [...groups.keys()].sort().map((key) => {
    const members = groups
      .get(key)!
      .slice()
      .sort((a, b) => a.address.localeCompare(b.address) || a.port - b.port);
    const { region, zone, subZone } = members[0]!.locality;
    return {
      locality: compact({
        region: region || undefined,
        zone: zone || undefined,
        sub_zone: subZone || undefined,
      }),
      lb_endpoints: members.map((ep) => lbEndpoint(ep, options)),
      load_balancing_weight: wrap(members.reduce((sum, ep) => sum + Math.max(1, ep.weight), 0)),
    };
  });
  return { cluster_name: clusterName, endpoints: localities };
}
