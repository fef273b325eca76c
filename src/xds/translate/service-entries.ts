import type { ServiceEntry, WorkloadEntrySpec } from '../model/istio-networking.js';
import type { ConfigSet } from '../model/config-set.js';
import { exportTo } from './k8s-services.js';
import { parseLocality, type WorkloadLookup } from './workload-lookup.js';
import { labelsMatch, protocolOf, type MeshEndpoint, type MeshService } from './types.js';

type SePort = NonNullable<ServiceEntry['spec']['ports']>[number];

/** Mesh services for every host of every ServiceEntry. */
export function buildServiceEntryServices(
  config: ConfigSet,
  lookup: WorkloadLookup,
): MeshService[] {
  return config.ServiceEntry.flatMap((entry) => {
    const namespace = entry.metadata.namespace ?? 'default';
    const ports = entry.spec.ports ?? [];
    const workloads = entryWorkloads(entry, lookup);
    const resolution = resolutionOf(entry.spec.resolution);
    return entry.spec.hosts.map((host): MeshService => {
      const byPort = new Map<number, MeshEndpoint[]>();
      for (const port of ports) {
        const endpoints = workloads.map((w) => endpointOf(w, port, namespace));
        // DNS resolution with no endpoints resolves the host itself.
        if (endpoints.length === 0 && resolution === 'DNS')
          endpoints.push(endpointOf({ address: host }, port, namespace));
        byPort.set(port.number, endpoints);
      }
      return {
        hostname: host,
        name: entry.metadata.name,
        namespace,
        origin: 'ServiceEntry',
        ports: ports.map((p) => ({
          name: p.name ?? '',
          port: p.number,
          protocol: protocolOf(p.protocol ?? p.name),
        })),
        addresses: entry.spec.addresses ?? [],
        exportTo: exportTo(entry.spec.exportTo, namespace),
        endpoints: byPort,
        resolution,
        subjectAltNames: entry.spec.subjectAltNames ?? [],
      };
    });
  });
}

function resolutionOf(text: string | undefined): MeshService['resolution'] {
  if (text === 'DNS' || text === 'DNS_ROUND_ROBIN') return 'DNS';
  if (text === 'NONE') return 'NONE';
  return 'STATIC';
}

/** Inline endpoints, or the WorkloadEntries the workloadSelector picks in the same namespace. */
function entryWorkloads(entry: ServiceEntry, lookup: WorkloadLookup): WorkloadEntrySpec[] {
  if (entry.spec.endpoints) return entry.spec.endpoints;
  const selector = entry.spec.workloadSelector?.labels;
  if (!selector) return [];
  return lookup
    .workloadEntries(entry.metadata.namespace ?? 'default')
    .map((w) => w.spec)
    .filter((spec) => labelsMatch(selector, spec.labels ?? {}));
}

function endpointOf(spec: WorkloadEntrySpec, port: SePort, namespace: string): MeshEndpoint {
  const target = spec.ports?.[port.name ?? ''] ?? port.targetPort ?? port.number;
  return {
    address: spec.address ?? '',
    port: target,
    labels: spec.labels ?? {},
    namespace,
    serviceAccount: spec.serviceAccount,
    locality: parseLocality(spec.locality),
    weight: spec.weight ?? 1,
    ready: spec.address !== undefined && spec.address !== '',
  };
}
