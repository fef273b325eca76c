import type { ConfigSet } from '../model/config-set.js';
import { buildKubeServices } from './k8s-services.js';
import { buildServiceEntryServices } from './service-entries.js';
import { createWorkloadLookup } from './workload-lookup.js';
import { createInputDigests, type InputDigests } from './digests.js';
import { digest } from '../cache/resource.js';
import type { MeshService, TranslateOptions, TranslationNote } from './types.js';

/**
 * The config of the whole mesh, indexed once per change and shared by every proxy's translation:
 * services (Kubernetes Services and ServiceEntry hosts) with their endpoints, by hostname.
 */
export interface MeshIndex {
  readonly options: TranslateOptions;
  readonly config: ConfigSet;
  /** Services, sorted by hostname; one per hostname (a Service wins over a ServiceEntry). */
  readonly services: readonly MeshService[];
  readonly byHost: ReadonlyMap<string, MeshService>;
  /** What was skipped while indexing. */
  readonly notes: readonly TranslationNote[];
  /** Content digests of inputs, for memo keys. */
  readonly digests: InputDigests;
  /** A digest of every PeerAuthentication: they decide cluster TLS mesh-wide. */
  readonly peerAuthenticationDigest: string;
  /** Unique per index: keys of results that depend on the whole mesh include it. */
  readonly generation: number;
}

let generations = 0;

/** Indexes a config set. Pure: the same input gives the same index. */
export function buildMeshIndex(config: ConfigSet, options: TranslateOptions): MeshIndex {
  const lookup = createWorkloadLookup(config);
  const notes: TranslationNote[] = [];
  const byHost = new Map<string, MeshService>();
  const candidates = [
    ...buildKubeServices(config, lookup, options),
    ...buildServiceEntryServices(config, lookup),
  ];
  for (const service of candidates) {
    const existing = byHost.get(service.hostname);
    if (existing) {
      notes.push({
        object: `${service.origin} ${service.namespace}/${service.name}`,
        message: `host ${service.hostname} is already defined by ${existing.origin} ${existing.namespace}/${existing.name}; ignored`,
      });
      continue;
    }
    byHost.set(service.hostname, service);
  }
  const services = [...byHost.values()].sort((a, b) => a.hostname.localeCompare(b.hostname));
  return {
    options,
    config,
    services,
    byHost: new Map(services.map((s) => [s.hostname, s])),
    notes,
    digests: createInputDigests(),
    peerAuthenticationDigest: digest(JSON.stringify([config.PeerAuthentication, options])),
    generation: ++generations,
  };
}

/** A VirtualService or DestinationRule host as a FQDN: short names live in the object's namespace. */
export function resolveHost(host: string, namespace: string, domainSuffix: string): string {
  if (host === '*' || host.includes('.')) return host;
  return `${host}.${namespace}.svc.${domainSuffix}`;
}

/** Whether a host pattern (`*`, `*.example.com`, or exact) covers a hostname. */
export function hostMatches(pattern: string, hostname: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return hostname.endsWith(pattern.slice(1));
  return pattern === hostname;
}

/** Whether an exportTo set makes an object visible in a namespace. */
export function isExportedTo(
  exportTo: ReadonlySet<string>,
  owner: string,
  namespace: string,
): boolean {
  if (exportTo.has('~')) return false;
  return exportTo.has('*') || exportTo.has(namespace) || (exportTo.has('.') && owner === namespace);
}
