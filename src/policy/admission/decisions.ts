import type { Decision, Violation } from '../evaluate.js';

/** The annotation Kubernetes records Audit-action failures under. */
export const VALIDATION_FAILURE_ANNOTATION =
  'validation.policy.admission.k8s.io/validation_failure';

/** What the decisions of one request amount to, per validation action. */
export interface ActionOutcome {
  /** Messages of enforced violations under Deny bindings, in Kubernetes' wording. */
  readonly denials: readonly { message: string; reason: string }[];
  readonly warnings: readonly string[];
  readonly auditAnnotations: Readonly<Record<string, string>>;
}

function expressionIndex(v: Violation): number {
  const match = /^validations\[(\d+)\]$/.exec(v.rule);
  return match ? Number(match[1]) : -1;
}

/**
 * Applies the validation actions of each binding the way the API server does: Deny refuses,
 * Warn adds a warning, Audit records a `validation_failure` audit annotation. Errors under
 * failurePolicy Ignore are dropped; the policies' own audit annotations are always kept.
 */
export function applyValidationActions(decisions: readonly Decision[]): ActionOutcome {
  const denials: { message: string; reason: string }[] = [];
  const warnings: string[] = [];
  const audits: Record<string, unknown>[] = [];
  const annotations: Record<string, string> = {};
  for (const d of decisions) {
    Object.assign(annotations, d.auditAnnotations);
    const actions = d.binding.actions;
    const who = `ValidatingAdmissionPolicy '${d.policy.name}' with binding '${d.binding.name}'`;
    for (const v of d.violations.filter((x) => x.enforced)) {
      if (actions.includes('Deny'))
        denials.push({ message: `${who} denied request: ${v.message}`, reason: v.reason });
      if (actions.includes('Warn')) warnings.push(`Validation failed for ${who}: ${v.message}`);
      if (actions.includes('Audit')) {
        audits.push({
          message: v.message,
          policy: d.policy.name,
          binding: d.binding.name,
          expressionIndex: expressionIndex(v),
          validationActions: [...actions],
        });
      }
    }
  }
  if (audits.length > 0) annotations[VALIDATION_FAILURE_ANNOTATION] = JSON.stringify(audits);
  return { denials, warnings, auditAnnotations: annotations };
}
