import type { MeshConfig } from '../config/mesh-config.js';
import {
  INJECTION_NAMESPACE_LABEL,
  INJECT_POD_LABEL,
  ISTIO_INJECTION_NAMESPACE_LABEL,
  ISTIO_INJECT_POD_LABEL,
  ISTIO_REVISION_NAMESPACE_LABEL,
  REVISION_NAMESPACE_LABEL,
  STATUS_ANNOTATION,
  SYSTEM_NAMESPACES,
} from '../kube/keys.js';
import type { Pod } from '../kube/types.js';
import { GangwayError } from '../shared/errors.js';
import type { SelectionReason, SkipReason } from './report.js';

/** The decision of {@link selectPod}: inject, and why; or skip, with the reason and a detail. */
export type Selection =
  | { readonly inject: true; readonly selectedBy: SelectionReason }
  | { readonly inject: false; readonly reason: SkipReason; readonly detail: string };

/** What a namespace's labels say about injection. */
export type NamespaceDecision =
  | { readonly state: 'enabled'; readonly selectedBy: SelectionReason }
  | { readonly state: 'disabled' | 'other-revision'; readonly detail: string }
  | { readonly state: 'unlabelled' };

interface NamespaceKeys {
  readonly injection: string;
  readonly revision: string;
  readonly byLabel: SelectionReason;
  readonly byRevision: SelectionReason;
}

const GANGWAY_KEYS: NamespaceKeys = {
  injection: INJECTION_NAMESPACE_LABEL,
  revision: REVISION_NAMESPACE_LABEL,
  byLabel: 'namespace-label',
  byRevision: 'namespace-revision',
};
const ISTIO_KEYS: NamespaceKeys = {
  injection: ISTIO_INJECTION_NAMESPACE_LABEL,
  revision: ISTIO_REVISION_NAMESPACE_LABEL,
  byLabel: 'istio-namespace-label',
  byRevision: 'istio-namespace-revision',
};

function readKeys(
  labels: Readonly<Record<string, string>>,
  keys: NamespaceKeys,
  revision: string,
): NamespaceDecision {
  const injection = labels[keys.injection];
  if (injection === 'enabled') return { state: 'enabled', selectedBy: keys.byLabel };
  if (injection === 'disabled') return { state: 'disabled', detail: `${keys.injection}=disabled` };
  const rev = labels[keys.revision];
  if (rev === undefined) return { state: 'unlabelled' };
  if (rev === revision) return { state: 'enabled', selectedBy: keys.byRevision };
  return {
    state: 'other-revision',
    detail: `${keys.revision}=${rev}, this gangway serves ${revision}`,
  };
}

/**
 * Reads a namespace's labels: `gangway.io/injection` (enabled|disabled), then `gangway.io/rev`, then
 * (in Istio compatibility) `istio-injection` and `istio.io/rev`. The first family that says anything
 * decides, so gangway's own labels win. Other values of the injection labels mean nothing.
 */
export function readNamespaceDecision(
  labels: Readonly<Record<string, string>>,
  mesh: MeshConfig,
): NamespaceDecision {
  const own = readKeys(labels, GANGWAY_KEYS, mesh.revision);
  if (own.state !== 'unlabelled' || !mesh.istioCompatibility) return own;
  return readKeys(labels, ISTIO_KEYS, mesh.revision);
}

function labelError(key: string, value: string): GangwayError {
  return new GangwayError(
    'GANGWAY_ERR_INJECT_LABEL',
    `label ${key}: invalid value ${JSON.stringify(value)}: expected "true" or "false"`,
    { field: `metadata.labels["${key}"]` },
  );
}

/**
 * The pod's own choice: `sidecar.gangway.io/inject` label, else (Istio compatibility)
 * `sidecar.istio.io/inject` label, else the same key as an annotation. Undefined when none is set;
 * throws GANGWAY_ERR_INJECT_LABEL for a value other than "true"/"false".
 */
export function readPodChoice(
  pod: Pod,
  istioCompatibility: boolean,
): { readonly inject: boolean; readonly key: string } | undefined {
  const labels = pod.metadata?.labels ?? {};
  const annotations = pod.metadata?.annotations ?? {};
  const sources: [string, string | undefined][] = [[INJECT_POD_LABEL, labels[INJECT_POD_LABEL]]];
  if (istioCompatibility) {
    sources.push([ISTIO_INJECT_POD_LABEL, labels[ISTIO_INJECT_POD_LABEL]]);
    sources.push([ISTIO_INJECT_POD_LABEL, annotations[ISTIO_INJECT_POD_LABEL]]);
  }
  const found = sources.find(([, value]) => value !== undefined);
  if (!found) return undefined;
  const [key, value = ''] = found;
  if (value !== 'true' && value !== 'false') throw labelError(key, value);
  return { inject: value === 'true', key };
}

/** Rules that skip a pod whatever its labels say, in the order they are checked. */
function hardSkip(pod: Pod, namespace: string, mesh: MeshConfig): Selection | undefined {
  const skip = (reason: SkipReason, detail: string): Selection => ({
    inject: false,
    reason,
    detail,
  });
  if (pod.metadata?.annotations?.[STATUS_ANNOTATION] !== undefined) {
    return skip('already-injected', `${STATUS_ANNOTATION} is present`);
  }
  if (SYSTEM_NAMESPACES.includes(namespace)) return skip('system-namespace', namespace);
  if (namespace === mesh.controlPlane.namespace) return skip('control-plane-namespace', namespace);
  if (pod.spec.hostNetwork === true) return skip('host-network', 'spec.hostNetwork: true');
  return undefined;
}

/**
 * Decides whether a pod is injected. After the hard skips (already injected, system or gangway
 * namespace, host network), a pod opting out is skipped; then the namespace decides; a pod label
 * "true" injects in a namespace with no injection label at all (Istio's semantics), never in one
 * that disables injection or selects another revision.
 */
export function selectPod(
  pod: Pod,
  context: {
    readonly namespace: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly mesh: MeshConfig;
  },
): Selection {
  const { namespace, labels, mesh } = context;
  const hard = hardSkip(pod, namespace, mesh);
  if (hard) return hard;
  const choice = readPodChoice(pod, mesh.istioCompatibility);
  if (choice?.inject === false) {
    return { inject: false, reason: 'pod-opt-out', detail: `${choice.key}=false` };
  }
  const decision = readNamespaceDecision(labels, mesh);
  switch (decision.state) {
    case 'enabled':
      return { inject: true, selectedBy: decision.selectedBy };
    case 'disabled':
      return { inject: false, reason: 'namespace-disabled', detail: decision.detail };
    case 'other-revision':
      return { inject: false, reason: 'revision-mismatch', detail: decision.detail };
    case 'unlabelled':
      return choice
        ? { inject: true, selectedBy: 'pod-label' }
        : { inject: false, reason: 'namespace-not-enabled', detail: `namespace ${namespace}` };
  }
}
