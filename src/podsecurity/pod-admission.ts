import type { AdmissionRequest } from '../admission/review.js';
import type { AdmissionDecision } from '../admission/response.js';
import { withWarnings } from '../admission/response.js';
import {
  allow,
  allowExempt,
  allowWithNotes,
  refuseInvalidObject,
  refuseUnknownNamespace,
  refuseViolation,
} from './decisions.js';
import type { Violation } from './evaluate.js';
import { evaluatePod, formatWouldViolate } from './evaluate.js';
import type { LevelVersion } from './levels.js';
import { formatLevelVersion } from './levels.js';
import type { ResolvedPolicy } from './namespace-policy.js';
import {
  AUDIT_VIOLATIONS_KEY,
  ENFORCE_POLICY_KEY,
  ERROR_KEY,
  formatLabelErrors,
  isFullyPrivileged,
} from './namespace-policy.js';
import { isSignificantPodUpdate } from './pod-updates.js';
import type { PodObjectInput } from './pod-spec.js';
import type { PodSecurityRuntime } from './runtime.js';
import { exemptionOf, lookupNamespacePolicy } from './runtime.js';
import type { PodController } from './workloads.js';
import { extractPodTemplate, parsePodObject } from './workloads.js';

/**
 * Pod subresources that cannot change what the checks read. Any other subresource carrying a Pod
 * (ephemeralcontainers, and any added later) is evaluated, so that a new way to change a pod's spec
 * fails safe, as upstream decides.
 */
const IGNORED_POD_SUBRESOURCES: ReadonlySet<string> = new Set([
  'exec',
  'attach',
  'binding',
  'eviction',
  'log',
  'portforward',
  'proxy',
  'status',
]);

function isChecked(request: AdmissionRequest): boolean {
  return request.operation === 'CREATE' || request.operation === 'UPDATE';
}

/** Decides a Pod request (create, update, ephemeral containers): enforce, audit and warn. */
export function validatePod(rt: PodSecurityRuntime, request: AdmissionRequest): AdmissionDecision {
  if (!isChecked(request)) return allow('pod-security:ignored-operation');
  if (IGNORED_POD_SUBRESOURCES.has(request.subResource ?? ''))
    return allow('pod-security:ignored-subresource');
  const namespace = request.namespace ?? '';
  const exemption = exemptionOf(rt, namespace, request.userInfo?.username);
  if (exemption) return allowExempt(exemption);
  const resolved = lookupNamespacePolicy(rt, namespace);
  if (!resolved) return refuseUnknownNamespace(namespace);
  if (resolved.errors.length === 0 && isFullyPrivileged(resolved.policy))
    return allow('pod-security:privileged');
  const parsed = parsePodObject(request.object);
  if (!parsed.ok) return refuseInvalidObject(parsed.error);
  if (request.operation === 'UPDATE') {
    const old = parsePodObject(request.oldObject, 'oldObject');
    if (!old.ok) return refuseInvalidObject(old.error);
    if (!isSignificantPodUpdate(parsed.pod, old.pod))
      return allow('pod-security:insignificant-update');
  }
  return evaluateRequest(rt, { request, resolved, pod: parsed.pod, enforce: true });
}

/** Decides a workload request: its pod template is checked for warn and audit, never enforced. */
export function validatePodController(
  rt: PodSecurityRuntime,
  request: AdmissionRequest,
  controller: PodController,
): AdmissionDecision {
  if (!isChecked(request)) return allow('pod-security:ignored-operation');
  if (request.subResource) return allow('pod-security:ignored-subresource');
  const namespace = request.namespace ?? '';
  const exemption = exemptionOf(rt, namespace, request.userInfo?.username);
  if (exemption) return allowExempt(exemption);
  const resolved = lookupNamespacePolicy(rt, namespace);
  if (!resolved) {
    const note = { [ERROR_KEY]: `failed to lookup namespace "${namespace}"` };
    return withWarnings(allow('pod-security:unknown-namespace'), [], note);
  }
  const { policy, errors } = resolved;
  if (
    errors.length === 0 &&
    policy.warn.level === 'privileged' &&
    policy.audit.level === 'privileged'
  ) {
    return allow('pod-security:privileged');
  }
  const template = extractPodTemplate(controller, request.object);
  if (template.kind === 'none') return allow('pod-security:no-template');
  if (template.kind === 'invalid') {
    const note = { [ERROR_KEY]: `failed to extract pod template: ${template.error.message}` };
    return withWarnings(allow('pod-security:invalid-template'), [], note);
  }
  return evaluateRequest(rt, { request, resolved, pod: template.pod, enforce: false });
}

interface EvaluationInput {
  readonly request: AdmissionRequest;
  readonly resolved: ResolvedPolicy;
  readonly pod: PodObjectInput;
  /** Pods are enforced; workload templates only warn and audit. */
  readonly enforce: boolean;
}

/** Evaluates enforce, audit and warn as upstream does, evaluating each distinct level-version once. */
function evaluateRequest(rt: PodSecurityRuntime, input: EvaluationInput): AdmissionDecision {
  const { pod, resolved, request } = input;
  const runtimeClass = pod.spec.runtimeClassName;
  if (runtimeClass && rt.exemptRuntimeClasses.has(runtimeClass)) return allowExempt('runtimeClass');
  const evaluate = memoize(pod);
  const { policy, errors } = resolved;
  const audit: Record<string, string> = {};
  if (errors.length > 0) audit[ERROR_KEY] = `Failed to parse policy: ${formatLabelErrors(errors)}`;
  let refusal: AdmissionDecision | undefined;
  if (input.enforce) {
    audit[ENFORCE_POLICY_KEY] = formatLevelVersion(policy.enforce);
    const violations = evaluate(policy.enforce);
    const name = request.name || pod.metadata?.name || '';
    if (violations.length > 0) refusal = refuseViolation(request, name, policy.enforce, violations);
  }
  const auditViolations = evaluate(policy.audit);
  if (auditViolations.length > 0)
    audit[AUDIT_VIOLATIONS_KEY] = formatWouldViolate(policy.audit, auditViolations);
  // Like upstream, a refused request carries no warnings: the error says it all.
  if (refusal) return withWarnings(refusal, [], audit);
  const warnViolations = evaluate(policy.warn);
  const warnings =
    warnViolations.length > 0 ? [formatWouldViolate(policy.warn, warnViolations)] : [];
  return allowWithNotes(warnings, audit);
}

function memoize(pod: PodObjectInput): (policy: LevelVersion) => readonly Violation[] {
  const cache = new Map<string, readonly Violation[]>();
  return (policy) => {
    const key = formatLevelVersion(policy);
    let violations = cache.get(key);
    if (!violations) {
      violations = evaluatePod(pod.spec, pod.metadata, policy);
      cache.set(key, violations);
    }
    return violations;
  };
}
