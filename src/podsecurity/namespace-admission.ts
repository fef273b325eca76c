import { z } from 'zod';
import type { AdmissionContext } from '../admission/handler.js';
import type { AdmissionRequest } from '../admission/review.js';
import type { AdmissionDecision } from '../admission/response.js';
import { allow, allowWithNotes, refuseInvalidLabels, refuseInvalidObject } from './decisions.js';
import type { LevelVersion } from './levels.js';
import { compareLevels } from './levels.js';
import type { LabelError, Policy } from './namespace-policy.js';
import { formatLabelErrors, resolveNamespacePolicy } from './namespace-policy.js';
import { checkExistingPods, describeExemptNamespace } from './namespace-pods.js';
import type { PodSecurityRuntime } from './runtime.js';
import { invalidObjectError } from './workloads.js';

const NamespaceObjectSchema = z.looseObject({
  metadata: z
    .looseObject({ name: z.string().nullish(), labels: z.record(z.string(), z.string()).nullish() })
    .nullish(),
});

type NamespaceObject = z.infer<typeof NamespaceObjectSchema>;
type ParsedNamespace =
  { ok: true; namespace: NamespaceObject } | { ok: false; decision: AdmissionDecision };

function parseNamespace(object: unknown, prefix: string): ParsedNamespace {
  const parsed = NamespaceObjectSchema.safeParse(object);
  if (parsed.success) return { ok: true, namespace: parsed.data };
  return { ok: false, decision: refuseInvalidObject(invalidObjectError(parsed.error, prefix)) };
}

/**
 * Decides a Namespace request: invalid Pod Security labels are refused (422) on create, and on
 * update when they changed; tightening the enforce policy warns about existing pods that would
 * violate it, within upstream's bounds on pod count and time.
 */
export async function validateNamespace(
  rt: PodSecurityRuntime,
  request: AdmissionRequest,
  context: AdmissionContext,
): Promise<AdmissionDecision> {
  if (request.subResource) return allow('pod-security:ignored-subresource');
  if (request.operation !== 'CREATE' && request.operation !== 'UPDATE') {
    return allow('pod-security:ignored-operation');
  }
  const parsed = parseNamespace(request.object, '');
  if (!parsed.ok) return parsed.decision;
  const labels = parsed.namespace.metadata?.labels;
  const name = parsed.namespace.metadata?.name ?? request.name ?? '';
  const next = resolveNamespacePolicy(labels, rt.defaultPolicy);
  const exempt = rt.exemptNamespaces.has(name);
  const exemptWarnings = () => describeExemptNamespace(rt, name, next.policy, labels ?? {});
  if (request.operation === 'CREATE') {
    if (next.errors.length > 0) return refuseInvalidLabels(name, next.errors);
    return allowWithNotes(exempt ? exemptWarnings() : []);
  }
  const old = parseNamespace(request.oldObject, 'oldObject');
  if (!old.ok) return old.decision;
  const previous = resolveNamespacePolicy(old.namespace.metadata?.labels, rt.defaultPolicy);
  if (next.errors.length > 0 && !sameErrors(next.errors, previous.errors)) {
    return refuseInvalidLabels(name, next.errors);
  }
  if (!isTightened(previous.policy, next.policy)) return allow('pod-security:allowed');
  if (exempt) return allowWithNotes(exemptWarnings());
  return allowWithNotes(await checkExistingPods(rt, name, next.policy.enforce, context.signal));
}

function sameErrors(a: readonly LabelError[], b: readonly LabelError[]): boolean {
  return b.length > 0 && formatLabelErrors(a) === formatLabelErrors(b);
}

/** Whether existing pods need checking: the enforce policy changed to something not looser. */
function isTightened(previous: Policy, next: Policy): boolean {
  const before: LevelVersion = previous.enforce;
  const after: LevelVersion = next.enforce;
  if (before.level === after.level && before.version === after.version) return false;
  if (after.level === 'privileged') return false;
  return !(after.version === before.version && compareLevels(after.level, before.level) < 1);
}
