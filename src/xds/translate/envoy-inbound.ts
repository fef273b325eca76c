import { anyOf, socketAddress, wrap } from '../resources/build.js';
import type { ProtoObject } from '../resources/envoy-protos.js';
import { inboundClusterName } from '../resources/names.js';
import { EMBEDDED_TYPE_URLS } from '../resources/type-urls.js';
import type { ClusterContext, Named } from './clusters.js';
import { buildLoadAssignment } from './endpoints.js';
import { BLACKHOLE_CLUSTER, PASSTHROUGH_CLUSTER, tcpProxy } from './envoy-outbound.js';
import { hcmNetworkFilter } from './http-filters.js';
import { inboundPorts, type InboundPort } from './inbound.js';
import { effectiveMtlsMode } from './peer-authentication.js';
import { buildNetworkRbacFilters, buildRbacFilters } from './rbac.js';
import { downstreamMeshTls } from './tls.js';

/** Where a sidecar's inbound traffic is captured, Istio's port. */
export const INBOUND_PORT = 15006;

const LISTENER_FILTERS = [
  {
    name: 'envoy.filters.listener.original_dst',
    typed_config: anyOf(EMBEDDED_TYPE_URLS.originalDst),
  },
  {
    name: 'envoy.filters.listener.tls_inspector',
    typed_config: anyOf(EMBEDDED_TYPE_URLS.tlsInspector),
  },
  {
    name: 'envoy.filters.listener.http_inspector',
    typed_config: anyOf(EMBEDDED_TYPE_URLS.httpInspector),
  },
];

/**
 * The inbound side of a sidecar: `virtualInbound` with, per workload port, a mesh-TLS chain
 * (STRICT, PERMISSIVE) and a plaintext chain (PERMISSIVE, DISABLE), each ending in the port's
 * inbound cluster (the app on loopback) behind the workload's RBAC filters.
 */
export function buildEnvoyInbound(ctx: ClusterContext): { listener: Named; clusters: Named[] } {
  const ports = inboundPorts(ctx.index, ctx.scope.proxy);
  const chains = ports.flatMap((port) => inboundChains(port, ctx));
  const listener = {
    name: 'virtualInbound',
    address: socketAddress('0.0.0.0', INBOUND_PORT),
    traffic_direction: 'INBOUND',
    listener_filters: LISTENER_FILTERS,
    filter_chains: chains,
    default_filter_chain: defaultInboundChain(ctx),
  };
  const clusters = ports.map((port) => {
    const name = inboundClusterName(port.port);
    const local = {
      address: '127.0.0.1',
      port: port.port,
      labels: {},
      namespace: '',
      serviceAccount: undefined,
      locality: { region: '', zone: '', subZone: '' },
      weight: 1,
      ready: true,
    };
    return {
      name,
      value: {
        name,
        type: 'STATIC',
        connect_timeout: { seconds: 10, nanos: 0 },
        load_assignment: buildLoadAssignment(name, [local], { tlsMetadata: false }),
      },
    };
  });
  return { listener: { name: 'virtualInbound', value: listener }, clusters };
}

function inboundChains(port: InboundPort, ctx: ClusterContext): ProtoObject[] {
  const { proxy } = ctx.scope;
  const mode = effectiveMtlsMode(ctx.index, proxy.namespace, proxy.labels, port.port);
  const cluster = inboundClusterName(port.port);
  const tcp = port.protocol === 'tcp' || port.protocol === 'tls' || port.protocol === 'https';
  const filters = tcp
    ? [...buildNetworkRbacFilters(ctx.index, proxy, ctx.notes), tcpProxy(cluster, cluster)]
    : [
        hcmNetworkFilter({
          statPrefix: `inbound_0.0.0.0_${port.port}`,
          routeConfig: {
            name: cluster,
            virtual_hosts: [
              {
                name: cluster,
                domains: ['*'],
                routes: [{ name: 'default', match: { prefix: '/' }, route: { cluster } }],
              },
            ],
          },
          filters: buildRbacFilters(ctx.index, proxy, 'envoy', ctx.notes),
        }),
      ];
  const match = (transport: string): ProtoObject => ({
    destination_port: wrap(port.port),
    transport_protocol: transport,
  });
  const chains: ProtoObject[] = [];
  if (mode !== 'DISABLE')
    chains.push({
      name: `${cluster}-mtls`,
      filter_chain_match: match('tls'),
      filters,
      transport_socket: downstreamMeshTls('envoy'),
    });
  // STRICT: plaintext on a workload port is dropped, never passed through to the app.
  const plaintext = mode === 'STRICT' ? [tcpProxy(BLACKHOLE_CLUSTER, BLACKHOLE_CLUSTER)] : filters;
  chains.push({
    name: `${cluster}-plaintext`,
    filter_chain_match: match('raw_buffer'),
    filters: plaintext,
  });
  return chains;
}

/**
 * Traffic to ports the workload does not declare: passed through, unless the workload's mTLS mode
 * is STRICT, in which case it is dropped (plaintext must not reach the app around the proxy).
 */
function defaultInboundChain(ctx: ClusterContext): ProtoObject {
  const { proxy } = ctx.scope;
  const strict = effectiveMtlsMode(ctx.index, proxy.namespace, proxy.labels, 0) === 'STRICT';
  const cluster = strict ? BLACKHOLE_CLUSTER : PASSTHROUGH_CLUSTER;
  return { name: 'inbound-default', filters: [tcpProxy('inbound-default', cluster)] };
}
