import type { AdmissionHandler } from '../admission/handler.js';
import type { AdmissionRequest } from '../admission/review.js';
import type { AdmissionDecision } from '../admission/response.js';
import { allowed, patched, withWarnings } from '../admission/response.js';
import type { NamespaceLookup } from '../kube/namespaces.js';
import type { PodSecurityConfig } from './config.js';
import { applySecureDefaults, POD_SECURITY_DEFAULTS_LABEL } from './defaults.js';
import type { PodObjectInput } from './pod-spec.js';
import type { PodSecurityReason } from './reasons.js';
import { parsePodObject } from './workloads.js';

/** What the secure-defaults handler needs. */
export interface PodSecurityDefaultsDeps {
  readonly namespaces: NamespaceLookup;
  readonly config: PodSecurityConfig;
}

const skip = (): AdmissionDecision => {
  const reason: PodSecurityReason = 'pod-security:defaults-skipped';
  return allowed(reason);
};

/**
 * The mutating handler for secure defaults: on Pod creation in an opted-in namespace (label
 * gangway.io/pod-security-defaults=restricted, or every namespace with secureDefaults.clusterWide
 * unless labelled `disabled`), fills unset security fields and answers with the JSON patch and
 * warnings. Exempt namespaces, users and runtime classes are left alone; an unusable pod is left
 * to the validating handler to refuse.
 */
export function createPodSecurityDefaultsHandler(deps: PodSecurityDefaultsDeps): AdmissionHandler {
  const { exemptions, secureDefaults } = deps.config;
  const exempt = {
    namespaces: new Set(exemptions.namespaces),
    usernames: new Set(exemptions.usernames),
    runtimeClasses: new Set(exemptions.runtimeClassNames),
  };
  const optedIn = (namespace: string): boolean => {
    const value = deps.namespaces.labelsOf(namespace)?.[POD_SECURITY_DEFAULTS_LABEL];
    return value === 'restricted' || (secureDefaults.clusterWide && value !== 'disabled');
  };
  const applies = (request: AdmissionRequest): boolean =>
    request.kind.group === '' &&
    request.kind.kind === 'Pod' &&
    request.operation === 'CREATE' &&
    !request.subResource &&
    !exempt.namespaces.has(request.namespace ?? '') &&
    !exempt.usernames.has(request.userInfo?.username ?? '') &&
    optedIn(request.namespace ?? '');
  return {
    name: 'pod-security-defaults',
    handle(request) {
      if (!applies(request)) return Promise.resolve(skip());
      const parsed = parsePodObject(request.object);
      const runtimeClass = parsed.ok ? parsed.pod.spec.runtimeClassName : undefined;
      if (!parsed.ok || (runtimeClass && exempt.runtimeClasses.has(runtimeClass)))
        return Promise.resolve(skip());
      // The schema has no transforms, so the validated original is itself a PodObjectInput.
      const original = request.object as PodObjectInput;
      const result = applySecureDefaults(original, { nonRootImages: secureDefaults.nonRootImages });
      const reason: PodSecurityReason = 'pod-security:defaulted';
      return Promise.resolve(withWarnings(patched(reason, original, result.pod), result.warnings));
    },
  };
}
