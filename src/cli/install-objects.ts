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

/** ServiceAccount, ClusterRole (read namespaces, list pods) and its binding. */
export function rbacObjects(s: InstallSettings): object[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('gangway', s) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta('gangway', s, false),
      rules: [
        { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
        // Listing pods only: Pod Security warns about existing pods when an enforce label tightens.
        { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta('gangway', s, false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'gangway' },
      subjects: [{ kind: 'ServiceAccount', name: 'gangway', namespace: s.namespace }],
    },
  ];
}

/** The Service: 443 to the webhook port, 15012 for xDS/CA, 15014 for monitoring. */
export function serviceObject(s: InstallSettings): object {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('gangway', s),
    spec: {
      selector: { 'app.kubernetes.io/name': 'gangway' },
      ports: [
        { name: 'https-webhook', port: 443, targetPort: 'webhook', protocol: 'TCP' },
        { name: 'grpc-xds', port: 15012, targetPort: 'grpc', protocol: 'TCP' },
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
