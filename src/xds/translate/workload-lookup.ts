import type { ConfigSet } from '../model/config-set.js';
import type { KubeNode, Pod } from '../model/kube-objects.js';
import type { WorkloadEntry } from '../model/istio-networking.js';
import type { Locality } from './types.js';

/** Pods, nodes and workload entries, indexed for endpoint building. */
export interface WorkloadLookup {
  pod(namespace: string, name: string): Pod | undefined;
  /** Locality of a Kubernetes node from its topology labels. */
  nodeLocality(nodeName: string | null | undefined, zone?: string | null): Locality;
  /** Workload entries of a namespace. */
  workloadEntries(namespace: string): readonly WorkloadEntry[];
}

const NO_LOCALITY: Locality = { region: '', zone: '', subZone: '' };

/** Parses a WorkloadEntry locality, `region/zone/subzone`. */
export function parseLocality(text: string | undefined): Locality {
  if (!text) return NO_LOCALITY;
  const [region = '', zone = '', subZone = ''] = text.split('/');
  return { region, zone, subZone };
}

/** Builds the lookup over a config set. */
export function createWorkloadLookup(config: ConfigSet): WorkloadLookup {
  const pods = new Map<string, Pod>();
  for (const pod of config.Pod) pods.set(`${pod.metadata.namespace}/${pod.metadata.name}`, pod);
  const nodes = new Map<string, KubeNode>();
  for (const node of config.Node) nodes.set(node.metadata.name, node);
  const entries = new Map<string, WorkloadEntry[]>();
  for (const entry of config.WorkloadEntry) {
    const namespace = entry.metadata.namespace ?? 'default';
    entries.set(namespace, [...(entries.get(namespace) ?? []), entry]);
  }
  return {
    pod: (namespace, name) => pods.get(`${namespace}/${name}`),
    nodeLocality(nodeName, zone) {
      const labels = (nodeName ? nodes.get(nodeName)?.metadata.labels : undefined) ?? {};
      return {
        region: labels['topology.kubernetes.io/region'] ?? '',
        zone: zone ?? labels['topology.kubernetes.io/zone'] ?? '',
        subZone: labels['topology.istio.io/subzone'] ?? '',
      };
    },
    workloadEntries: (namespace) => entries.get(namespace) ?? [],
  };
}
