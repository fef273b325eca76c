import { labelsOf } from '../cluster/objects.js';
import type { PolicyRequest } from '../request.js';
import type { MatchResources, ResourceRule } from '../schema.js';
import { matchesLabelSelector } from './label-selector.js';

function matchesList(values: readonly string[] | undefined, value: string): boolean {
  return values === undefined || values.includes('*') || values.includes(value);
}

function matchesResource(
  resources: readonly string[] | undefined,
  request: Pick<PolicyRequest, 'resource' | 'subResource'>,
): boolean {
  const { resource } = request.resource;
  const sub = request.subResource;
  for (const pattern of resources ?? []) {
    // indexOf and slice rather than split: this runs for every rule of every candidate policy.
    const slash = pattern.indexOf('/');
    const name = slash < 0 ? pattern : pattern.slice(0, slash);
    const end = slash < 0 ? -1 : pattern.indexOf('/', slash + 1);
    const patternSub =
      slash < 0 ? undefined : pattern.slice(slash + 1, end < 0 ? pattern.length : end);
    if (pattern === '*' && sub === '') return true;
    if (pattern === '*/*') return true;
    if (name !== resource && name !== '*') continue;
    if (patternSub === undefined ? sub === '' : patternSub === '*' || patternSub === sub)
      return true;
  }
  return false;
}

/** The parts of a request a rule reads besides the name: what a match index is keyed by. */
export type RequestKind = Pick<
  PolicyRequest,
  'resource' | 'subResource' | 'operation' | 'namespaced'
>;

/** Whether a rule matches the request's resource, operation and scope (not its name). */
export function matchesRuleKind(rule: ResourceRule, request: RequestKind): boolean {
  if (!matchesList(rule.apiGroups, request.resource.group)) return false;
  if (!matchesList(rule.apiVersions, request.resource.version)) return false;
  if (!matchesList(rule.operations, request.operation)) return false;
  if (!matchesResource(rule.resources, request)) return false;
  const scope = rule.scope ?? '*';
  if (scope === 'Cluster' && request.namespaced) return false;
  return !(scope === 'Namespaced' && !request.namespaced);
}

/** Whether a NamedRuleWithOperations matches the request. */
export function matchesRule(rule: ResourceRule, request: PolicyRequest): boolean {
  if (!matchesRuleKind(rule, request)) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(request.name);
}

// Labels read from a request's objects, once per request (a PolicyRequest is built per request
// and never changed) rather than once per policy and selector.
const namespaceLabelsOf = new WeakMap<PolicyRequest, { labels?: Record<string, string> }>();
const objectLabelsOf = new WeakMap<PolicyRequest, readonly Record<string, string>[]>();

function namespaceLabels(request: PolicyRequest): Record<string, string> | undefined {
  let known = namespaceLabelsOf.get(request);
  if (!known) {
    const labels = readNamespaceLabels(request);
    known = labels ? { labels } : {};
    namespaceLabelsOf.set(request, known);
  }
  return known.labels;
}

function objectLabels(request: PolicyRequest): readonly Record<string, string>[] {
  let labels = objectLabelsOf.get(request);
  if (!labels) {
    labels = [request.object, request.oldObject].flatMap((o) => (o ? [labelsOf(o)] : []));
    objectLabelsOf.set(request, labels);
  }
  return labels;
}

/** The labels a namespaceSelector is matched against, or undefined when it does not apply. */
function readNamespaceLabels(request: PolicyRequest): Record<string, string> | undefined {
  if (request.resource.group === '' && request.resource.resource === 'namespaces') {
    const object = request.object ?? request.oldObject;
    return object ? labelsOf(object) : {};
  }
  // A cluster-scoped object other than a Namespace is not subject to namespaceSelector.
  if (!request.namespaced) return undefined;
  if (request.namespaceObject) return labelsOf(request.namespaceObject);
  // The API server labels every namespace with its name; an unknown one has at least that.
  return { 'kubernetes.io/metadata.name': request.namespace };
}

function matchesSelectors(match: MatchResources, request: PolicyRequest): boolean {
  const nsLabels = namespaceLabels(request);
  if (
    match.namespaceSelector &&
    nsLabels &&
    !matchesLabelSelector(match.namespaceSelector, nsLabels)
  ) {
    return false;
  }
  if (!match.objectSelector) return true;
  const selector = match.objectSelector;
  return objectLabels(request).some((labels) => matchesLabelSelector(selector, labels));
}

/**
 * Whether a policy's matchConstraints (or, with `emptyRulesMatchAll`, a binding's
 * matchResources) select the request: a resource rule matches, no exclude rule does, and the
 * namespace and object selectors hold.
 */
export function matchesResources(
  match: MatchResources,
  request: PolicyRequest,
  emptyRulesMatchAll = false,
): boolean {
  const rules = match.resourceRules ?? [];
  const included =
    rules.length === 0 ? emptyRulesMatchAll : rules.some((rule) => matchesRule(rule, request));
  if (!included) return false;
  if ((match.excludeResourceRules ?? []).some((rule) => matchesRule(rule, request))) return false;
  return matchesSelectors(match, request);
}
