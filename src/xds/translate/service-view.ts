import type { ClusterContext } from './clusters.js';
import type { MeshService } from './types.js';

/**
 * The memo key of a service as one proxy sees it: the flavor, the service's content, the
 * DestinationRule that applies and the mesh's PeerAuthentications. Services with VirtualServices
 * also depend on other services and on the proxy (source labels, visibility of destinations), so
 * their key adds the index generation and the proxy's namespace and labels.
 */
export function serviceViewKey(service: MeshService, ctx: ClusterContext): string {
  const { index, scope } = ctx;
  const rule = scope.destinationRuleFor(service);
  const parts = [
    ctx.flavor,
    index.digests.of(service),
    rule ? index.digests.of(rule) : '-',
    index.peerAuthenticationDigest,
  ];
  const routes = scope.virtualServicesFor(service);
  if (routes.length > 0) {
    const labels = Object.keys(scope.proxy.labels)
      .sort()
      .map((key) => `${key}=${scope.proxy.labels[key]}`)
      .join(',');
    parts.push(
      String(index.generation),
      scope.proxy.namespace,
      labels,
      routes.map((vs) => index.digests.of(vs)).join(','),
    );
  }
  return parts.join('|');
}
