/**
 * The type URLs gangway serves and embeds. The four discovery types are the state-of-the-world
 * resources of ADS; the others appear inside them as `google.protobuf.Any`.
 */
const PREFIX = 'type.googleapis.com/';

/** The discovery resource kinds, by short name. */
export type ResourceKind = 'listener' | 'route' | 'cluster' | 'endpoint';

/** Type URL of each discovery resource kind. */
export const KIND_TYPE_URLS: Readonly<Record<ResourceKind, string>> = {
  listener: `${PREFIX}envoy.config.listener.v3.Listener`,
  route: `${PREFIX}envoy.config.route.v3.RouteConfiguration`,
  cluster: `${PREFIX}envoy.config.cluster.v3.Cluster`,
  endpoint: `${PREFIX}envoy.config.endpoint.v3.ClusterLoadAssignment`,
};

/**
 * Every kind, in the order a push sends them: clusters before endpoints before listeners before
 * routes, so that a proxy never sees a reference before the thing it names (Envoy's make-before-
 * break order for state of the world).
 */
export const RESOURCE_KINDS: readonly ResourceKind[] = ['cluster', 'endpoint', 'listener', 'route'];

/** Kinds whose state-of-the-world responses must list every subscribed resource. */
export const FULL_STATE_KINDS: ReadonlySet<ResourceKind> = new Set(['listener', 'cluster']);

/** Type URLs of messages embedded in resources. */
export const EMBEDDED_TYPE_URLS = {
  httpConnectionManager: `${PREFIX}envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`,
  router: `${PREFIX}envoy.extensions.filters.http.router.v3.Router`,
  fault: `${PREFIX}envoy.extensions.filters.http.fault.v3.HTTPFault`,
  rbac: `${PREFIX}envoy.extensions.filters.http.rbac.v3.RBAC`,
  networkRbac: `${PREFIX}envoy.extensions.filters.network.rbac.v3.RBAC`,
  tcpProxy: `${PREFIX}envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy`,
  upstreamTls: `${PREFIX}envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext`,
  downstreamTls: `${PREFIX}envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext`,
  originalDst: `${PREFIX}envoy.extensions.filters.listener.original_dst.v3.OriginalDst`,
  tlsInspector: `${PREFIX}envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector`,
  httpInspector: `${PREFIX}envoy.extensions.filters.listener.http_inspector.v3.HttpInspector`,
  rawBuffer: `${PREFIX}envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer`,
  httpProtocolOptions: `${PREFIX}envoy.extensions.upstreams.http.v3.HttpProtocolOptions`,
} as const;

/** The kind of a type URL, or undefined when gangway does not serve it. */
export function kindOfTypeUrl(typeUrl: string): ResourceKind | undefined {
  for (const kind of RESOURCE_KINDS) if (KIND_TYPE_URLS[kind] === typeUrl) return kind;
  return undefined;
}

/** The fully-qualified message name of a type URL (the part after the last `/`). */
export function messageNameOf(typeUrl: string): string {
  return typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
}
