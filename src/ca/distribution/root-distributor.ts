import { createSilentLogger, type Logger } from '../../shared/logger.js';
import type { ConfigMapApi, NamespaceApi, Stoppable } from '../kube/apis.js';

/** The ConfigMap every namespace gets, holding the roots workloads trust. */
export const ROOT_CONFIGMAP_NAME = 'gangway-ca-root-cert';
/** Its one key. */
export const ROOT_CONFIGMAP_KEY = 'root-cert.pem';
/** Label marking the ConfigMaps gangway owns. */
export const ROOT_CONFIGMAP_LABEL = 'gangway.io/ca-root';

/** Options of {@link createRootDistributor}. */
export interface RootDistributorOptions {
  configMaps: ConfigMapApi;
  namespaces: NamespaceApi;
  /** The PEM roots to publish now. */
  bundle: () => readonly string[];
  /** Only the elected replica writes; the others watch and wait. */
  isLeader: () => boolean;
  logger?: Logger;
  /** Full resync period, repairing anything a lost watch event missed; 5 minutes. */
  resyncIntervalMs?: number;
}

/** Keeps `gangway-ca-root-cert` correct in every namespace. */
export interface RootDistributor {
  /** Starts the namespace and ConfigMap watches and the resync timer. */
  start(): Promise<void>;
  /** Brings every namespace's ConfigMap to the current bundle (leader only). */
  reconcileAll(): Promise<void>;
  /** Brings one namespace's ConfigMap to the current bundle (leader only). */
  reconcile(namespace: string): Promise<void>;
  stop(): void;
}

/**
 * Builds the root distributor. Every event (namespace added, ConfigMap edited or deleted, bundle
 * changed) leads to the same idempotent reconcile of the affected namespaces, so repairs and
 * rotations share one code path.
 */
export function createRootDistributor(options: RootDistributorOptions): RootDistributor {
  const logger = options.logger ?? createSilentLogger();
  const stoppables: Stoppable[] = [];
  let timer: NodeJS.Timeout | undefined;
  const reconcile = async (namespace: string): Promise<void> => {
    const bundle = options.bundle().join('');
    if (!options.isLeader() || bundle === '') return;
    // A failure is retried by the next event or the periodic resync; it never stops the loop.
    await writeRoot(options.configMaps, namespace, bundle).catch((error: unknown) => {
      logger.warn({ err: error, namespace }, 'could not write the CA root ConfigMap');
    });
  };
  const reconcileAll = async (): Promise<void> => {
    if (options.isLeader()) await Promise.all((await options.namespaces.list()).map(reconcile));
  };
  return {
    start: async () => {
      stoppables.push(...(await watchAll(options, reconcile)));
      const resync = options.resyncIntervalMs ?? 300_000;
      timer = setInterval(() => void reconcileAll().catch(() => undefined), resync);
      timer.unref();
      await reconcileAll();
    },
    reconcileAll,
    reconcile,
    stop: () => {
      clearInterval(timer);
      for (const stoppable of stoppables.splice(0)) stoppable.stop();
    },
  };
}

/** Namespace arrivals and any change to a root ConfigMap lead to a reconcile of that namespace. */
async function watchAll(
  options: RootDistributorOptions,
  reconcile: (namespace: string) => Promise<void>,
): Promise<Stoppable[]> {
  return [
    await options.namespaces.watch((event) => {
      if (event.type !== 'deleted' && !event.terminating) void reconcile(event.name);
    }),
    await options.configMaps.watch(ROOT_CONFIGMAP_NAME, (event) => void reconcile(event.namespace)),
  ];
}

/** Creates or repairs one ConfigMap; a conflict means someone wrote meanwhile, so read and retry. */
async function writeRoot(
  configMaps: ConfigMapApi,
  namespace: string,
  bundle: string,
): Promise<void> {
  const desired = {
    data: { [ROOT_CONFIGMAP_KEY]: bundle },
    labels: { [ROOT_CONFIGMAP_LABEL]: 'true' },
  };
  // Three attempts: each conflict means another writer moved the object; more is a fight to log.
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await configMaps.read(namespace, ROOT_CONFIGMAP_NAME);
    if (!current) {
      if ((await configMaps.create(namespace, ROOT_CONFIGMAP_NAME, desired)) === 'created') return;
      continue;
    }
    const keys = Object.keys(current.data);
    if (keys.length === 1 && current.data[ROOT_CONFIGMAP_KEY] === bundle) return;
    const next = {
      ...desired,
      ...(current.resourceVersion ? { resourceVersion: current.resourceVersion } : {}),
    };
    if ((await configMaps.replace(namespace, ROOT_CONFIGMAP_NAME, next)) === 'replaced') return;
  }
  throw new Error(`ConfigMap ${namespace}/${ROOT_CONFIGMAP_NAME} kept changing under us`);
}
