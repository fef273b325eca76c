import { anyOf, compact, socketAddress, wrap } from '../resources/build.js';
import type { ProtoObject } from '../resources/envoy-protos.js';
import { clusterName } from '../resources/names.js';
import { EMBEDDED_TYPE_URLS } from '../resources/type-urls.js';
import type { ClusterContext, Named } from './clusters.js';
import { FAULT_FILTER, hcmNetworkFilter } from './http-filters.js';
import { buildRoutes } from './routes.js';
import type { MeshService, MeshServicePort } from './types.js';
import { serviceViewKey } from './service-view.js';

/** Where a sidecar's outbound traffic is captured, Istio's port. */
export const OUTBOUND_PORT = 15001;
/** The cluster that forwards to the original destination (unknown hosts, ALLOW_ANY). */
export const PASSTHROUGH_CLUSTER = 'PassthroughCluster';
/** The cluster that drops traffic. */
export const BLACKHOLE_CLUSTER = 'BlackHoleCluster';

const isTcp = (port: MeshServicePort): boolean =>
  port.protocol === 'tcp' || port.protocol === 'tls' || port.protocol === 'https';

/** A tcp_proxy network filter to one cluster. */
export function tcpProxy(statPrefix: string, cluster: string): ProtoObject {
  return {
    name: 'envoy.filters.network.tcp_proxy',
    typed_config: anyOf(EMBEDDED_TYPE_URLS.tcpProxy, { stat_prefix: statPrefix, cluster }),
  };
}

/** The domains a sidecar answers for a service: FQDN, short forms in its namespace, VIPs. */
function domainsOf(service: MeshService, port: number, proxyNamespace: string): string[] {
  const names = [service.hostname];
  if (service.origin === 'Service') {
    names.push(`${service.name}.${service.namespace}`, `${service.name}.${service.namespace}.svc`);
    if (service.namespace === proxyNamespace) names.push(service.name);
  }
  names.push(...service.addresses);
  return names.flatMap((name) => [name, `${name}:${port}`]);
}

/** What the outbound listener is made of: virtual hosts per HTTP port, TCP chains. */
interface OutboundParts {
  readonly httpPorts: Map<number, ProtoObject[]>;
  readonly faultPorts: Set<number>;
  readonly tcpChains: ProtoObject[];
}

/**
 * The outbound side of a sidecar: route configurations per HTTP port (one virtual host per
 * service, Istio's layout) and the `virtualOutbound` listener with one filter chain per HTTP port
 * and one per TCP service port (matched on its VIPs); anything else passes through.
 */
export function buildEnvoyOutbound(ctx: ClusterContext): { listener: Named; routes: Named[] } {
  const parts = collectOutbound(ctx);
  const allowAny = {
    name: 'allow_any',
    domains: ['*'],
    routes: [
      { name: 'allow_any', match: { prefix: '/' }, route: { cluster: PASSTHROUGH_CLUSTER } },
    ],
  };
  const routes: Named[] = [...parts.httpPorts].map(([port, hosts]) => ({
    name: String(port),
    value: {
      name: String(port),
      virtual_hosts: [...hosts, allowAny],
      validate_clusters: wrap(false),
    },
  }));
  const httpChains = [...parts.httpPorts.keys()].map((port) => ({
    name: `0.0.0.0_${port}`,
    filter_chain_match: { destination_port: wrap(port) },
    filters: [
      hcmNetworkFilter({
        statPrefix: `outbound_0.0.0.0_${port}`,
        rds: String(port),
        filters: parts.faultPorts.has(port) ? [FAULT_FILTER] : [],
      }),
    ],
  }));
  const tcpChains = dedupeTcp(parts.tcpChains, new Set(parts.httpPorts.keys()));
  const listener = {
    name: 'virtualOutbound',
    address: socketAddress('0.0.0.0', OUTBOUND_PORT),
    use_original_dst: wrap(true),
    traffic_direction: 'OUTBOUND',
    filter_chains: [...httpChains, ...tcpChains],
    default_filter_chain: {
      name: PASSTHROUGH_CLUSTER,
      filters: [tcpProxy(PASSTHROUGH_CLUSTER, PASSTHROUGH_CLUSTER)],
    },
  };
  return { listener: { name: 'virtualOutbound', value: listener }, routes };
}

function collectOutbound(ctx: ClusterContext): OutboundParts {
  const parts: OutboundParts = { httpPorts: new Map(), faultPorts: new Set(), tcpChains: [] };
  for (const service of ctx.scope.services) {
    for (const port of service.ports) {
      if (isTcp(port)) {
        parts.tcpChains.push(tcpChain(service, port));
        continue;
      }
      const { vhost, usesFault } = virtualHost(service, port, ctx);
      if (usesFault) parts.faultPorts.add(port.port);
      parts.httpPorts.set(port.port, [...(parts.httpPorts.get(port.port) ?? []), vhost]);
    }
  }
  return parts;
}

/** The virtual host of one service port, memoized like the proxyless resources. */
function virtualHost(
  service: MeshService,
  port: MeshServicePort,
  ctx: ClusterContext,
): { vhost: ProtoObject; usesFault: boolean } {
  const sameNamespace = service.namespace === ctx.scope.proxy.namespace;
  const key = `envoy-vhost|${serviceViewKey(service, ctx)}|${port.port}|${sameNamespace}`;
  return ctx.memo.get(key, ctx.notes, (notes) => {
    const built = buildRoutes(service, port, { ...ctx, notes });
    const domains = domainsOf(service, port.port, ctx.scope.proxy.namespace);
    const name = `${service.hostname}:${port.port}`;
    return { vhost: { name, domains, routes: built.routes }, usesFault: built.usesFault };
  });
}

function tcpChain(service: MeshService, port: MeshServicePort): ProtoObject {
  const cluster = clusterName({
    direction: 'outbound',
    port: port.port,
    subset: '',
    host: service.hostname,
  });
  const ranges = service.addresses.map((ip) => ({
    address_prefix: ip,
    prefix_len: wrap(ip.includes(':') ? 128 : 32),
  }));
  return {
    name: cluster,
    filter_chain_match: compact({
      destination_port: wrap(port.port),
      prefix_ranges: ranges.length > 0 ? ranges : undefined,
    }),
    filters: [tcpProxy(cluster, cluster)],
  };
}

/** Drops TCP chains whose match would collide with an HTTP chain or an earlier TCP chain. */
function dedupeTcp(chains: ProtoObject[], httpPorts: ReadonlySet<number>): ProtoObject[] {
  const seen = new Set<string>();
  return chains.filter((chain) => {
    const match = chain['filter_chain_match'] as {
      destination_port: { value: number };
      prefix_ranges?: unknown;
    };
    if (!match.prefix_ranges && httpPorts.has(match.destination_port.value)) return false;
    const key = JSON.stringify(match);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
