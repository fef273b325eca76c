import * as k8s from '@kubernetes/client-node';
import type { NamespaceLookup } from './namespaces.js';

/** How to reach a cluster: in-cluster config, or a kubeconfig file. */
export interface KubeConnectOptions {
  inCluster: boolean;
  kubeconfig?: string;
}

/** Loads the one KubeConfig gangway uses. */
export function loadKubeConfig(options: KubeConnectOptions): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
  else if (options.inCluster) kc.loadFromCluster();
  else kc.loadFromDefault();
  return kc;
}

/** Asks the cluster its version, as `1.30`. */
export async function fetchClusterVersion(kc: k8s.KubeConfig): Promise<string> {
  const info = await kc.makeApiClient(k8s.VersionApi).getCode();
  return `${info.major.replace(/\D/g, '')}.${info.minor.replace(/\D/g, '')}`;
}

/** A NamespaceLookup fed by a namespace informer, with a readiness flag for /readyz. */
export interface NamespaceInformerLookup extends NamespaceLookup {
  isSynced(): boolean;
  stop(): Promise<void>;
}

/**
 * Starts a namespace informer (list, then watch, relisting on reconnect) and serves labels from
 * its cache. Lookups of unknown namespaces return undefined until the first list completes.
 */
export async function startNamespaceInformer(kc: k8s.KubeConfig): Promise<NamespaceInformerLookup> {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const informer = k8s.makeInformer(kc, '/api/v1/namespaces', () => core.listNamespace());
  let synced = false;
  informer.on('connect', () => {
    synced = true;
  });
  informer.on('error', () => {
    // The informer stops on error; restart it after a pause so a flapping API server is not hammered.
    setTimeout(() => void informer.start().catch(() => undefined), 5_000).unref();
  });
  await informer.start();
  synced = true;
  return {
    labelsOf: (namespace) => informer.get(namespace)?.metadata?.labels ?? undefined,
    isSynced: () => synced,
    stop: () => informer.stop(),
  };
}

/**
 * Lists the pods of a namespace (at most `limit`), for the warnings Pod Security gives when a
 * namespace's enforce label is tightened.
 */
export function createPodLister(
  kc: k8s.KubeConfig,
  limit = 3000,
): { listPods(namespace: string, signal: AbortSignal): Promise<readonly unknown[]> } {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  return {
    async listPods(namespace, signal) {
      if (signal.aborted) return [];
      const list = await core.listNamespacedPod({ namespace, limit });
      return list.items;
    },
  };
}
