import type { AdmissionContext, KindHandler } from '../../admission/handler.js';
import type { AdmissionDecision } from '../../admission/response.js';
import { allowed, denied, errored, withWarnings } from '../../admission/response.js';
import type { AdmissionRequest } from '../../admission/review.js';
import type { NamespaceLookup } from '../../kube/namespaces.js';
import type { Analyzer } from '../analyzers/analyzer.js';
import type { JsonObject } from '../cel/values.js';
import { isJsonObject } from '../cel/values.js';
import type { ClusterState } from '../cluster/cluster-state.js';
import { overlayClusterState } from '../cluster/cluster-state.js';
import type { PolicyEngine } from '../engine.js';
import { requestForAdmission } from '../request.js';
import { applyValidationActions } from './decisions.js';
import { analyzerWarnings } from './warnings.js';

/** What the policy webhook is built from. */
export interface PolicyHandlerDeps {
  readonly engine: PolicyEngine;
  /**
   * The cached cluster state (kept fresh by the background audit), for params,
   * `clusterResources()` and the analyzers; undefined until the first refresh.
   */
  readonly clusterState?: () => ClusterState | undefined;
  /** Namespace labels when the state has no Namespace object (e.g. before the first refresh). */
  readonly namespaces?: NamespaceLookup;
  /** Analyzers run as warnings against the cached state; none by default. */
  readonly analyzers?: readonly Analyzer[];
  /** Other validators (mesh validation, Pod Security) composed before the policies. */
  readonly validators?: readonly KindHandler[];
}

function namespaceObject(
  request: AdmissionRequest,
  deps: PolicyHandlerDeps,
  state: ClusterState | undefined,
): JsonObject | null {
  const name = request.namespace ?? '';
  if (name === '') return null;
  const cached = state?.namespace(name);
  if (cached) return cached;
  // Copied key by key rather than spread: this runs for every request.
  const labels: Record<string, string> = { 'kubernetes.io/metadata.name': name };
  const known = deps.namespaces?.labelsOf(name) ?? {};
  for (const [key, value] of Object.entries(known)) labels[key] = value;
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** The object admitted (the old one for a DELETE), with the request's namespace filled in. */
function subjectOf(request: AdmissionRequest): JsonObject | undefined {
  const object = isJsonObject(request.object) ? request.object : request.oldObject;
  if (!isJsonObject(object)) return undefined;
  const metadata = isJsonObject(object['metadata']) ? object['metadata'] : {};
  if (!request.namespace || typeof metadata['namespace'] === 'string') return object;
  return { ...object, metadata: { ...metadata, namespace: request.namespace } };
}

function statusCode(reason: string): 403 | 422 {
  return reason === 'Invalid' ? 422 : 403;
}

/** Runs the bound policies (and analyzers) for one request. */
function decidePolicies(request: AdmissionRequest, deps: PolicyHandlerDeps): AdmissionDecision {
  const base = deps.clusterState?.();
  const subject = subjectOf(request);
  const state = base && subject ? overlayClusterState(base, subject, request.operation) : base;
  const policyRequest = requestForAdmission(request, namespaceObject(request, deps, base));
  const outcome = applyValidationActions(deps.engine.evaluate(policyRequest, { cluster: state }));
  const warnings = [
    ...outcome.warnings,
    ...analyzerWarnings(deps.analyzers ?? [], state, subject, request.operation),
  ];
  const first = outcome.denials[0];
  if (first) {
    const more = outcome.denials.length > 1 ? ` (and ${outcome.denials.length - 1} more)` : '';
    return withWarnings(
      denied('policy-denied', `${first.message}${more}`, statusCode(first.reason)),
      warnings,
      outcome.auditAnnotations,
    );
  }
  return withWarnings(allowed('policy-allowed'), warnings, outcome.auditAnnotations);
}

function merge(validator: AdmissionDecision, policies: AdmissionDecision): AdmissionDecision {
  const lead = validator.allowed ? policies : validator;
  const other = validator.allowed ? validator : policies;
  return withWarnings(lead, other.warnings ?? [], other.auditAnnotations);
}

/**
 * The `/validate` handler of the policy feature: the composed validators decide first (a mesh
 * object that is invalid is refused as such), then every bound policy with its actions: Deny ->
 * denied, Warn -> warnings, Audit -> audit annotations; the analyzers add warnings. It claims
 * every kind, since a policy may match any. Failure mode: evaluation errors follow each policy's
 * failurePolicy; an unexpected exception answers `errored` (500), leaving the decision to the
 * webhook's own failurePolicy.
 */
export function createPolicyHandler(deps: PolicyHandlerDeps): KindHandler {
  return {
    matches: () => true,
    async handle(request: AdmissionRequest, context: AdmissionContext): Promise<AdmissionDecision> {
      const { group, kind } = request.kind;
      const validator = (deps.validators ?? []).find((v) => v.matches(group, kind));
      const first = validator ? await validator.handle(request, context) : undefined;
      if (first && !first.allowed && first.status && first.status.code >= 500) return first;
      try {
        const policies = decidePolicies(request, deps);
        return first ? merge(first, policies) : policies;
      } catch {
        return errored('policy-error', 'gangway could not evaluate the admission policies');
      }
    },
  };
}
