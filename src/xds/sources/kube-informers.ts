import * as k8s from '@kubernetes/client-node';
import { superviseInformer } from '../../kube/client.js';
import type { ConfigKind } from '../model/config-set.js';
import type { ObjectWatch, WatchFactory } from './kube-source.js';

type Lister = () => Promise<k8s.KubernetesListObject<k8s.KubernetesObject>>;

/** Where each kind is listed and watched. Endpoints are left out: EndpointSlices replace them. */
const ISTIO_KINDS: Partial<Record<ConfigKind, { group: string; version: string; plural: string }>> =
  {
    ServiceEntry: { group: 'networking.istio.io', version: 'v1', plural: 'serviceentries' },
    WorkloadEntry: { group: 'networking.istio.io', version: 'v1', plural: 'workloadentries' },
    VirtualService: { group: 'networking.istio.io', version: 'v1', plural: 'virtualservices' },
    DestinationRule: { group: 'networking.istio.io', version: 'v1', plural: 'destinationrules' },
    Sidecar: { group: 'networking.istio.io', version: 'v1', plural: 'sidecars' },
    PeerAuthentication: {
      group: 'security.istio.io',
      version: 'v1',
      plural: 'peerauthentications',
    },
    AuthorizationPolicy: {
      group: 'security.istio.io',
      version: 'v1',
      plural: 'authorizationpolicies',
    },
  };

function listerFor(
  kc: k8s.KubeConfig,
  kind: ConfigKind,
): { path: string; list: Lister } | undefined {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  switch (kind) {
    case 'Service':
      return { path: '/api/v1/services', list: () => core.listServiceForAllNamespaces() };
    case 'Pod':
      return { path: '/api/v1/pods', list: () => core.listPodForAllNamespaces() };
    case 'Node':
      return { path: '/api/v1/nodes', list: () => core.listNode() };
    case 'EndpointSlice': {
      const discovery = kc.makeApiClient(k8s.DiscoveryV1Api);
      return {
        path: '/apis/discovery.k8s.io/v1/endpointslices',
        list: () => discovery.listEndpointSliceForAllNamespaces(),
      };
    }
    default: {
      const crd = ISTIO_KINDS[kind];
      if (!crd) return undefined;
      const custom = kc.makeApiClient(k8s.CustomObjectsApi);
      return {
        path: `/apis/${crd.group}/${crd.version}/${crd.plural}`,
        list: () =>
          custom.listClusterCustomObject(crd) as Promise<
            k8s.KubernetesListObject<k8s.KubernetesObject>
          >,
      };
    }
  }
}

/**
 * Informer-backed watches through the one Kubernetes client (the kubeconfig gangway loaded). A
 * failed informer restarts after `restartDelayMs`; a kind not served fails its `start`, and the
 * source leaves it out.
 */
export function createInformerWatches(kc: k8s.KubeConfig, restartDelayMs?: number): WatchFactory {
  return (kind) => {
    const lister = listerFor(kc, kind);
    if (!lister) return undefined;
    const informer = k8s.makeInformer(kc, lister.path, lister.list);
    const supervised = superviseInformer(informer, restartDelayMs);
    const watch: ObjectWatch = {
      start: () => supervised.start(),
      stop: () => supervised.stop(),
      listed: () => supervised.hasListed(),
      list: () => informer.list(),
      onChange: (listener) => {
        for (const verb of ['add', 'update', 'delete'] as const)
          informer.on(verb, () => listener());
      },
    };
    return watch;
  };
}
