/**
 * Resource names, Istio style, so that tools and people who know Istio read them at once:
 * clusters `outbound|<port>|<subset>|<host>`, route configs `outbound|<port>||<host>`, proxyless
 * client listeners `<host>:<port>`, proxyless server listeners from the bootstrap template.
 */

/** Traffic direction of a cluster or route configuration. */
export type Direction = 'outbound' | 'inbound';

/** The parts of a cluster name. */
export interface ClusterKey {
  readonly direction: Direction;
  readonly port: number;
  readonly subset: string;
  readonly host: string;
}

/** `outbound|7000|v1|echo.default.svc.cluster.local`. */
export function clusterName(key: ClusterKey): string {
  return `${key.direction}|${key.port}|${key.subset}|${key.host}`;
}

/** The parts of a cluster name, or undefined when it is not one gangway builds. */
export function parseClusterName(name: string): ClusterKey | undefined {
  const [direction, port, subset, host, ...rest] = name.split('|');
  if (rest.length > 0 || host === undefined || subset === undefined) return undefined;
  if (direction !== 'outbound' && direction !== 'inbound') return undefined;
  const number = Number(port);
  if (!Number.isInteger(number) || number <= 0 || number > 65535) return undefined;
  return { direction, port: number, subset, host };
}

/** The route configuration of one service port: `outbound|7000||echo.default.svc.cluster.local`. */
export function routeConfigName(host: string, port: number): string {
  return clusterName({ direction: 'outbound', port, subset: '', host });
}

/** The proxyless client listener of one service port: `echo.default.svc.cluster.local:7000`. */
export function apiListenerName(host: string, port: number): string {
  return `${host}:${port}`;
}

/** The default template of proxyless server listener names; `%s` is the bound `ip:port`. */
export const DEFAULT_SERVER_LISTENER_TEMPLATE = 'xds.gangway.io/grpc/lds/inbound/%s';

/** The name of a proxyless server listener for an address the server binds. */
export function serverListenerName(template: string, address: string, port: number): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return template.replace('%s', `${host}:${port}`);
}

/** The name of an inbound cluster (sidecar only): `inbound|8080||`. */
export function inboundClusterName(port: number): string {
  return clusterName({ direction: 'inbound', port, subset: '', host: '' });
}
