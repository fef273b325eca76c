/**
 * Kinds and resources. Policies match on resources (`deployments`), objects name their kind
 * (`Deployment`); this table maps between them for every kind gangway's policies and analyzers
 * meet, and falls back to Kubernetes' own pluralisation rule for the rest.
 */

/** The resource name and scope of a kind. */
export interface KindInfo {
  readonly resource: string;
  readonly namespaced: boolean;
}

const CLUSTER_SCOPED = new Set([
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'storage.k8s.io/StorageClass',
  'wgpolicyk8s.io/ClusterPolicyReport',
  'openreports.io/ClusterReport',
]);

const IRREGULAR: Readonly<Record<string, string>> = {
  Endpoints: 'endpoints',
  NetworkPolicy: 'networkpolicies',
  PodSecurityPolicy: 'podsecuritypolicies',
  Ingress: 'ingresses',
  IngressClass: 'ingressclasses',
  ServiceEntry: 'serviceentries',
  WorkloadEntry: 'workloadentries',
  ProxyConfig: 'proxyconfigs',
};

/** Kubernetes' default plural of a kind (as client-go's UnsafeGuessKindToResource). */
export function pluralOf(kind: string): string {
  const irregular = IRREGULAR[kind];
  if (irregular) return irregular;
  const lower = kind.toLowerCase();
  if (lower.endsWith('s') || lower.endsWith('x') || lower.endsWith('ch') || lower.endsWith('sh')) {
    return `${lower}es`;
  }
  if (lower.endsWith('y') && !/[aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/** The resource and scope of a kind in a group. */
export function kindInfo(group: string, kind: string): KindInfo {
  return { resource: pluralOf(kind), namespaced: !CLUSTER_SCOPED.has(`${group}/${kind}`) };
}
