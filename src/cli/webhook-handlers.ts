import type { MeshConfig } from '../config/mesh-config.js';
import type { NamespaceLookup } from '../kube/namespaces.js';
import type { AdmissionHandler } from '../admission/handler.js';
import { chainMutatingHandlers, composeValidatingHandlers } from '../admission/compose.js';
import { createInjectionHandler } from '../injection/index.js';
import { createMeshValidationHandler } from '../validation/index.js';
import { createPodSecurityEvaluatorGate } from '../injection/pod-security-evaluator-gate.js';
import {
  createPodSecurityDefaultsHandler,
  createPodSecurityHandler,
  type PodLister,
  type PodSecurityConfig,
} from '../podsecurity/index.js';

/** What the webhooks are built from. */
export interface WebhookDependencies {
  mesh: MeshConfig;
  podSecurity: PodSecurityConfig;
  namespaces: NamespaceLookup;
  clusterVersion: { major: number; minor: number } | undefined;
  /** Lists a namespace's pods when its enforce label is tightened; absent with no cluster. */
  pods?: PodLister | undefined;
}

/** Builds the two webhook handlers `gangway serve` mounts, from the features' pure cores. */
export function buildWebhookHandlers(deps: WebhookDependencies): {
  inject: AdmissionHandler;
  validate: AdmissionHandler;
} {
  const podSecurityGate = createPodSecurityEvaluatorGate(deps.podSecurity);
  const defaults = createPodSecurityDefaultsHandler({
    namespaces: deps.namespaces,
    config: deps.podSecurity,
  });
  const injection = createInjectionHandler({ ...deps, podSecurityGate });
  const podSecurity = createPodSecurityHandler({
    namespaces: deps.namespaces,
    config: deps.podSecurity,
    ...(deps.pods ? { pods: deps.pods } : {}),
  });
  return {
    inject: chainMutatingHandlers('inject', [defaults, injection]),
    validate: composeValidatingHandlers('validate', [podSecurity, createMeshValidationHandler()]),
  };
}
