/**
 * The install manifests as objects: one function per object, so that the committed YAML under
 * manifests/ and `gangway manifests` come from one source.
 */

/** Settings the manifests are rendered with. */
export interface InstallSettings {
  namespace: string;
  image: string;
  /** PEM of the CA that signed the webhook serving certificate; empty leaves caBundle unset. */
  caBundle: string;
  revision: string;
}

/** Default install settings (the committed manifests). */
export const defaultInstallSettings: InstallSettings = {
  namespace: 'gangway-system',
  image: 'ghcr.io/gangway-mesh/gangway:0.1.0',
  caBundle: '',
  revision: 'default',
};

const appLabels = {
  'app.kubernetes.io/name': 'gangway',
  'app.kubernetes.io/component': 'control-plane',
};
const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];

function meta(name: string, s: InstallSettings, namespaced = true): Record<string, unknown> {
  return namespaced
    ? { name, namespace: s.namespace, labels: appLabels }
    : { name, labels: appLabels };
}

/** The namespace gangway runs in: never injected; its pods pass restricted. */
export function namespaceObject(s: InstallSettings): object {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: s.namespace,
      labels: {
        ...appLabels,
        'gangway.io/injection': 'disabled',
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
      },
    },
  };
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['get', 'list', 'watch', 'create', 'update', 'patch'];

/**
 * What `gangway serve` reads and writes cluster-wide: namespaces and pods (Pod Security, the
 * injector), what xDS translates, what the background audit lists, the PolicyReports it writes, the
 * CA's root ConfigMap in every namespace, and TokenReviews to authenticate workloads.
 */
const clusterRules = [
  { apiGroups: [''], resources: ['namespaces', 'pods', 'services', 'endpoints'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
  {
    apiGroups: ['apps'],
    resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'],
    verbs: READ,
  },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: READ },
  {
    apiGroups: ['networking.istio.io', 'security.istio.io', 'telemetry.istio.io'],
    resources: ['*'],
    verbs: READ,
  },
  {
    apiGroups: ['wgpolicyk8s.io'],
    resources: ['policyreports', 'clusterpolicyreports'],
    verbs: WRITE,
  },
  { apiGroups: ['openreports.io'], resources: ['reports', 'clusterreports'], verbs: WRITE },
  // The CA writes ConfigMap gangway-ca-root-cert into every namespace and repairs it.
  { apiGroups: [''], resources: ['configmaps'], verbs: WRITE },
  { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
];

/**
 * What it needs in its own namespace only: the CA root Secret (created once, re-read by every
 * replica) and the Lease that elects the replica distributing roots.
 */
const namespaceRules = [
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create', 'update'] },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
];

/** ServiceAccount, ClusterRole and Role, and their bindings. */
export function rbacObjects(s: InstallSettings): object[] {
  const subjects = [{ kind: 'ServiceAccount', name: 'gangway', namespace: s.namespace }];
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('gangway', s) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta('gangway', s, false),
      rules: clusterRules,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta('gangway', s, false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'gangway' },
      subjects,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta('gangway', s),
      rules: namespaceRules,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta('gangway', s),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'gangway' },
      subjects,
    },
  ];
}

/** The Service: 443 to the webhook, 15010 plaintext xDS, 15012 CA and xDS over TLS, 15014 monitoring. */
export function serviceObject(s: InstallSettings): object {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('gangway', s),
    spec: {
      selector: { 'app.kubernetes.io/name': 'gangway' },
      ports: [
        { name: 'https-webhook', port: 443, targetPort: 'webhook', protocol: 'TCP' },
        { name: 'grpc-xds', port: 15010, targetPort: 'grpc-xds', protocol: 'TCP' },
        { name: 'tls-grpc', port: 15012, targetPort: 'grpc', protocol: 'TCP' },
        { name: 'http-monitoring', port: 15014, targetPort: 'health', protocol: 'TCP' },
      ],
    },
  };
}

/** Keeps one replica up during voluntary disruptions: the webhook fails closed. */
export function disruptionBudgetObject(s: InstallSettings): object {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta('gangway', s),
    spec: { minAvailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'gangway' } } },
  };
}

/** The webhook serving Secret's name; `gangway manifests --state-dir` renders it with content. */
export const TLS_SECRET_NAME = 'gangway-webhook-tls';

export { SYSTEM_NAMESPACES, appLabels, meta };
