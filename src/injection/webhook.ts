import type { AdmissionHandler } from '../admission/handler.js';
import type { AdmissionDecision } from '../admission/response.js';
import { allowed, denied, errored, patched, withWarnings } from '../admission/response.js';
import type { AdmissionRequest } from '../admission/review.js';
import type { MeshConfig } from '../config/mesh-config.js';
import type { NamespaceLookup } from '../kube/namespaces.js';
import type { Pod } from '../kube/types.js';
import type { ErrorCode } from '../shared/errors.js';
import { GangwayError } from '../shared/errors.js';
import type { InjectionResult } from './inject.js';
import { injectPod } from './inject.js';
import { validatePod } from './pod-input.js';
import type { PodSecurityGate } from './pod-security-gate.js';
import { createDefaultPodSecurityGate } from './pod-security-gate.js';
import { refusalStatusCode } from './report.js';
import type { KubeVersion } from './settings.js';

/** What the injection webhook is built from. */
export interface InjectionHandlerDeps {
  readonly mesh: MeshConfig;
  /** Where namespace labels come from (an informer cache in a cluster). */
  readonly namespaces: NamespaceLookup;
  /** The cluster's version; undefined when unknown (no native sidecars in `auto`). */
  readonly clusterVersion?: KubeVersion | undefined;
  /** The Pod Security gate; {@link createDefaultPodSecurityGate} when omitted. */
  readonly podSecurityGate?: PodSecurityGate;
}

function deny(code: ErrorCode, detail: string, status: 400 | 403 = 400): AdmissionDecision {
  return denied(code, new GangwayError(code, detail).message, status);
}

function toDecision(original: object, result: InjectionResult): AdmissionDecision {
  const { report } = result;
  switch (report.outcome) {
    case 'injected':
      return patched('injected', original, result.pod);
    case 'skipped':
      return allowed(`skip:${report.reason}`, report.message);
    case 'refused':
      return denied(report.code, report.message, refusalStatusCode(report.code));
  }
}

/** Whether an outcome computed without the namespace's labels could have been different with them. */
function dependsOnNamespace(result: InjectionResult): boolean {
  const { report } = result;
  return (
    report.outcome === 'injected' ||
    (report.outcome === 'skipped' && report.reason === 'namespace-not-enabled')
  );
}

function injectRequest(
  request: AdmissionRequest,
  pod: Pod,
  deps: InjectionHandlerDeps,
  gate: PodSecurityGate,
): AdmissionDecision {
  const namespace = request.namespace || pod.metadata?.namespace;
  if (!namespace) return deny('GANGWAY_ERR_OBJECT_INVALID', 'the request names no namespace');
  const labels = deps.namespaces.labelsOf(namespace);
  const result = injectPod(pod, {
    namespace,
    namespaceLabels: labels ?? {},
    mesh: deps.mesh,
    clusterVersion: deps.clusterVersion,
    podSecurityGate: gate,
  });
  // A namespace the cache has not seen yet (informer lag): refusing makes the creator retry, where
  // guessing "no labels" would start the pod without its sidecar for good.
  if (labels === undefined && dependsOnNamespace(result)) {
    const code = 'GANGWAY_ERR_INJECT_NAMESPACE_UNKNOWN';
    return errored(code, new GangwayError(code, `namespace ${namespace}`).message, 503);
  }
  return withWarnings(toDecision(request.object as object, result), result.report.warnings);
}

function decide(
  request: AdmissionRequest,
  deps: InjectionHandlerDeps,
  gate: PodSecurityGate,
): AdmissionDecision {
  const { group, version, kind } = request.kind;
  if (group !== '' || kind !== 'Pod') {
    const got = `${group === '' ? 'core' : group}/${version} ${kind}`;
    return deny(
      'GANGWAY_ERR_OBJECT_WRONG_KIND',
      `got ${got}; the injection webhook takes v1 Pod only`,
    );
  }
  // The webhook is registered for CREATE only; anything else is let through untouched.
  if (request.operation !== 'CREATE') return allowed('skip:not-create');
  const pod = validatePod(request.object, 'object');
  if (!pod.ok) return deny('GANGWAY_ERR_OBJECT_INVALID', pod.error);
  return injectRequest(request, pod.value, deps, gate);
}

/**
 * The sidecar injection webhook: Pod CREATE only. Injected pods get a JSON patch (a diff of the
 * injected pod against the original); skipped ones are allowed unchanged (`skip:<reason>`); an
 * invalid annotation or label is denied 400, a Pod Security violation 403, a wrong kind or an
 * unusable object 400. Pods created with generateName (empty metadata.name) are handled alike.
 */
export function createInjectionHandler(deps: InjectionHandlerDeps): AdmissionHandler {
  const gate = deps.podSecurityGate ?? createDefaultPodSecurityGate();
  return {
    name: 'inject',
    handle: (request) => Promise.resolve(decide(request, deps, gate)),
  };
}
