import type { Registry } from 'prom-client';
import type { Clock } from '../shared/clock.js';
import type { FileSystem } from '../shared/fs/file-system.js';
import type { Logger } from '../shared/logger.js';
import type { BackoffPolicy, RefreshPolicy } from './schedule.js';
import type { Timers } from './timers.js';

/** Options of `runAgent`. Everything with a default can be left out; see docs/agent.md. */
export interface AgentOptions {
  /** `host:port` of the CA (`gangway.gangway-system.svc:15012`). */
  caAddress: string;
  /** Pinned CA roots: the mounted `gangway-ca-root-cert` ConfigMap's `root-cert.pem`; watched. */
  caRootPath: string;
  /** Name to verify in the CA's certificate when the address host differs. */
  caServerName?: string;
  /** The projected service-account token (audience `gangway-ca`); re-read for every request. */
  tokenPath: string;
  /** Where cert-chain.pem, key.pem, root-cert.pem and the SDS socket go. */
  certDir: string;
  /** Trust domain of the SPIFFE ID; `cluster.local`. */
  trustDomain?: string;
  /** SPIFFE ID to request; derived from the token's claims when absent. */
  identity?: string;
  /** Requested certificate lifetime in seconds; 0 (default) lets the CA choose (24 h). */
  ttlSeconds?: number;
  /**
   * Write key.pem 0640 instead of 0600, for proxyless gRPC apps that read it through the
   * file_watcher provider: the injector gives them the agent's group as a supplemental group.
   */
  keyGroupReadable?: boolean;
  /** SDS over a Unix socket in certDir; on by default. */
  sds?: { enabled?: boolean; socketName?: string };
  /** The xDS proxy and the gRPC bootstrap; off when absent or `enabled: false`. */
  xds?: AgentXdsOptions;
  /** The status port: readiness, app probes, merged metrics. */
  status?: { enabled?: boolean; port?: number; host?: string };
  /** Where the app listens, for probes and scrapes; `127.0.0.1`. */
  appHost?: string;
  /** Raw JSON of GANGWAY_KUBE_APP_PROBERS. */
  appProbers?: string;
  /** Raw JSON of GANGWAY_PROMETHEUS_ANNOTATIONS. */
  prometheusAnnotations?: string;
  files?: FileSystem;
  clock?: Clock;
  timers?: Timers;
  /** Source of jitter in [0, 1). */
  random?: () => number;
  logger?: Logger;
  /** Registry of the agent's own metrics; a fresh one by default. */
  registry?: Registry;
  refreshPolicy?: RefreshPolicy;
  backoffPolicy?: BackoffPolicy;
}

/** Who the pod is, for the gRPC bootstrap's node (the injector's env and downward API volume). */
export interface AgentPodInfo {
  name: string;
  namespace: string;
  /** The pod IP (`status.podIP`). */
  ip: string;
  serviceAccount?: string;
  /** The downward API file of the pod's labels; without it the node carries no labels. */
  labelsPath?: string;
}

/** The agent's xDS proxy and the bootstrap of proxyless gRPC apps (docs/agent.md). */
export interface AgentXdsOptions {
  enabled?: boolean;
  /** `host:port` of the control plane's authenticated xDS port (15012), dialled over TLS. */
  discoveryAddress: string;
  /** Name to verify in the control plane's certificate when the address host differs. */
  serverName?: string;
  /** Plaintext endpoints for the pod: `127.0.0.1:15010` by default; `unix://<path>` too. */
  listen?: readonly string[];
  /** Where the bootstrap goes; `<certDir>/grpc-bootstrap.json`. */
  bootstrapPath?: string;
  pod: AgentPodInfo;
  /** DNS suffix of the node id; `cluster.local`. */
  domainSuffix?: string;
}

/** Defaults of the agent. */
export const AGENT_DEFAULTS = {
  trustDomain: 'cluster.local',
  sdsSocketName: 'sds.sock',
  statusPort: 15020,
  statusHost: '0.0.0.0',
  appHost: '127.0.0.1',
  xdsListen: '127.0.0.1:15010',
  grpcBootstrapName: 'grpc-bootstrap.json',
} as const;
