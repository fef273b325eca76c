import type { JsonObject } from '../cel/values.js';
import type { ClusterState } from '../cluster/cluster-state.js';
import { nameOf, namespaceOf } from '../cluster/objects.js';
import { groupBy, podsSelected, selectorOf } from './mesh-helpers.js';

/** One object whose scope overlaps others', and the reason. */
export interface SelectorConflict {
  readonly object: JsonObject;
  readonly others: readonly JsonObject[];
  readonly why: string;
}

function addConflict(
  out: Map<JsonObject, SelectorConflict>,
  object: JsonObject,
  others: JsonObject[],
  why: string,
): void {
  if (!out.has(object)) out.set(object, { object, others, why });
}

/**
 * Objects of one kind that compete for the same workloads: two or more without a selector in a
 * namespace, or two or more with selectors that select the same pod. Istio picks one of them
 * (the oldest) and ignores the rest, which is rarely what was meant.
 */
export function findSelectorConflicts(
  state: ClusterState,
  objects: readonly JsonObject[],
  field: 'selector' | 'workloadSelector',
): SelectorConflict[] {
  const out = new Map<JsonObject, SelectorConflict>();
  for (const [namespace, inNamespace] of groupBy(objects, namespaceOf)) {
    const wide = inNamespace.filter((o) => selectorOf(o, field) === undefined);
    if (wide.length > 1) {
      for (const o of wide)
        addConflict(
          out,
          o,
          wide.filter((x) => x !== o),
          `${wide.length} apply to the whole namespace ${namespace}`,
        );
    }
    const scoped = inNamespace.filter((o) => selectorOf(o, field) !== undefined);
    if (scoped.length < 2) continue;
    const byPod = new Map<JsonObject, JsonObject[]>();
    for (const o of scoped) {
      for (const pod of podsSelected(state, selectorOf(o, field) ?? {}, namespace)) {
        byPod.set(pod, [...(byPod.get(pod) ?? []), o]);
      }
    }
    for (const [pod, selecting] of byPod) {
      if (selecting.length < 2) continue;
      const podName = nameOf(pod);
      for (const o of selecting)
        addConflict(
          out,
          o,
          selecting.filter((x) => x !== o),
          `${selecting.length} select pod ${namespace}/${podName}`,
        );
    }
  }
  return [...out.values()];
}
