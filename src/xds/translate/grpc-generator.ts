import { socketAddress } from '../resources/build.js';
import type { ProtoObject } from '../resources/envoy-protos.js';
import { apiListenerName, routeConfigName, serverListenerName } from '../resources/names.js';
import { buildServiceClusters, type ClusterContext, type Named } from './clusters.js';
import { FAULT_FILTER, hcmNetworkFilter, httpConnectionManager } from './http-filters.js';
import { inboundPorts, type InboundPort } from './inbound.js';
import { effectiveMtlsMode } from './peer-authentication.js';
import { buildRbacFilters } from './rbac.js';
import { buildRoutes } from './routes.js';
import { downstreamMeshTls } from './tls.js';
import type { MeshService } from './types.js';
import { serviceViewKey } from './service-view.js';
import type { GeneratedResources } from './generated.js';

/** Addresses a proxyless server may bind; servers should bind a wildcard address. */
const SERVER_BIND_ADDRESSES = ['0.0.0.0', '::'];

/**
 * The proxyless gRPC generator: per visible service port an API listener `host:port` (RDS
 * `outbound|port||host`), its routes, EDS clusters (one per subset) and load assignments; per port
 * of the proxy's own workload, server listeners with an inline inbound route, RBAC and mTLS.
 */
export function generateGrpc(ctx: ClusterContext): GeneratedResources {
  const out: GeneratedResources = { listener: [], route: [], cluster: [], endpoint: [] };
  for (const service of ctx.scope.services) addOutbound(service, ctx, out);
  for (const port of inboundPorts(ctx.index, ctx.scope.proxy))
    out.listener.push(...serverListeners(port, ctx));
  return out;
}

function addOutbound(service: MeshService, ctx: ClusterContext, out: GeneratedResources): void {
  const key = `grpc-outbound|${serviceViewKey(service, ctx)}`;
  const built = ctx.memo.get(key, ctx.notes, (notes) => buildOutbound(service, { ...ctx, notes }));
  out.cluster.push(...built.cluster);
  out.endpoint.push(...built.endpoint);
  out.route.push(...built.route);
  out.listener.push(...built.listener);
}

/** The client side of one service: its clusters, load assignments, route configs and API listeners. */
function buildOutbound(service: MeshService, ctx: ClusterContext): GeneratedResources {
  const { clusters, assignments } = buildServiceClusters(service, ctx);
  const out: GeneratedResources = {
    listener: [],
    route: [],
    cluster: clusters,
    endpoint: assignments,
  };
  for (const port of service.ports) {
    const { routes, usesFault } = buildRoutes(service, port, ctx);
    const rds = routeConfigName(service.hostname, port.port);
    const vhostName = apiListenerName(service.hostname, port.port);
    out.route.push({
      name: rds,
      value: {
        name: rds,
        virtual_hosts: [{ name: vhostName, domains: [service.hostname, vhostName], routes }],
      },
    });
    const hcm = httpConnectionManager({
      statPrefix: rds,
      rds,
      filters: usesFault ? [FAULT_FILTER] : [],
    });
    out.listener.push({
      name: vhostName,
      value: { name: vhostName, api_listener: { api_listener: hcm } },
    });
  }
  return out;
}

/** One listener per bind address: gRPC servers look theirs up by the address they bound. */
function serverListeners(port: InboundPort, ctx: ClusterContext): Named[] {
  const { proxy } = ctx.scope;
  const mode = effectiveMtlsMode(ctx.index, proxy.namespace, proxy.labels, port.port);
  const rbac = buildRbacFilters(ctx.index, proxy, 'grpc', ctx.notes);
  const routeConfig: ProtoObject = {
    name: `inbound|${port.port}||`,
    virtual_hosts: [
      {
        name: `inbound|${port.port}`,
        domains: ['*'],
        routes: [{ name: 'default', match: { prefix: '/' }, non_forwarding_action: {} }],
      },
    ],
  };
  const chain: ProtoObject = {
    name: `inbound|${port.port}`,
    filters: [hcmNetworkFilter({ statPrefix: `inbound_${port.port}`, routeConfig, filters: rbac })],
    // PERMISSIVE serves plaintext: a gRPC server cannot tell TLS from plaintext on one port.
    ...(mode === 'STRICT' ? { transport_socket: downstreamMeshTls('grpc') } : {}),
  };
  return SERVER_BIND_ADDRESSES.map((address) => {
    const name = serverListenerName(ctx.index.options.serverListenerTemplate, address, port.port);
    return {
      name,
      value: {
        name,
        address: socketAddress(address, port.port),
        filter_chains: [chain],
        traffic_direction: 'INBOUND',
      },
    };
  });
}
