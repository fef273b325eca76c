import { CelScalar, celFunc, isCelMap, listType } from '@bufbuild/cel';
import type { CelFunc, CelInput, CelValue } from '@bufbuild/cel';
import type { ClusterState } from '../cluster/cluster-state.js';
import { listPodSecurityViolations } from './pod-security.js';
import type { JsonObject } from './values.js';
import { fromCelValue, isJsonObject, toCelInput } from './values.js';

/** What gangway's own CEL functions read during one evaluation. */
export interface CelCallContext {
  /** The cluster for `clusterResources()`; absent where no cluster state is available. */
  readonly cluster?: ClusterState | undefined;
  /**
   * `podSecurityViolations()` results of the current request, by object and level, so policies
   * asking the same question of the same object share one Pod Security evaluation. Created per
   * request and dropped with it: results never outlive the request they were computed for.
   */
  readonly podSecurity?: Map<JsonObject, Map<string, readonly string[]>>;
}

/**
 * The per-evaluation state of gangway's functions. Evaluation is synchronous, so the context set
 * for one evaluation cannot leak into another.
 */
export interface GangwayFunctionState {
  context: CelCallContext;
  /** The JSON a bound CEL map was built from, so functions need not convert it back. */
  readonly originals: WeakMap<object, JsonObject>;
  /** CEL inputs of cluster objects, converted once per object and reused by every policy. */
  readonly converted: WeakMap<JsonObject, CelInput>;
}

/** A fresh function state with an empty context. */
export function createFunctionState(): GangwayFunctionState {
  return { context: {}, originals: new WeakMap(), converted: new WeakMap() };
}

function jsonOf(state: GangwayFunctionState, value: CelValue): JsonObject {
  const original = typeof value === 'object' && value !== null && state.originals.get(value);
  if (original) return original;
  const json = fromCelValue(value);
  if (isCelMap(value) && isJsonObject(json)) return json;
  throw new Error('no such overload: expected an object');
}

function converted(state: GangwayFunctionState, object: JsonObject): CelInput {
  let input = state.converted.get(object);
  if (input === undefined) {
    input = toCelInput(object);
    state.converted.set(object, input);
  }
  return input;
}

/** The Pod Security violations of an object at a level, once per request and level. */
function podSecurityViolations(
  state: GangwayFunctionState,
  object: JsonObject,
  level: string,
): readonly string[] {
  const memo = state.context.podSecurity;
  if (!memo) return listPodSecurityViolations(object, level);
  let byLevel = memo.get(object);
  if (!byLevel) {
    byLevel = new Map();
    memo.set(object, byLevel);
  }
  let violations = byLevel.get(level);
  if (!violations) {
    violations = listPodSecurityViolations(object, level);
    byLevel.set(level, violations);
  }
  return violations;
}

const { DYN, STRING } = CelScalar;

/**
 * gangway's CEL functions: `podSecurityViolations(object, 'restricted')` runs the Pod Security
 * engine; `clusterResources(group, kind, namespace)` lists objects from the cluster state (all
 * namespaces for `''`), for the cross-resource rules of the mesh pack.
 */
export function gangwayFunctions(state: GangwayFunctionState): CelFunc[] {
  return [
    celFunc('podSecurityViolations', [DYN, STRING], listType(STRING), (object, level) =>
      podSecurityViolations(state, jsonOf(state, object), level),
    ),
    celFunc('clusterResources', [STRING, STRING, STRING], listType(DYN), (group, kind, ns) => {
      const cluster = state.context.cluster;
      if (!cluster) throw new Error('clusterResources: no cluster state is available here');
      const items = cluster.list(group, kind, ns === '' ? undefined : ns);
      return items.map((item) => converted(state, item));
    }),
  ];
}
