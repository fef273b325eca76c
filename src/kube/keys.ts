/** Label and annotation keys gangway reads or writes, in one place. */

/** Namespace label that enables injection. */
export const INJECTION_NAMESPACE_LABEL = 'gangway.io/injection';
/** Namespace label selecting a control-plane revision. */
export const REVISION_NAMESPACE_LABEL = 'gangway.io/rev';
/** Istio's namespace label, honoured in compatibility mode. */
export const ISTIO_INJECTION_NAMESPACE_LABEL = 'istio-injection';
/** Istio's revision label, honoured in compatibility mode. */
export const ISTIO_REVISION_NAMESPACE_LABEL = 'istio.io/rev';
/** Pod label opting a pod in or out. */
export const INJECT_POD_LABEL = 'sidecar.gangway.io/inject';
/** Istio's pod label/annotation opting a pod in or out. */
export const ISTIO_INJECT_POD_LABEL = 'sidecar.istio.io/inject';
/** Prefix of gangway's sidecar annotations. */
export const SIDECAR_ANNOTATION_PREFIX = 'sidecar.gangway.io/';
/** Prefix of gangway's traffic annotations. */
export const TRAFFIC_ANNOTATION_PREFIX = 'traffic.gangway.io/';
/** Prefix of Istio's sidecar annotations. */
export const ISTIO_SIDECAR_ANNOTATION_PREFIX = 'sidecar.istio.io/';
/** Prefix of Istio's traffic annotations. */
export const ISTIO_TRAFFIC_ANNOTATION_PREFIX = 'traffic.sidecar.istio.io/';
/** Annotation listing what was injected. */
export const STATUS_ANNOTATION = 'sidecar.gangway.io/status';
/** Annotation recording why injection was skipped or what it did. */
export const INJECTION_REPORT_ANNOTATION = 'sidecar.gangway.io/injection-report';
/** Pod Security namespace labels. */
export const POD_SECURITY_LABEL_PREFIX = 'pod-security.kubernetes.io/';
/** The namespace label every namespace carries with its own name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** Namespaces never injected, whatever their labels. */
export const SYSTEM_NAMESPACES: readonly string[] = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
];
