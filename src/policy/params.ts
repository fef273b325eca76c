import type { JsonObject } from './cel/values.js';
import { groupOf, labelsOf, nameOf, namespaceOf, stringAt } from './cluster/objects.js';
import type { CompiledPolicy, PolicyBinding } from './compiled.js';
import { matchesLabelSelector } from './match/label-selector.js';
import { kindInfo } from './match/resources.js';
import type { PolicyRequest } from './request.js';

/** Where parameter objects are looked up: the cluster state plus objects shipped with policies. */
export interface ParamLookup {
  list(group: string, kind: string, namespace?: string): readonly JsonObject[];
}

/** The outcome of resolving a binding's paramRef for one request. */
export type ParamResolution =
  | { readonly kind: 'unparameterised' }
  | { readonly kind: 'found'; readonly params: readonly JsonObject[] }
  | { readonly kind: 'not-found'; readonly deny: boolean; readonly message: string };

/**
 * Resolves the params of a binding as Kubernetes does: by name or selector, in the paramRef's
 * namespace or else the request's, for a namespaced paramKind. Several matches by selector each
 * get an evaluation; none follows parameterNotFoundAction (Deny by default).
 */
export function resolveParams(
  policy: CompiledPolicy,
  binding: PolicyBinding,
  request: PolicyRequest,
  lookup: ParamLookup,
): ParamResolution {
  const paramKind = policy.paramKind;
  const ref = binding.paramRef;
  if (!paramKind || !ref) return { kind: 'unparameterised' };
  const group = groupOf(paramKind.apiVersion);
  const namespaced = kindInfo(group, paramKind.kind).namespaced;
  const namespace = namespaced ? (ref.namespace ?? request.namespace) : undefined;
  const deny = (ref.parameterNotFoundAction ?? 'Deny') === 'Deny';
  if (namespace === '') {
    const message = `no params found for policy binding "${binding.name}": a namespaced paramKind needs paramRef.namespace for a cluster-scoped request`;
    return { kind: 'not-found', deny, message };
  }
  const candidates = lookup.list(group, paramKind.kind, namespace);
  const found = candidates.filter((object) =>
    ref.name !== undefined
      ? nameOf(object) === ref.name
      : matchesLabelSelector(ref.selector ?? {}, labelsOf(object)),
  );
  if (found.length > 0) return { kind: 'found', params: found };
  const what = ref.name !== undefined ? `"${ref.name}"` : 'matching the selector';
  return {
    kind: 'not-found',
    deny,
    message: `no params found for policy binding "${binding.name}": no ${paramKind.kind} ${what}${namespace ? ` in namespace ${namespace}` : ''}`,
  };
}

/** Combines lookups: the first with a match for a kind wins its listing, so both are searched. */
export function combineParamLookups(...lookups: readonly ParamLookup[]): ParamLookup {
  return {
    list: (group, kind, namespace) => lookups.flatMap((l) => l.list(group, kind, namespace)),
  };
}

/** A ParamLookup over a fixed list of objects (the params shipped beside policies). */
export function createStaticParamLookup(objects: readonly JsonObject[]): ParamLookup {
  return {
    list: (group, kind, namespace) =>
      objects.filter(
        (o) =>
          groupOf(stringAt(o, 'apiVersion')) === group &&
          stringAt(o, 'kind') === kind &&
          (namespace === undefined || namespaceOf(o) === namespace),
      ),
  };
}
