import type { AgentPod } from './pod-plan.js';

/**
 * Where the node agent's pods come from: in a cluster, a list-watch of the pods of its node; in
 * tests, a fake. The agent depends on this interface only.
 */

/** What a PodSource tells its listener. */
export interface PodEvents {
  upsert(pod: AgentPod): void;
  remove(pod: AgentPod): void;
}

/** The pods of one node, listed then watched. */
export interface PodSource {
  /** Lists (resolving with the pods once listed), then keeps delivering changes to `events`. */
  start(events: PodEvents): Promise<readonly AgentPod[]>;
  /** Whether the last list or watch (re)connected. */
  isSynced(): boolean;
  stop(): Promise<void>;
}

/** The field selector of the pods scheduled to a node. */
export function nodeFieldSelector(nodeName: string): string {
  return `spec.nodeName=${nodeName}`;
}
