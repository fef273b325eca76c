import type { AuthorizationPolicy } from '../model/istio-policy.js';
import { anyOf } from '../resources/build.js';
import type { ProtoObject } from '../resources/envoy-protos.js';
import { EMBEDDED_TYPE_URLS } from '../resources/type-urls.js';
import type { MeshIndex } from './mesh-index.js';
import { rulePolicy } from './rbac-rules.js';
import type { Flavor } from './traffic-policy.js';
import { labelsMatch, type TranslationNote } from './types.js';

/** The AuthorizationPolicies that apply to a workload: mesh-wide (root namespace) and its namespace's. */
export function policiesFor(
  index: MeshIndex,
  namespace: string,
  labels: Readonly<Record<string, string>>,
): AuthorizationPolicy[] {
  const applies = (ap: AuthorizationPolicy): boolean => {
    const ns = ap.metadata.namespace;
    if (ns !== namespace && ns !== index.options.rootNamespace) return false;
    return labelsMatch(ap.spec.selector?.matchLabels, labels);
  };
  return index.config.AuthorizationPolicy.filter(applies).sort(
    (a, b) =>
      (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
      a.metadata.name.localeCompare(b.metadata.name),
  );
}

/**
 * HTTP RBAC filters for a workload: one DENY filter, then one ALLOW filter (Istio's order: a
 * request must pass every DENY before any ALLOW is consulted). No ALLOW policy means no ALLOW
 * filter (everything not denied is allowed); an ALLOW policy without rules allows nothing.
 */
export function buildRbacFilters(
  index: MeshIndex,
  workload: { namespace: string; labels: Readonly<Record<string, string>> },
  flavor: Flavor,
  notes: TranslationNote[],
): ProtoObject[] {
  const filters: ProtoObject[] = [];
  for (const action of ['DENY', 'ALLOW'] as const) {
    const selected = policiesFor(index, workload.namespace, workload.labels).filter(
      (ap) => (ap.spec.action ?? 'ALLOW') === action,
    );
    if (selected.length === 0) continue;
    const policies: Record<string, ProtoObject> = {};
    for (const ap of selected) {
      const object = `AuthorizationPolicy ${ap.metadata.namespace}/${ap.metadata.name}`;
      const note = (message: string): void => void notes.push({ object, message });
      for (const [i, rule] of (ap.spec.rules ?? []).entries()) {
        const policy = rulePolicy(rule, { flavor, action, note });
        if (policy)
          policies[`ns[${ap.metadata.namespace}]-policy[${ap.metadata.name}]-rule[${i}]`] = policy;
      }
    }
    if (action === 'DENY' && Object.keys(policies).length === 0) continue;
    filters.push({
      name: `gangway.rbac.${action.toLowerCase()}`,
      typed_config: anyOf(EMBEDDED_TYPE_URLS.rbac, { rules: { action, policies } }),
    });
  }
  for (const ap of policiesFor(index, workload.namespace, workload.labels)) {
    const action = ap.spec.action ?? 'ALLOW';
    if (action !== 'ALLOW' && action !== 'DENY')
      notes.push({
        object: `AuthorizationPolicy ${ap.metadata.namespace}/${ap.metadata.name}`,
        message: `action ${action} is not supported; ignored`,
      });
  }
  return filters;
}

/**
 * The same policies as network RBAC filters, for TCP ports. HTTP-only conditions (paths, methods,
 * headers) never match at L4: an ALLOW rule that needs one allows nothing (fail closed).
 */
export function buildNetworkRbacFilters(
  index: MeshIndex,
  workload: { namespace: string; labels: Readonly<Record<string, string>> },
  notes: TranslationNote[],
): ProtoObject[] {
  return buildRbacFilters(index, workload, 'envoy', notes).map((filter) => {
    const typed = filter['typed_config'] as ProtoObject;
    const name = String(filter['name']).replace('gangway.rbac.', 'gangway.tcp-rbac.');
    return {
      name,
      typed_config: anyOf(EMBEDDED_TYPE_URLS.networkRbac, {
        stat_prefix: name,
        rules: typed['rules'],
      }),
    };
  });
}
