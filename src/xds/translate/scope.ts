import type { VirtualService } from '../model/istio-networking.js';
import type { DestinationRule, Sidecar } from '../model/istio-policy.js';
import { exportTo } from './k8s-services.js';
import { hostMatches, isExportedTo, resolveHost, type MeshIndex } from './mesh-index.js';
import { labelsMatch, type MeshService, type ProxyInfo } from './types.js';

/** What one proxy sees: the services its Sidecar and exportTo allow, and the rules for them. */
export interface ProxyScope {
  readonly proxy: ProxyInfo;
  readonly services: readonly MeshService[];
  /** Whether the proxy can see a hostname. */
  sees(hostname: string): boolean;
  /** VirtualServices for a service, in precedence order (proxy namespace, service namespace, rest). */
  virtualServicesFor(service: MeshService): readonly VirtualService[];
  /** The one DestinationRule that applies (proxy namespace, service namespace, root namespace). */
  destinationRuleFor(service: MeshService): DestinationRule | undefined;
}

/** The Sidecar that applies to a proxy: its own (selector first), else the root namespace's. */
export function sidecarFor(index: MeshIndex, proxy: ProxyInfo): Sidecar | undefined {
  const inNamespace = (ns: string): Sidecar[] =>
    index.config.Sidecar.filter((s) => s.metadata.namespace === ns);
  const own = inNamespace(proxy.namespace).sort((a, b) =>
    a.metadata.name.localeCompare(b.metadata.name),
  );
  const selected = own.find(
    (s) =>
      s.spec.workloadSelector?.labels && labelsMatch(s.spec.workloadSelector.labels, proxy.labels),
  );
  return (
    selected ??
    own.find((s) => !s.spec.workloadSelector?.labels) ??
    inNamespace(index.options.rootNamespace).find((s) => !s.spec.workloadSelector?.labels)
  );
}

/** Whether a Sidecar egress host (`ns/dns`) lets a proxy see a service. */
function egressAllows(entry: string, service: MeshService, proxyNamespace: string): boolean {
  const [ns = '*', dns = '*'] = entry.includes('/') ? entry.split('/', 2) : ['*', entry];
  if (ns === '~') return false;
  const nsOk =
    ns === '*' || (ns === '.' ? service.namespace === proxyNamespace : ns === service.namespace);
  return nsOk && hostMatches(dns, service.hostname);
}

/** Services the proxy may see: exported to its namespace and allowed by its Sidecar's egress. */
function visibleServices(index: MeshIndex, proxy: ProxyInfo): MeshService[] {
  const egress = sidecarFor(index, proxy)?.spec.egress?.flatMap((e) => e.hosts);
  return index.services.filter(
    (s) =>
      isExportedTo(s.exportTo, s.namespace, proxy.namespace) &&
      (egress === undefined || egress.some((entry) => egressAllows(entry, s, proxy.namespace))),
  );
}

/** VirtualServices bound to the mesh (not only gateways) and exported to the proxy's namespace. */
function meshVirtualServices(index: MeshIndex, proxy: ProxyInfo): VirtualService[] {
  return index.config.VirtualService.filter((vs) => {
    const ns = vs.metadata.namespace ?? 'default';
    const gateways = vs.spec.gateways ?? [];
    const forMesh = gateways.length === 0 || gateways.includes('mesh');
    return forMesh && isExportedTo(exportTo(vs.spec.exportTo, ns), ns, proxy.namespace);
  });
}

/** DestinationRules exported to the proxy and, when they select workloads, selecting it. */
function applicableRules(index: MeshIndex, proxy: ProxyInfo): DestinationRule[] {
  return index.config.DestinationRule.filter((dr) => {
    const ns = dr.metadata.namespace ?? 'default';
    const selector = dr.spec.workloadSelector?.labels;
    if (selector && (ns !== proxy.namespace || !labelsMatch(selector, proxy.labels))) return false;
    return isExportedTo(exportTo(dr.spec.exportTo, ns), ns, proxy.namespace);
  });
}

/** Computes what a proxy sees. */
export function computeScope(index: MeshIndex, proxy: ProxyInfo): ProxyScope {
  const services = visibleServices(index, proxy);
  const visible = new Set(services.map((s) => s.hostname));
  const suffix = index.options.domainSuffix;
  const rank = (ns: string, service: MeshService): number =>
    ns === proxy.namespace
      ? 0
      : ns === service.namespace
        ? 1
        : ns === index.options.rootNamespace
          ? 2
          : 3;
  const virtualServices = meshVirtualServices(index, proxy);
  const destinationRules = applicableRules(index, proxy);
  return {
    proxy,
    services,
    sees: (hostname) => visible.has(hostname),
    virtualServicesFor: (service) =>
      virtualServices
        .filter((vs) => {
          const ns = vs.metadata.namespace ?? 'default';
          return (vs.spec.hosts ?? []).some((h) =>
            hostMatches(resolveHost(h, ns, suffix), service.hostname),
          );
        })
        .sort((a, b) => compareByRank(a, b, (ns) => rank(ns, service))),
    destinationRuleFor: (service) =>
      destinationRules
        .map((dr) => {
          const ns = dr.metadata.namespace ?? 'default';
          const host = resolveHost(dr.spec.host, ns, suffix);
          return {
            dr,
            ns,
            exact: host === service.hostname,
            matches: hostMatches(host, service.hostname),
          };
        })
        .filter((c) => c.matches)
        .sort(
          (a, b) => rank(a.ns, service) - rank(b.ns, service) || Number(b.exact) - Number(a.exact),
        )[0]?.dr,
  };
}

function compareByRank(
  a: VirtualService,
  b: VirtualService,
  rank: (namespace: string) => number,
): number {
  const an = a.metadata.namespace ?? 'default';
  const bn = b.metadata.namespace ?? 'default';
  return (
    rank(an) - rank(bn) || an.localeCompare(bn) || a.metadata.name.localeCompare(b.metadata.name)
  );
}
