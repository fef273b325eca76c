/** Names, ports and paths of what gangway injects, in one place. */

/** The init container that programs (iptables) or validates (cni) the traffic redirect. */
export const INIT_CONTAINER_NAME = 'gangway-init';
/** The sidecar running the gangway agent and its proxy. */
export const PROXY_CONTAINER_NAME = 'gangway-proxy';
/** The uid and gid of the injected containers; the redirect rules exempt this uid's traffic. */
export const PROXY_UID = 1337;
/** The agent port: rewritten app probes (`/app-health/...`) and merged Prometheus metrics. */
export const AGENT_PORT = 15020;
/** The proxy health port. */
export const HEALTH_PORT = 15021;
/** The proxy readiness path on {@link HEALTH_PORT}. */
export const READINESS_PATH = '/healthz/ready';
/** Where the redirect sends inbound traffic. */
export const INBOUND_CAPTURE_PORT = 15006;
/** Where the redirect sends outbound traffic. */
export const OUTBOUND_CAPTURE_PORT = 15001;
/** The in-memory emptyDir holding the workload certificates. */
export const CERTS_VOLUME = 'gangway-certs';
/** The projected service-account token the agent presents to the CA. */
export const TOKEN_VOLUME = 'gangway-token';
/** The ConfigMap volume (and ConfigMap name) carrying the mesh root certificate. */
export const CA_ROOT_VOLUME = 'gangway-ca-root-cert';
/** The downward API volume exposing the pod's labels and annotations to the agent. */
export const PODINFO_VOLUME = 'gangway-podinfo';
/** Every volume gangway injects, in the order they are appended. */
export const INJECTED_VOLUMES: readonly string[] = [
  CERTS_VOLUME,
  TOKEN_VOLUME,
  CA_ROOT_VOLUME,
  PODINFO_VOLUME,
];
/** The audience of the projected token: only gangway's CA accepts it. */
export const TOKEN_AUDIENCE = 'gangway-ca';
/** 12 hours: the kubelet refreshes a projected token at 80% of its life, well before expiry. */
export const TOKEN_EXPIRATION_SECONDS = 43_200;
/** Proxy env var carrying the original app probes as JSON (path -> probe action). */
export const APP_PROBERS_ENV = 'GANGWAY_KUBE_APP_PROBERS';
/** Proxy env var carrying the app's own prometheus.io annotations as JSON. */
export const PROMETHEUS_ENV = 'GANGWAY_PROMETHEUS_ANNOTATIONS';
/** Prefix of the rewritten probe paths served by the agent. */
export const APP_HEALTH_PATH_PREFIX = '/app-health/';
/** The merged metrics path served by the agent on {@link AGENT_PORT}. */
export const MERGED_METRICS_PATH = '/stats/prometheus';
