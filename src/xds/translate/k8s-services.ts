import type { Endpoints, EndpointSlice, Service, ServicePort } from '../model/kube-objects.js';
import type { ConfigSet } from '../model/config-set.js';
import { parseLocality, type WorkloadLookup } from './workload-lookup.js';
import {
  labelsMatch,
  protocolOf,
  type MeshEndpoint,
  type MeshService,
  type TranslateOptions,
} from './types.js';

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

type Address = {
  readonly ip: string;
  readonly targetRef?: { readonly name?: string | undefined } | null | undefined;
  readonly nodeName?: string | null | undefined;
};

/** Mesh services for every Kubernetes Service, with endpoints from slices, Endpoints and entries. */
export function buildKubeServices(
  config: ConfigSet,
  lookup: WorkloadLookup,
  options: TranslateOptions,
): MeshService[] {
  const slices = new Map<string, EndpointSlice[]>();
  for (const slice of config.EndpointSlice) {
    const service = slice.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!service) continue;
    const key = `${slice.metadata.namespace}/${service}`;
    const list = slices.get(key);
    if (list) list.push(slice);
    else slices.set(key, [slice]);
  }
  const endpoints = new Map(
    config.Endpoints.map((e) => [`${e.metadata.namespace}/${e.metadata.name}`, e]),
  );
  const endpointsOf = (service: Service, port: ServicePort): MeshEndpoint[] => {
    const namespace = service.metadata.namespace ?? 'default';
    const key = `${namespace}/${service.metadata.name}`;
    const sliced = slices.get(key);
    const fromKube = sliced
      ? fromSlices(sliced, port, namespace, lookup)
      : fromEndpoints(endpoints.get(key), port, namespace, lookup);
    return [...fromKube, ...fromWorkloadEntries(service, port, lookup)];
  };
  return config.Service.filter((s) => s.spec.type !== 'ExternalName').map((service) =>
    toMeshService(service, options, endpointsOf),
  );
}

function toMeshService(
  service: Service,
  options: TranslateOptions,
  endpointsOf: (service: Service, port: ServicePort) => MeshEndpoint[],
): MeshService {
  const namespace = service.metadata.namespace ?? 'default';
  const ports = service.spec.ports ?? [];
  return {
    hostname: `${service.metadata.name}.${namespace}.svc.${options.domainSuffix}`,
    name: service.metadata.name,
    namespace,
    origin: 'Service',
    ports: ports.map((p) => ({
      name: p.name ?? '',
      port: p.port,
      protocol: protocolOf(p.name, p.appProtocol),
    })),
    addresses: clusterIps(service),
    exportTo: exportTo(service.metadata.annotations?.[EXPORT_TO_ANNOTATION], namespace),
    endpoints: new Map(ports.map((port) => [port.port, endpointsOf(service, port)])),
    resolution: 'STATIC',
    subjectAltNames: [],
  };
}

/** Namespaces from an exportTo list: `.` is the object's own namespace, default all. */
export function exportTo(
  value: string | readonly string[] | null | undefined,
  own: string,
): Set<string> {
  const list = typeof value === 'string' ? value.split(',') : (value ?? []);
  const names = list.map((n) => n.trim()).filter(Boolean);
  if (names.length === 0) return new Set(['*']);
  return new Set(names.map((n) => (n === '.' ? own : n)));
}

function clusterIps(service: Service): string[] {
  const ips = service.spec.clusterIPs ?? (service.spec.clusterIP ? [service.spec.clusterIP] : []);
  return ips.filter((ip) => ip !== '' && ip !== 'None');
}

function endpointOf(
  address: Address,
  port: number,
  namespace: string,
  ready: boolean,
  lookup: WorkloadLookup,
  zone?: string | null,
): MeshEndpoint {
  const pod = address.targetRef?.name ? lookup.pod(namespace, address.targetRef.name) : undefined;
  return {
    address: address.ip,
    port,
    labels: pod?.metadata.labels ?? {},
    namespace,
    serviceAccount: pod ? (pod.spec?.serviceAccountName ?? 'default') : undefined,
    locality: lookup.nodeLocality(address.nodeName ?? pod?.spec?.nodeName, zone),
    weight: 1,
    ready,
  };
}

function fromSlices(
  slices: readonly EndpointSlice[],
  port: ServicePort,
  namespace: string,
  lookup: WorkloadLookup,
): MeshEndpoint[] {
  const out: MeshEndpoint[] = [];
  for (const slice of slices) {
    const match = (slice.ports ?? []).find((p) => (p.name ?? '') === (port.name ?? ''));
    if (!match?.port) continue;
    for (const ep of slice.endpoints ?? []) {
      // A nil ready condition means unknown, which Kubernetes says to treat as ready.
      const ready = ep.conditions?.ready !== false && ep.conditions?.terminating !== true;
      for (const ip of ep.addresses) {
        const address = { ip, targetRef: ep.targetRef ?? null, nodeName: ep.nodeName ?? null };
        out.push(endpointOf(address, match.port, namespace, ready, lookup, ep.zone));
      }
    }
  }
  return out;
}

function fromEndpoints(
  endpoints: Endpoints | undefined,
  port: ServicePort,
  namespace: string,
  lookup: WorkloadLookup,
): MeshEndpoint[] {
  const out: MeshEndpoint[] = [];
  for (const subset of endpoints?.subsets ?? []) {
    const match = (subset.ports ?? []).find((p) => (p.name ?? '') === (port.name ?? ''));
    if (!match) continue;
    for (const a of subset.addresses ?? [])
      out.push(endpointOf(a, match.port, namespace, true, lookup));
    for (const a of subset.notReadyAddresses ?? [])
      out.push(endpointOf(a, match.port, namespace, false, lookup));
  }
  return out;
}

/** WorkloadEntries a Service selects (Istio extends Service selectors to them). */
function fromWorkloadEntries(
  service: Service,
  port: ServicePort,
  lookup: WorkloadLookup,
): MeshEndpoint[] {
  const selector = service.spec.selector;
  if (!selector || Object.keys(selector).length === 0) return [];
  const namespace = service.metadata.namespace ?? 'default';
  return lookup
    .workloadEntries(namespace)
    .filter((entry) => labelsMatch(selector, entry.spec.labels ?? {}) && entry.spec.address)
    .map((entry) => {
      const named =
        typeof port.targetPort === 'string' ? entry.spec.ports?.[port.targetPort] : undefined;
      const target = named ?? entry.spec.ports?.[port.name ?? ''] ?? numericTarget(port);
      return {
        address: entry.spec.address!,
        port: target,
        labels: entry.spec.labels ?? {},
        namespace,
        serviceAccount: entry.spec.serviceAccount ?? 'default',
        locality: parseLocality(entry.spec.locality),
        weight: entry.spec.weight ?? 1,
        ready: true,
      };
    });
}

function numericTarget(port: ServicePort): number {
  return typeof port.targetPort === 'number' ? port.targetPort : port.port;
}
