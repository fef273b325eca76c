import * as k8s from '@kubernetes/client-node';
import type { Logger } from '../shared/logger.js';
import { AgentPodSchema, type AgentPod } from './pod-plan.js';
import { nodeFieldSelector, type PodSource } from './pod-source.js';

function decode(logger: Logger, object: unknown): AgentPod | undefined {
  const parsed = AgentPodSchema.safeParse(object);
  if (parsed.success) return parsed.data;
  logger.warn({ issues: parsed.error.issues.slice(0, 3) }, 'node agent: unreadable pod ignored');
  return undefined;
}

/** Restarting a stopped watch after this pause keeps a flapping API server from being hammered. */
const RESTART_DELAY_MS = 5_000;

/**
 * A PodSource over @kubernetes/client-node's ListWatch with a `spec.nodeName` field selector: the
 * agent reads the pods of its own node only (RBAC: get, list, watch pods).
 */
export function createKubePodSource(
  kc: k8s.KubeConfig,
  nodeName: string,
  logger: Logger,
): PodSource {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const fieldSelector = nodeFieldSelector(nodeName);
  const informer = new k8s.ListWatch<k8s.V1Pod>(
    '/api/v1/pods',
    new k8s.Watch(kc),
    () => core.listPodForAllNamespaces({ fieldSelector }),
    false,
    undefined,
    fieldSelector,
  );
  let synced = false;
  // Events of the first list are not relayed: start() returns that list for one reconcile pass.
  let listed = false;
  const relay = (listener: (pod: AgentPod) => void) => (object: k8s.V1Pod) => {
    const pod = listed ? decode(logger, object) : undefined;
    if (pod) listener(pod);
  };
  return {
    start: async (events) => {
      informer.on(
        'add',
        relay((pod) => events.upsert(pod)),
      );
      informer.on(
        'update',
        relay((pod) => events.upsert(pod)),
      );
      informer.on(
        'delete',
        relay((pod) => events.remove(pod)),
      );
      informer.on('connect', () => void (synced = true));
      informer.on('error', (error: unknown) => {
        synced = false;
        logger.warn({ err: error }, 'node agent: pod watch failed; restarting');
        setTimeout(() => void informer.start().catch(() => undefined), RESTART_DELAY_MS).unref();
      });
      await informer.start();
      synced = true;
      listed = true;
      return informer.list().flatMap((object) => decode(logger, object) ?? []);
    },
    isSynced: () => synced,
    stop: () => informer.stop(),
  };
}
