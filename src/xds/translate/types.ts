/** The shapes translation works on: services with their endpoints, and the proxy it translates for. */

/** The application protocol of a port, from its name prefix or appProtocol. */
export type PortProtocol = 'grpc' | 'http' | 'http2' | 'https' | 'tls' | 'tcp' | 'unknown';

/** A locality: region, zone, sub-zone. */
export interface Locality {
  readonly region: string;
  readonly zone: string;
  readonly subZone: string;
}

/** A port of a mesh service. */
export interface MeshServicePort {
  readonly name: string;
  readonly port: number;
  readonly protocol: PortProtocol;
}

/** One endpoint of one service port. */
export interface MeshEndpoint {
  readonly address: string;
  readonly port: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly namespace: string;
  readonly serviceAccount: string | undefined;
  readonly locality: Locality;
  readonly weight: number;
  readonly ready: boolean;
}

/** A service the mesh routes to: a Kubernetes Service or one host of a ServiceEntry. */
export interface MeshService {
  readonly hostname: string;
  readonly name: string;
  readonly namespace: string;
  readonly origin: 'Service' | 'ServiceEntry';
  readonly ports: readonly MeshServicePort[];
  /** Virtual IPs (cluster IPs, ServiceEntry addresses). */
  readonly addresses: readonly string[];
  /** Namespaces it is exported to; `*` for all. */
  readonly exportTo: ReadonlySet<string>;
  /** Endpoints by service port number. */
  readonly endpoints: ReadonlyMap<number, readonly MeshEndpoint[]>;
  /** `STATIC`/`NONE` use the endpoints as given; `DNS` resolves them by name (sidecars only). */
  readonly resolution: 'STATIC' | 'DNS' | 'NONE';
  /** Extra SANs a client accepts (ServiceEntry subjectAltNames). */
  readonly subjectAltNames: readonly string[];
}

/** The proxy a snapshot is for, read from its node. */
export interface ProxyInfo {
  readonly id: string;
  readonly generator: 'grpc' | 'envoy';
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceAccount: string | undefined;
  readonly ips: readonly string[];
}

/** Settings translation needs from the mesh config. */
export interface TranslateOptions {
  /** DNS suffix of services: `cluster.local`. */
  readonly domainSuffix: string;
  /** Trust domain of SPIFFE identities. */
  readonly trustDomain: string;
  /** Where mesh-wide Sidecar, PeerAuthentication and AuthorizationPolicy live. */
  readonly rootNamespace: string;
  /** Proxyless server listener name template (`%s` is `ip:port`). */
  readonly serverListenerTemplate: string;
}

/** Something translation skipped, said in words and attributed to the object that caused it. */
export interface TranslationNote {
  readonly object: string;
  readonly message: string;
}

/** The SPIFFE id of a service account. */
export function spiffeId(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `spiffe://${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/** Whether every selector label is among the labels (an empty selector selects all). */
export function labelsMatch(
  selector: Readonly<Record<string, string>> | null | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  return Object.entries(selector ?? {}).every(([key, value]) => labels[key] === value);
}

/** The protocol a port name or appProtocol declares. */
export function protocolOf(name: string | undefined, declared?: string): PortProtocol {
  const text = (declared ?? name ?? '').toLowerCase();
  const prefix = text.split('-')[0] ?? '';
  if (prefix === 'grpc' || prefix === 'grpc-web') return 'grpc';
  if (
    prefix === 'http' ||
    prefix === 'http2' ||
    prefix === 'https' ||
    prefix === 'tls' ||
    prefix === 'tcp'
  )
    return prefix;
  if (prefix === 'h2c' || prefix === 'kubernetes.io/h2c') return 'http2';
  return 'unknown';
}
