import type { MeshIndex } from './mesh-index.js';
import { labelsMatch, type PortProtocol, type ProxyInfo } from './types.js';

/** A port the proxy's own workload serves. */
export interface InboundPort {
  readonly port: number;
  readonly protocol: PortProtocol;
}

/**
 * The ports a proxy's workload serves: the target ports of the endpoints that are this workload
 * (same namespace, endpoint labels all carried by the proxy), in every service of its namespace.
 * Keyed on labels, not addresses, so every replica of a workload shares one snapshot.
 */
export function inboundPorts(index: MeshIndex, proxy: ProxyInfo): InboundPort[] {
  const found = new Map<number, InboundPort>();
  if (Object.keys(proxy.labels).length === 0) return [];
  for (const service of index.services) {
    if (service.namespace !== proxy.namespace) continue;
    for (const port of service.ports) {
      for (const ep of service.endpoints.get(port.port) ?? []) {
        const labelled = Object.keys(ep.labels).length > 0;
        if (!labelled || !labelsMatch(ep.labels, proxy.labels) || found.has(ep.port)) continue;
        found.set(ep.port, { port: ep.port, protocol: port.protocol });
      }
    }
  }
  return [...found.values()].sort((a, b) => a.port - b.port);
}
