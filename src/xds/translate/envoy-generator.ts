import { buildServiceClusters, type ClusterContext } from './clusters.js';
import { buildEnvoyInbound } from './envoy-inbound.js';
import { BLACKHOLE_CLUSTER, PASSTHROUGH_CLUSTER, buildEnvoyOutbound } from './envoy-outbound.js';
import type { GeneratedResources } from './generated.js';
import { serviceViewKey } from './service-view.js';

/**
 * The sidecar (Envoy) generator: the same outbound clusters and load assignments as proxyless,
 * per-port route configurations, `virtualOutbound` (15001) and `virtualInbound` (15006) listeners,
 * inbound clusters to the app, and the passthrough and blackhole clusters they fall back to.
 */
export function generateEnvoy(ctx: ClusterContext): GeneratedResources {
  const out: GeneratedResources = { listener: [], route: [], cluster: [], endpoint: [] };
  for (const service of ctx.scope.services) {
    const key = `envoy-clusters|${serviceViewKey(service, ctx)}`;
    const { clusters, assignments } = ctx.memo.get(key, ctx.notes, (notes) =>
      buildServiceClusters(service, { ...ctx, notes }),
    );
    out.cluster.push(...clusters);
    out.endpoint.push(...assignments);
  }
  const outbound = buildEnvoyOutbound(ctx);
  const inbound = buildEnvoyInbound(ctx);
  out.listener.push(outbound.listener, inbound.listener);
  out.route.push(...outbound.routes);
  out.cluster.push(...inbound.clusters);
  out.cluster.push(
    {
      name: PASSTHROUGH_CLUSTER,
      value: {
        name: PASSTHROUGH_CLUSTER,
        type: 'ORIGINAL_DST',
        lb_policy: 'CLUSTER_PROVIDED',
        connect_timeout: { seconds: 10, nanos: 0 },
      },
    },
    {
      name: BLACKHOLE_CLUSTER,
      value: {
        name: BLACKHOLE_CLUSTER,
        type: 'STATIC',
        connect_timeout: { seconds: 10, nanos: 0 },
      },
    },
  );
  return out;
}
