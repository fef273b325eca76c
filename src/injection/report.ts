import type { InterceptionMode } from '../config/mesh-config.js';
import type { ErrorCode } from '../shared/errors.js';

/** Why a pod was not injected; each has a message in {@link skipMessages}. */
export type SkipReason =
  | 'already-injected'
  | 'system-namespace'
  | 'control-plane-namespace'
  | 'host-network'
  | 'pod-opt-out'
  | 'namespace-disabled'
  | 'revision-mismatch'
  | 'namespace-not-enabled';

/** The message of every skip reason; the report adds the detail (which label, which namespace). */
export const skipMessages: Readonly<Record<SkipReason, string>> = {
  'already-injected': 'the pod is already injected',
  'system-namespace': 'pods in Kubernetes system namespaces are never injected',
  'control-plane-namespace': "pods in gangway's own namespace are never injected",
  'host-network': 'pods on the host network are never injected',
  'pod-opt-out': 'the pod opts out of injection',
  'namespace-disabled': 'the namespace disables injection',
  'revision-mismatch': 'the namespace selects another control-plane revision',
  'namespace-not-enabled': 'the namespace does not enable injection and the pod does not opt in',
};

/** Why a pod was injected: which label selected it. */
export type SelectionReason =
  | 'namespace-label'
  | 'namespace-revision'
  | 'istio-namespace-label'
  | 'istio-namespace-revision'
  | 'pod-label';

/** The error codes a refusal carries: the webhook denies with them, the CLI exits 1. */
export type RefusalCode = Extract<
  ErrorCode,
  'GANGWAY_ERR_INJECT_ANNOTATION' | 'GANGWAY_ERR_INJECT_LABEL' | 'GANGWAY_ERR_INJECT_POD_SECURITY'
>;

/** The pod was injected. */
export interface InjectedReport {
  readonly outcome: 'injected';
  readonly selectedBy: SelectionReason;
  readonly mode: InterceptionMode;
  readonly native: boolean;
  readonly message: string;
  readonly warnings: readonly string[];
}

/** The pod was left as it is, for a reason. */
export interface SkippedReport {
  readonly outcome: 'skipped';
  readonly reason: SkipReason;
  readonly message: string;
  readonly warnings: readonly string[];
}

/** The pod must not be admitted as it is: an invalid annotation or label, or a Pod Security violation. */
export interface RefusedReport {
  readonly outcome: 'refused';
  readonly code: RefusalCode;
  readonly message: string;
  /** The field at fault, e.g. `metadata.annotations["sidecar.gangway.io/proxyCPU"]`. */
  readonly field?: string;
  readonly warnings: readonly string[];
}

/** What {@link injectPod} did and why. */
export type InjectionReport = InjectedReport | SkippedReport | RefusedReport;

/** The status a refusal is denied with: 403 for a policy (Pod Security), 400 for a bad value. */
export function refusalStatusCode(code: RefusalCode): 400 | 403 {
  return code === 'GANGWAY_ERR_INJECT_POD_SECURITY' ? 403 : 400;
}

/** The compact value of the `sidecar.gangway.io/injection-report` annotation of an injected pod. */
export function formatReportAnnotation(selectedBy: SelectionReason): string {
  return `injected:${selectedBy}`;
}
