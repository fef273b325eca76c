import type { PolicyCelEnvironment } from './cel/environment.js';
import { createPolicyCelEnvironment } from './cel/environment.js';
import type { ClusterState } from './cluster/cluster-state.js';
import { nameOf } from './cluster/objects.js';
import type { CompiledPolicy, PolicyBinding } from './compiled.js';
import type { Decision } from './evaluate.js';
import type { RequestScope } from './evaluate.js';
import { bindRequest, createRequestScope, evaluatePolicy, globalsReadBy } from './evaluate.js';
import type { PolicyInputDocument, PolicySet } from './load.js';
import { loadPolicies } from './load.js';
import { matchesResources } from './match/match-constraints.js';
import { createMatchIndex } from './match/match-index.js';
import type { ParamLookup } from './params.js';
import { combineParamLookups, createStaticParamLookup, resolveParams } from './params.js';
import type { LoadProblem } from './problems.js';
import type { PolicyRequest } from './request.js';

/** What an evaluation may read besides the request. */
export interface EngineContext {
  /** The cluster, for params, `clusterResources()` and the analyzers. */
  readonly cluster?: ClusterState | undefined;
}

/** Loaded policies, ready to evaluate requests. */
export interface PolicyEngine {
  readonly policies: readonly CompiledPolicy[];
  readonly bindings: readonly PolicyBinding[];
  readonly environment: PolicyCelEnvironment;
  /** Every decision of every binding whose policy matches the request. */
  evaluate(request: PolicyRequest, context?: EngineContext): Decision[];
}

interface Bound {
  readonly policy: CompiledPolicy;
  readonly binding: PolicyBinding;
}

/**
 * Where params are looked up for one request: the cluster state, then the shipped objects; built
 * on first use, since most policies take none.
 */
function paramsLookup(set: PolicySet, cluster: ClusterState | undefined): ParamLookup {
  let lookup: ParamLookup | undefined;
  return {
    list: (group, kind, namespace) => {
      if (!lookup) {
        const shipped = createStaticParamLookup(set.params);
        lookup = cluster ? combineParamLookups(cluster, shipped) : shipped;
      }
      return lookup.list(group, kind, namespace);
    },
  };
}

/** What every bound policy evaluated against one request shares. */
interface Run {
  readonly environment: PolicyCelEnvironment;
  readonly scope: RequestScope;
  readonly params: ParamLookup;
}

function evaluateBound(bound: Bound, request: PolicyRequest, run: Run): Decision[] {
  const { policy, binding } = bound;
  const resolution = resolveParams(policy, binding, request, run.params);
  const { environment, scope } = run;
  if (resolution.kind === 'unparameterised') {
    return [evaluatePolicy({ environment, scope, policy, binding, params: null })];
  }
  if (resolution.kind === 'found') {
    return resolution.params.map((params) =>
      evaluatePolicy({ environment, scope, policy, binding, params, paramName: nameOf(params) }),
    );
  }
  const empty = { policy, binding, auditAnnotations: {}, passed: [] };
  if (!resolution.deny)
    return [{ ...empty, outcome: 'skip', violations: [], skipReason: resolution.message }];
  const violation = {
    kind: 'fail' as const,
    rule: 'paramRef',
    message: resolution.message,
    reason: 'Invalid',
    enforced: true,
  };
  return [{ ...empty, outcome: 'violations', violations: [violation] }];
}

function selects({ policy, binding }: Bound, request: PolicyRequest): boolean {
  return (
    matchesResources(policy.matchConstraints, request) &&
    (!binding.matchResources || matchesResources(binding.matchResources, request, true))
  );
}

/** Builds an engine over a loaded policy set (compiled with `environment`). */
export function createPolicyEngine(
  set: PolicySet,
  environment: PolicyCelEnvironment,
): PolicyEngine {
  const byName = new Map(set.policies.map((p) => [p.name, p]));
  const bound: Bound[] = [];
  for (const binding of set.bindings) {
    const policy = byName.get(binding.policyName);
    if (policy) bound.push({ policy, binding });
  }
  const index = createMatchIndex(bound, (b) => b.policy.matchConstraints);
  const globals = globalsReadBy(set.policies);
  return {
    policies: set.policies,
    bindings: set.bindings,
    environment,
    evaluate(request, context = {}) {
      const matching = index.candidates(request).filter((b) => selects(b, request));
      if (matching.length === 0) return [];
      const { cluster } = context;
      const run: Run = {
        environment,
        scope: createRequestScope(bindRequest(request, environment, globals)),
        params: paramsLookup(set, cluster),
      };
      // One context per request: what gangway's functions remember lives and dies with it.
      return environment.withContext({ cluster, podSecurity: new Map() }, () =>
        matching.flatMap((b) => evaluateBound(b, request, run)),
      );
    },
  };
}

/** Loads documents and builds an engine in one step; the load problems come back beside it. */
export function buildPolicyEngine(documents: readonly PolicyInputDocument[]): {
  engine: PolicyEngine;
  problems: readonly LoadProblem[];
  set: PolicySet;
} {
  const environment = createPolicyCelEnvironment();
  const set = loadPolicies(documents, environment);
  return { engine: createPolicyEngine(set, environment), problems: set.problems, set };
}
