/**
 * The kinds the fake Kubernetes API server (fake-kube-api.ts) serves, and the shapes of what it
 * stores. A kind missing from the table answers 404, as a CRD that is not installed does.
 */

/** A kind the fake serves: where it lives in the API and whether it is namespaced. */
export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The lower-case plural of the URL path, e.g. `endpointslices`. */
  readonly plural: string;
  readonly namespaced: boolean;
  /**
   * A custom resource: its list items keep `apiVersion` and `kind`. The real API server leaves
   * them out of the items of built-in lists, and clients must cope with that.
   */
  readonly custom?: boolean;
}

/** Object metadata as the fake reads and stamps it. */
export interface KubeObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  uid?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  [field: string]: unknown;
}

/** Any object the fake stores. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeObjectMeta;
  [field: string]: unknown;
}

/** Names one object, as tests refer to it. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Absent for cluster-scoped kinds. */
  readonly namespace?: string;
}

/** `v1` for the core group, `group/version` otherwise. */
export function apiVersionOf(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

const core = (kind: string, plural: string, namespaced = true): ResourceType => ({
  group: '',
  version: 'v1',
  kind,
  plural,
  namespaced,
});

const grouped =
  (group: string, version: string, custom = false) =>
  (kind: string, plural: string, namespaced = true): ResourceType => ({
    group,
    version,
    kind,
    plural,
    namespaced,
    ...(custom ? { custom } : {}),
  });

const apps = grouped('apps', 'v1');
const batch = grouped('batch', 'v1');
const wgPolicy = grouped('wgpolicyk8s.io', 'v1alpha2', true);

/** The built-in kinds `gangway serve` reads and writes, plus the PolicyReport CRDs. */
export const DEFAULT_RESOURCES: readonly ResourceType[] = [
  core('Namespace', 'namespaces', false),
  core('Node', 'nodes', false),
  core('Pod', 'pods'),
  core('Service', 'services'),
  core('Endpoints', 'endpoints'),
  core('ConfigMap', 'configmaps'),
  core('Secret', 'secrets'),
  core('ServiceAccount', 'serviceaccounts'),
  apps('Deployment', 'deployments'),
  apps('StatefulSet', 'statefulsets'),
  apps('DaemonSet', 'daemonsets'),
  apps('ReplicaSet', 'replicasets'),
  batch('Job', 'jobs'),
  batch('CronJob', 'cronjobs'),
  grouped('discovery.k8s.io', 'v1')('EndpointSlice', 'endpointslices'),
  grouped('coordination.k8s.io', 'v1')('Lease', 'leases'),
  wgPolicy('PolicyReport', 'policyreports'),
  wgPolicy('ClusterPolicyReport', 'clusterpolicyreports', false),
];

const networking = grouped('networking.istio.io', 'v1', true);
const security = grouped('security.istio.io', 'v1', true);

/** Istio's networking CRDs at v1, for tests that install them. */
export const ISTIO_NETWORKING_RESOURCES: readonly ResourceType[] = [
  networking('VirtualService', 'virtualservices'),
  networking('DestinationRule', 'destinationrules'),
  networking('ServiceEntry', 'serviceentries'),
  networking('WorkloadEntry', 'workloadentries'),
  networking('Sidecar', 'sidecars'),
  networking('Gateway', 'gateways'),
];

/** Istio's security CRDs at v1, for tests that install them. */
export const ISTIO_SECURITY_RESOURCES: readonly ResourceType[] = [
  security('PeerAuthentication', 'peerauthentications'),
  security('AuthorizationPolicy', 'authorizationpolicies'),
  security('RequestAuthentication', 'requestauthentications'),
];
