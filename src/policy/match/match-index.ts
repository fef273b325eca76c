import type { PolicyRequest } from '../request.js';
import type { MatchResources } from '../schema.js';
import type { RequestKind } from './match-constraints.js';
import { matchesRuleKind } from './match-constraints.js';

/** Finds, for a request, the entries whose rules may select it, without trying every entry. */
export interface MatchIndex<T> {
  /** The entries, in their original order, with an include rule for the request's kind. */
  candidates(request: PolicyRequest): readonly T[];
}

// Kinds come from the API server's resources, so there are few; the cap only bounds a flood of
// made-up resource names, which then cost one filter pass each, as without an index.
const MAX_KINDS = 512;

function kindKey(request: RequestKind): string {
  const { group, version, resource } = request.resource;
  const scope = request.namespaced ? 'ns' : 'cluster';
  return `${group}\n${version}\n${resource}\n${request.subResource}\n${request.operation}\n${scope}`;
}

/** Whether any include rule could select a request of this kind (names and selectors aside). */
function mayMatch(match: MatchResources, request: RequestKind): boolean {
  return (match.resourceRules ?? []).some((rule) => matchesRuleKind(rule, request));
}

/**
 * Indexes entries by the kinds their matchConstraints include: the first request of a kind
 * (group, version, resource, subresource, operation, scope) filters the entries once, later ones
 * reuse the list. Callers still check each candidate fully (names, excludes, selectors); an
 * entry that is not a candidate cannot match, since its constraints include no rule for the kind.
 */
export function createMatchIndex<T>(
  entries: readonly T[],
  constraintsOf: (entry: T) => MatchResources,
): MatchIndex<T> {
  const byKind = new Map<string, readonly T[]>();
  return {
    candidates(request) {
      const key = kindKey(request);
      let found = byKind.get(key);
      if (!found) {
        found = entries.filter((entry) => mayMatch(constraintsOf(entry), request));
        if (byKind.size >= MAX_KINDS) byKind.clear();
        byKind.set(key, found);
      }
      return found;
    },
  };
}
