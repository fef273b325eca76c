import type { Problem } from '../findings.js';
import { show } from '../findings.js';
import { isDns1123Label } from './dns.js';

/** Checks a network port number: 1..65535. */
export function checkPort(port: number): Problem | undefined {
  return Number.isInteger(port) && port >= 1 && port <= 65535
    ? undefined
    : { code: 'GW-PORT-RANGE', message: `port number must be in 1..65535 (got ${port})` };
}

/** Checks a port name: a DNS-1123 label. */
export function checkPortName(name: string): Problem | undefined {
  return isDns1123Label(name)
    ? undefined
    : { code: 'GW-PORT-NAME-INVALID', message: `invalid port name ${show(name)}` };
}

/** The protocols Istio knows, by their lower-case spelling (parsing ignores case). */
export type Protocol =
  | 'tcp'
  | 'udp'
  | 'grpc'
  | 'grpc-web'
  | 'http'
  | 'http_proxy'
  | 'http2'
  | 'https'
  | 'tls'
  | 'mongo'
  | 'redis'
  | 'mysql';

const PROTOCOLS: ReadonlySet<string> = new Set<Protocol>([
  'tcp',
  'udp',
  'grpc',
  'grpc-web',
  'http',
  'http_proxy',
  'http2',
  'https',
  'tls',
  'mongo',
  'redis',
  'mysql',
]);

/** Parses a protocol name ignoring case; undefined when Istio does not know it. */
export function parseProtocol(value: string | undefined): Protocol | undefined {
  const lower = (value ?? '').toLowerCase();
  return PROTOCOLS.has(lower) ? (lower as Protocol) : undefined;
}

/** Whether a protocol carries HTTP. */
export function isHttpProtocol(p: Protocol | undefined): boolean {
  return p === 'http' || p === 'http2' || p === 'http_proxy' || p === 'grpc' || p === 'grpc-web';
}

/** Whether a protocol is TLS on the wire (HTTPS or TLS). */
export function isTlsProtocol(p: Protocol | undefined): boolean {
  return p === 'https' || p === 'tls';
}

/** Whether a protocol rides on TCP without HTTP (plain TCP, TLS, databases). */
export function isTcpProtocol(p: Protocol | undefined): boolean {
  return (
    p === 'tcp' || p === 'https' || p === 'tls' || p === 'mongo' || p === 'redis' || p === 'mysql'
  );
}

/** Checks a protocol name; empty is allowed where `allowEmpty` (Istio then sniffs the protocol). */
export function checkProtocol(value: string | undefined, allowEmpty: boolean): Problem | undefined {
  if ((value ?? '') === '' && allowEmpty) return undefined;
  return parseProtocol(value)
    ? undefined
    : {
        code: 'GW-PORT-PROTOCOL-UNSUPPORTED',
        message: `unsupported protocol ${show(value ?? '')}; use HTTP, HTTPS, HTTP2, GRPC, GRPC-WEB, TCP, TLS, MONGO, REDIS, MYSQL`,
      };
}
