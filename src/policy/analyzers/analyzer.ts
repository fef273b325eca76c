import type { JsonObject } from '../cel/values.js';
import type { ClusterState } from '../cluster/cluster-state.js';
import type { ObjectReference } from '../cluster/objects.js';
import type { Severity } from '../metadata.js';
import { DOCS_BASE_URL } from '../metadata.js';

/** One problem an analyzer found, about one resource. */
export interface AnalyzerFinding {
  /** The resource the finding is about (the result's resource). */
  readonly resource: JsonObject;
  readonly message: string;
  /** Other resources involved; admission also warns when one of these is the object admitted. */
  readonly related?: readonly ObjectReference[];
}

/**
 * A cross-resource check: reads the whole cluster state, reports findings. One analyzer per file
 * under analyzers/, each with a stable code `GW01xx` documented in docs/analyzers.md.
 */
export interface Analyzer {
  /** The stable code, e.g. `GW0101`. */
  readonly code: string;
  /** A kebab-case name, e.g. `virtual-service-gateway-missing`. */
  readonly name: string;
  readonly severity: Severity;
  readonly category: 'Traffic' | 'Security' | 'Injection' | 'Observability';
  /** One sentence for docs, tables and SARIF rules. */
  readonly summary: string;
  /** `group/Kind` of the objects whose admission re-runs this analyzer. */
  readonly triggers: readonly string[];
  analyze(state: ClusterState): AnalyzerFinding[];
}

/** The documentation anchor of an analyzer. */
export function analyzerDocsUrl(code: string): string {
  return `${DOCS_BASE_URL}/analyzers.md#${code.toLowerCase()}`;
}

/** Group/kind keys of the mesh kinds analyzers read. */
export const KINDS = {
  virtualService: 'networking.istio.io/VirtualService',
  destinationRule: 'networking.istio.io/DestinationRule',
  gateway: 'networking.istio.io/Gateway',
  serviceEntry: 'networking.istio.io/ServiceEntry',
  sidecar: 'networking.istio.io/Sidecar',
  peerAuthentication: 'security.istio.io/PeerAuthentication',
  authorizationPolicy: 'security.istio.io/AuthorizationPolicy',
  requestAuthentication: 'security.istio.io/RequestAuthentication',
  telemetry: 'telemetry.istio.io/Telemetry',
  workloadEntry: 'networking.istio.io/WorkloadEntry',
  service: '/Service',
  pod: '/Pod',
  namespace: '/Namespace',
} as const;

/** Lists objects of a `group/Kind` key. */
export function listKind(
  state: ClusterState,
  key: string,
  namespace?: string,
): readonly JsonObject[] {
  const slash = key.indexOf('/');
  return state.list(key.slice(0, slash), key.slice(slash + 1), namespace);
}
