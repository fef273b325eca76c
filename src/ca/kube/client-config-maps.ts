import type {
  CoreV1Api,
  KubeConfig,
  V1ConfigMap,
  V1Namespace,
  V1ObjectMeta,
} from '@kubernetes/client-node';
import type { ConfigMapApi, ConfigMapRecord, NamespaceApi, Stoppable } from './apis.js';
import { compact, mapStatus, watchForever } from './client-helpers.js';

function toBody(namespace: string, name: string, configMap: ConfigMapRecord): V1ConfigMap {
  const { labels, resourceVersion } = configMap;
  return {
    metadata: compact<V1ObjectMeta>({ name, namespace, labels: { ...labels }, resourceVersion }),
    data: { ...configMap.data },
  };
}

/** ConfigMaps over CoreV1Api, watched across namespaces by name. */
export function createConfigMapApi(core: CoreV1Api, config: KubeConfig): ConfigMapApi {
  return {
    read: async (namespace, name) => {
      const cm = await mapStatus(() => core.readNamespacedConfigMap({ name, namespace }), {
        404: undefined,
      });
      if (!cm) return undefined;
      return compact({
        data: cm.data ?? {},
        labels: cm.metadata?.labels ?? {},
        resourceVersion: cm.metadata?.resourceVersion,
      });
    },
    create: (namespace, name, cm) =>
      mapStatus(
        async () => {
          await core.createNamespacedConfigMap({ namespace, body: toBody(namespace, name, cm) });
          return 'created' as const;
        },
        { 409: 'exists' as const },
      ),
    replace: (namespace, name, cm) =>
      mapStatus(
        async () => {
          await core.replaceNamespacedConfigMap({
            name,
            namespace,
            body: toBody(namespace, name, cm),
          });
          return 'replaced' as const;
        },
        { 409: 'conflict' as const, 404: 'missing' as const },
      ),
    watch: (name, onEvent) => watchConfigMaps(config, name, onEvent),
  };
}

function watchConfigMaps(
  config: KubeConfig,
  name: string,
  onEvent: Parameters<ConfigMapApi['watch']>[1],
): Promise<Stoppable> {
  const query = { fieldSelector: `metadata.name=${name}` };
  return watchForever(config, '/api/v1/configmaps', query, (type, object) => {
    const namespace = (object as V1ConfigMap).metadata?.namespace;
    if (namespace) onEvent({ type, namespace });
  });
}

function terminating(ns: V1Namespace): boolean {
  return ns.status?.phase === 'Terminating' || ns.metadata?.deletionTimestamp !== undefined;
}

/** Namespaces over CoreV1Api. */
export function createNamespaceApi(core: CoreV1Api, config: KubeConfig): NamespaceApi {
  return {
    list: async () => {
      const list = await core.listNamespace();
      return list.items
        .filter((ns) => !terminating(ns))
        .flatMap((ns) => (ns.metadata?.name ? [ns.metadata.name] : []));
    },
    watch: (onEvent) =>
      watchForever(config, '/api/v1/namespaces', {}, (type, object) => {
        const ns = object as V1Namespace;
        if (ns.metadata?.name)
          onEvent({ type, name: ns.metadata.name, terminating: terminating(ns) });
      }),
  };
}
