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

/** The pause before an informer that failed is restarted, so a flapping API server is not hammered. */
const RESTART_DELAY_MS = 5_000;

/** An informer kept running by {@link superviseInformer}. */
export interface SupervisedInformer {
  /** Lists and starts watching; rejects when the API server does not serve the kind (404). */
  start(): Promise<void>;
  /** Stops the informer and any pending restart: nothing reconnects afterwards. */
  stop(): Promise<void>;
  /**
   * Whether a list has succeeded, at start or at a restart: the cache holds what the API server
   * has, not merely what a failed start left (nothing).
   */
  hasListed(): boolean;
}

function isNotServed(error: unknown): boolean {
  const code = (error as { code?: unknown; statusCode?: unknown } | undefined) ?? {};
  return code.code === 404 || code.statusCode === 404;
}

/**
 * Keeps an informer running: @kubernetes/client-node's informer stops on an error (its own
 * `stop()` aborting the watch included), so it is restarted after a pause, until `stop`. A kind the
 * API server does not serve (a CRD not installed) fails `start` instead of being retried forever.
 */
export function superviseInformer(
  informer: k8s.Informer<k8s.KubernetesObject>,
  restartDelayMs = RESTART_DELAY_MS,
): SupervisedInformer {
  let stopped = false;
  let starting = false;
  let listed = false;
  let startError: unknown;
  let timer: NodeJS.Timeout | undefined;
  /** One start of the informer; what went wrong, or undefined when it listed and watches. */
  const attempt = async (): Promise<unknown> => {
    starting = true;
    startError = undefined;
    try {
      // The informer reports a failed list through its error callback, never by rejecting.
      await informer.start();
    } finally {
      starting = false;
    }
    if (startError === undefined) listed = true;
    return startError;
  };
  const restartLater = (): void => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (stopped) return;
      void attempt().then(
        (error) => (error === undefined ? undefined : restartLater()),
        () => restartLater(),
      );
    }, restartDelayMs);
    timer.unref();
  };
  informer.on('error', (error: unknown) => {
    if (starting) startError = error;
    else restartLater();
  });
  return {
    start: async () => {
      stopped = false;
      const error = await attempt();
      if (error === undefined) return;
      if (isNotServed(error)) {
        stopped = true;
        await informer.stop();
        throw error instanceof Error ? error : new Error('the API server answered 404');
      }
      restartLater();
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await informer.stop();
    },
    hasListed: () => listed,
  };
}

/**
 * Starts a namespace informer (list, then watch, relisting on reconnect) and serves labels from
 * its cache. Lookups of unknown namespaces return undefined until the first list completes.
 */
export async function startNamespaceInformer(
  kc: k8s.KubeConfig,
  restartDelayMs = RESTART_DELAY_MS,
): Promise<NamespaceInformerLookup> {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const informer = k8s.makeInformer(kc, '/api/v1/namespaces', () => core.listNamespace());
  const supervised = superviseInformer(informer, restartDelayMs);
  await supervised.start();
  return {
    labelsOf: (namespace) => informer.get(namespace)?.metadata?.labels ?? undefined,
    // Not before a list succeeded: with the API server down at start the cache is empty, and
    // admitting then would take every namespace for unlabelled.
    isSynced: () => supervised.hasListed(),
    stop: () => supervised.stop(),
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
