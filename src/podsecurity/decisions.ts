import type { AdmissionRequest } from '../admission/review.js';
import type { AdmissionDecision } from '../admission/response.js';
import { allowed, denied, errored, withWarnings } from '../admission/response.js';
import { GangwayError } from '../shared/errors.js';
import { formatViolations } from './evaluate.js';
import type { Violation } from './evaluate.js';
import { goQuote } from './format.js';
import type { LevelVersion } from './levels.js';
import type { LabelError } from './namespace-policy.js';
import { EXEMPT_KEY, formatLabelErrors } from './namespace-policy.js';
import type { PodSecurityReason } from './reasons.js';

/** Allows with a Pod Security reason code. */
export function allow(reason: PodSecurityReason): AdmissionDecision {
  return allowed(reason);
}

const EXEMPT_REASONS = {
  namespace: 'pod-security:exempt-namespace',
  user: 'pod-security:exempt-user',
  runtimeClass: 'pod-security:exempt-runtime-class',
} as const satisfies Record<string, PodSecurityReason>;

/** Allows an exempt request, recording why in the audit log as upstream does. */
export function allowExempt(exemption: keyof typeof EXEMPT_REASONS): AdmissionDecision {
  return withWarnings(allowed(EXEMPT_REASONS[exemption]), [], { [EXEMPT_KEY]: exemption });
}

/** Refuses an object that is not a usable pod or namespace: 400, naming the bad field and the code. */
export function refuseInvalidObject(error: GangwayError): AdmissionDecision {
  const reason: PodSecurityReason = 'pod-security:invalid-object';
  return denied(reason, `${error.code}: ${error.message}`, 400);
}

/** Refuses a pod whose namespace is unknown (500: gangway cannot decide, as upstream on a failed lookup). */
export function refuseUnknownNamespace(namespace: string): AdmissionDecision {
  const error = new GangwayError('GANGWAY_ERR_PODSECURITY_NAMESPACE_UNKNOWN', goQuote(namespace));
  const reason: PodSecurityReason = 'pod-security:unknown-namespace';
  return errored(reason, `${error.code}: ${error.message}`);
}

/** The group-qualified resource as apimachinery prints it: `pods`, `deployments.apps`. */
export function groupResource(request: AdmissionRequest): string {
  const { group, resource } = request.resource;
  return group === '' ? resource : `${resource}.${group}`;
}

/** Refuses a pod that violates the enforce policy with upstream's exact Forbidden message (403). */
export function refuseViolation(
  request: AdmissionRequest,
  name: string,
  policy: LevelVersion,
  violations: readonly Violation[],
): AdmissionDecision {
  const subject =
    name === '' ? groupResource(request) : `${groupResource(request)} ${goQuote(name)}`;
  const reason: PodSecurityReason = 'pod-security:violation';
  return denied(reason, `${subject} is forbidden: ${formatViolations(policy, violations)}`, 403);
}

/** Refuses invalid Pod Security namespace labels with upstream's Invalid message (422). */
export function refuseInvalidLabels(
  name: string,
  errors: readonly LabelError[],
): AdmissionDecision {
  const reason: PodSecurityReason = 'pod-security:invalid-labels';
  return denied(reason, `Namespace ${goQuote(name)} is invalid: ${formatLabelErrors(errors)}`, 422);
}

/** Allows with warnings (reason `warned`) or plainly, adding any audit annotations. */
export function allowWithNotes(
  warnings: readonly string[],
  auditAnnotations: Readonly<Record<string, string>> = {},
): AdmissionDecision {
  const reason: PodSecurityReason =
    warnings.length > 0 ? 'pod-security:warned' : 'pod-security:allowed';
  return withWarnings(allowed(reason), warnings, auditAnnotations);
}
