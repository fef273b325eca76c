import type { InterceptionMode, MeshConfig } from '../config/mesh-config.js';
import type { Pod } from '../kube/types.js';
import { GangwayError, isGangwayError } from '../shared/errors.js';
import { assembleInjectedPod } from './assemble.js';
import type { PodSecurityGate } from './pod-security-gate.js';
import { ENFORCE_LABEL, enforcedLevel } from './pod-security-gate.js';
import type { InjectionReport, RefusalCode } from './report.js';
import { skipMessages } from './report.js';
import { selectPod } from './selection.js';
import type { InjectionSettings, KubeVersion } from './settings.js';
import { resolveSettings } from './settings.js';

/** Everything {@link injectPod} knows besides the pod: it does no I/O of its own. */
export interface InjectionContext {
  /** The pod's namespace. */
  readonly namespace: string;
  /** The namespace's labels (injection selection and Pod Security level). */
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly mesh: MeshConfig;
  /** The cluster's Kubernetes version; undefined when unknown (no native sidecars in `auto`). */
  readonly clusterVersion?: KubeVersion | undefined;
  readonly podSecurityGate: PodSecurityGate;
}

/** The pod after injection (the input itself when skipped or refused) and what happened. */
export interface InjectionResult {
  readonly pod: Pod;
  readonly report: InjectionReport;
}

const REFUSAL_CODES: readonly string[] = [
  'GANGWAY_ERR_INJECT_ANNOTATION',
  'GANGWAY_ERR_INJECT_LABEL',
  'GANGWAY_ERR_INJECT_POD_SECURITY',
] satisfies RefusalCode[];

function isRefusal(error: unknown): error is GangwayError & { code: RefusalCode } {
  return isGangwayError(error) && REFUSAL_CODES.includes(error.code);
}

function remedy(mode: InterceptionMode): string {
  if (mode === 'iptables') {
    return `use interception mode "cni" (annotation sidecar.gangway.io/interceptionMode: cni, or the mesh's defaultInterceptionMode) or change the namespace label ${ENFORCE_LABEL}`;
  }
  return `remove the offending fields from the pod's own gangway-proxy container or change the namespace label ${ENFORCE_LABEL}`;
}

/**
 * Refuses an injected pod its namespace's Pod Security level would reject, unless the original pod
 * is rejected already: then the violation is the user's, and Pod Security admission reports it.
 */
function checkPodSecurity(
  original: Pod,
  injected: Pod,
  settings: InjectionSettings,
  context: InjectionContext,
): void {
  const namespace = { namespace: context.namespace, labels: context.namespaceLabels };
  const verdict = context.podSecurityGate.check(injected, namespace);
  if (verdict.allowed || !context.podSecurityGate.check(original, namespace).allowed) return;
  const level = enforcedLevel(context.namespaceLabels);
  throw new GangwayError(
    'GANGWAY_ERR_INJECT_POD_SECURITY',
    `namespace ${context.namespace} enforces "${level}" (label ${ENFORCE_LABEL}): ${verdict.message}; remedy: ${remedy(settings.mode)}`,
    { field: 'spec' },
  );
}

function inject(pod: Pod, context: InjectionContext): InjectionResult {
  const { mesh } = context;
  const selection = selectPod(pod, {
    namespace: context.namespace,
    labels: context.namespaceLabels,
    mesh,
  });
  if (!selection.inject) {
    const message = `${skipMessages[selection.reason]} (${selection.detail})`;
    return { pod, report: { outcome: 'skipped', reason: selection.reason, message, warnings: [] } };
  }
  const annotations = pod.metadata?.annotations ?? {};
  const settings = resolveSettings({ annotations, mesh, clusterVersion: context.clusterVersion });
  const injected = assembleInjectedPod({
    original: pod,
    settings,
    mesh,
    selectedBy: selection.selectedBy,
  });
  checkPodSecurity(pod, injected, settings, context);
  const { mode, native, warnings } = settings;
  const message = `injected (selected by ${selection.selectedBy}; mode ${mode}; ${native ? 'native' : 'classic'} sidecar)`;
  const report = {
    outcome: 'injected',
    selectedBy: selection.selectedBy,
    mode,
    native,
    message,
    warnings,
  } as const;
  return { pod: injected, report };
}

/**
 * Injects the gangway sidecar into a pod: pure, deterministic, never mutating its input. A skipped
 * or refused pod is returned as it is (the same object); the report says why. Refusals (invalid
 * annotation or label, Pod Security violation) are reported, not thrown.
 */
export function injectPod(pod: Pod, context: InjectionContext): InjectionResult {
  try {
    return inject(pod, context);
  } catch (error) {
    if (!isRefusal(error)) throw error;
    const field = error.field === undefined ? {} : { field: error.field };
    const report = {
      outcome: 'refused',
      code: error.code,
      message: error.message,
      ...field,
      warnings: [],
    } as const;
    return { pod, report };
  }
}
