import type { MeshConfig } from '../config/mesh-config.js';
import type { NamespaceLookup } from '../kube/namespaces.js';
import type { AdmissionHandler } from '../admission/handler.js';
import { chainMutatingHandlers, composeValidatingHandlers } from '../admission/compose.js';
import { createInjectionHandler } from '../injection/index.js';
import { createMeshValidationHandler } from '../validation/index.js';
import { createPodSecurityEvaluatorGate } from '../injection/pod-security-evaluator-gate.js';
import { createPolicyHandler } from '../policy/admission/handler.js';
import type { Analyzer } from '../policy/analyzers/analyzer.js';
import type { ClusterState } from '../policy/cluster/cluster-state.js';
import type { PolicyEngine } from '../policy/engine.js';
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
  /** The bound admission policies; /validate applies them to every kind when given. */
  policies?: AdmissionPolicies | undefined;
}

/** What /validate needs to apply policies: the engine, and the audit's cached cluster state. */
export interface AdmissionPolicies {
  engine: PolicyEngine;
  /** The background audit's last snapshot, for params, cross-resource CEL and the analyzers. */
  clusterState?: () => ClusterState | undefined;
  /** Analyzers run as admission warnings against the cached state. */
  analyzers?: readonly Analyzer[];
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
  const validators = [podSecurity, createMeshValidationHandler()];
  if (deps.policies) {
    const { engine, clusterState, analyzers } = deps.policies;
    validators.push(
      createPolicyHandler({
        engine,
        namespaces: deps.namespaces,
        ...(clusterState ? { clusterState } : {}),
        ...(analyzers ? { analyzers } : {}),
      }),
    );
  }
  return {
    inject: chainMutatingHandlers('inject', [defaults, injection]),
    validate: composeValidatingHandlers('validate', validators),
  };
}
