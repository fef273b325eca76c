import { cloneJson } from '../shared/clone.js';
import fastJsonPatch from 'fast-json-patch';
import type { AdmissionHandler, KindHandler } from './handler.js';
import type { AdmissionRequest } from './review.js';
import type { AdmissionDecision } from './response.js';
import { allowed, patched, withGatheredWarnings, withWarnings } from './response.js';

/**
 * Merges the decisions of several validating handlers: the first refusal wins, carrying every
 * handler's warnings and audit annotations; otherwise the request is allowed with all of them.
 */
export function mergeDecisions(decisions: readonly AdmissionDecision[]): AdmissionDecision {
  if (decisions.length === 1 && decisions[0]) return decisions[0];
  const refusal = decisions.find((d) => !d.allowed);
  const warnings = decisions.flatMap((d) => d.warnings ?? []);
  const audit = Object.assign({}, ...decisions.map((d) => d.auditAnnotations ?? {})) as Record<
    string,
    string
  >;
  const base = refusal ?? allowed(decisions.map((d) => d.reasonCode).join(',') || 'no-validator');
  return withGatheredWarnings(base, warnings, audit);
}

/**
 * A validating handler from kind handlers: every handler that claims the request's group and kind
 * decides, and their decisions are merged; a request nobody claims is allowed.
 */
export function composeValidatingHandlers(
  name: string,
  handlers: readonly KindHandler[],
): AdmissionHandler {
  return {
    name,
    async handle(request, context) {
      const { group, kind } = request.kind;
      const matching = handlers.filter((h) => h.matches(group, kind));
      if (matching.length === 0) return allowed('no-validator');
      return mergeDecisions(await Promise.all(matching.map((h) => h.handle(request, context))));
    },
  };
}

/**
 * A mutating handler from several, run in order: each sees the object as the previous ones left
 * it, the first refusal stops the chain, and the final patch is one diff of the original against
 * the end result (never a concatenation of patches).
 */
export function chainMutatingHandlers(
  name: string,
  handlers: readonly AdmissionHandler[],
): AdmissionHandler {
  return {
    name,
    async handle(request, context) {
      const original = request.object;
      let current = request;
      const reasons: string[] = [];
      let last = 'allowed';
      const warnings: string[] = [];
      const audit: Record<string, string> = {};
      for (const [index, handler] of handlers.entries()) {
        const decision = await handler.handle(current, context);
        warnings.push(...(decision.warnings ?? []));
        Object.assign(audit, decision.auditAnnotations);
        if (!decision.allowed) return withGatheredWarnings(decision, warnings, audit);
        // The last handler saw the original when nobody patched before it: its patch is the answer
        // as it is, and applying then re-diffing it would only repeat the work.
        if (index === handlers.length - 1 && reasons.length === 0) {
          return withGatheredWarnings(decision, warnings, audit);
        }
        if (decision.patch) {
          current = applyDecisionPatch(current, decision);
          reasons.push(decision.reasonCode);
        }
        last = decision.reasonCode;
      }
      // The last handler's reason leads (metrics read it), then what earlier handlers changed.
      reasons.unshift(last);
      return withWarnings(finalDecision(reasons, original, current.object), warnings, audit);
    },
  };
}

function applyDecisionPatch(
  request: AdmissionRequest,
  decision: AdmissionDecision,
): AdmissionRequest {
  const clone = cloneJson(request.object);
  const object: unknown = fastJsonPatch.applyPatch(
    clone,
    [...(decision.patch ?? [])],
    false,
    true,
  ).newDocument;
  return { ...request, object };
}

function finalDecision(
  reasons: readonly string[],
  original: unknown,
  result: unknown,
): AdmissionDecision {
  const reasonCode = [...new Set(reasons)].join('+');
  if (original === result || typeof original !== 'object' || original === null)
    return allowed(reasonCode);
  return patched(reasonCode, original, result as object);
}
