import type { Logger } from '../shared/logger.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { startHealthServer } from './health-server.js';
import type { RedirectProgrammer } from './iptables.js';
import type { NodeAgentMetrics } from './metrics.js';
import type { ProcReader } from './netns.js';
import { createNodeAgent, type NodeAgent, type RetryPolicy } from './node-agent.js';
import type { PodSource } from './pod-source.js';

/** Everything `gangway node-agent` runs with, real or fake. */
export interface NodeAgentServiceOptions {
  readonly source: PodSource;
  readonly proc: ProcReader;
  readonly programmer: RedirectProgrammer;
  readonly metrics: NodeAgentMetrics;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly retry?: RetryPolicy;
  readonly host: string;
  /** Health and metrics port; 0 picks a free one. */
  readonly healthPort: number;
}

/** The running agent. */
export interface RunningNodeAgent {
  readonly agent: NodeAgent;
  readonly healthPort: number;
  /**
   * Stops watching and serving. The redirects stay: pods keep their capture while the agent is
   * restarted or upgraded, and the next agent re-applies them without a change.
   */
  close(): Promise<void>;
}

/**
 * Starts the node agent: health endpoints first (not ready), then the pod list, one reconcile pass
 * over every pod of the node, then ready, with changes handled as they are watched.
 */
export async function startNodeAgentService(
  options: NodeAgentServiceOptions,
): Promise<RunningNodeAgent> {
  const agent = createNodeAgent({ ...options, clock: options.clock ?? systemClock });
  let reconciled = false;
  const health = await startHealthServer({
    host: options.host,
    port: options.healthPort,
    registry: options.metrics.registry,
    isReady: () => reconciled && options.source.isSynced(),
  });
  try {
    const pods = await options.source.start({
      upsert: (pod) => agent.upsert(pod),
      remove: (pod) => agent.remove(pod),
    });
    await agent.reconcileAll(pods);
    reconciled = true;
    options.logger.info(
      { pods: pods.length, redirected: agent.redirected().size },
      'node agent ready',
    );
  } catch (error) {
    await health.close();
    throw error;
  }
  return {
    agent,
    healthPort: health.port,
    close: async () => {
      agent.stop();
      await options.source.stop();
      await agent.idle();
      await health.close();
    },
  };
}
