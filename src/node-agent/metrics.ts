import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { REDIRECT_FAILURE_REASONS, type RedirectFailureReason } from './reasons.js';

/** The node agent's metrics, on a registry of its own. */
export interface NodeAgentMetrics {
  readonly registry: Registry;
  /** Pods of this node whose redirect is in place. */
  readonly podsRedirected: Gauge;
  /** Redirects programmed (changed rules) and removed. */
  readonly operations: Counter<'operation'>;
  /** Failures by reason code. */
  readonly failures: Counter<'reason'>;
  /** Seconds from the pod's start to its redirect being in place. */
  readonly timeToRedirect: Histogram;
}

/** Builds the node agent's metrics; process metrics too unless turned off (tests). */
export function createNodeAgentMetrics(
  options: { processMetrics?: boolean } = {},
): NodeAgentMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const failures = new Counter({
    name: 'gangway_node_agent_redirect_failures_total',
    help: 'Pods the node agent could not redirect (or un-redirect), by reason code.',
    labelNames: ['reason'],
    registers: [registry],
  });
  for (const reason of REDIRECT_FAILURE_REASONS) failures.inc({ reason }, 0);
  return {
    registry,
    podsRedirected: new Gauge({
      name: 'gangway_node_agent_pods_redirected',
      help: 'Pods of this node whose traffic redirect is in place.',
      registers: [registry],
    }),
    operations: new Counter({
      name: 'gangway_node_agent_redirect_operations_total',
      help: 'Redirects written to a pod network namespace, by operation (apply, remove).',
      labelNames: ['operation'],
      registers: [registry],
    }),
    failures,
    timeToRedirect: new Histogram({
      name: 'gangway_node_agent_time_to_redirect_seconds',
      help: 'Time from a pod starting to its traffic redirect being in place.',
      // The sandbox comes up within seconds of the pod starting; gangway-init waits 60 s at most.
      buckets: [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120],
      registers: [registry],
    }),
  };
}

/** Counts one failure. */
export function countFailure(metrics: NodeAgentMetrics, reason: RedirectFailureReason): void {
  metrics.failures.inc({ reason });
}
