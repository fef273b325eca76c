import type { PodSecurityConfig } from '../podsecurity/index.js';
import {
  defaultPolicyOf,
  evaluatePod,
  formatLevelVersion,
  formatViolations,
  resolveNamespacePolicy,
} from '../podsecurity/index.js';
import type { PodSecurityGate } from './pod-security-gate.js';

const REMEDY =
  'remedy: use interception mode "cni" (annotation sidecar.gangway.io/interceptionMode: cni, or the ' +
  "mesh's defaultInterceptionMode) or change the namespace label pod-security.kubernetes.io/enforce";

/**
 * The injector's Pod Security gate backed by the full Pod Security evaluator: the same namespace
 * policy resolution (labels, versions, cluster defaults, exempt namespaces) and the same checks that
 * gangway's own enforcement applies, so an injected pod is never one that enforcement would reject.
 */
export function createPodSecurityEvaluatorGate(config: PodSecurityConfig): PodSecurityGate {
  const defaults = defaultPolicyOf(config);
  const exempt = new Set(config.exemptions.namespaces);
  return {
    check(pod, namespace) {
      if (exempt.has(namespace.namespace)) return { allowed: true };
      const { enforce } = resolveNamespacePolicy(namespace.labels, defaults).policy;
      if (enforce.level === 'privileged') return { allowed: true };
      const violations = evaluatePod(pod.spec, pod.metadata, enforce);
      if (violations.length === 0) return { allowed: true };
      const levelVersion = formatLevelVersion(enforce);
      return {
        allowed: false,
        message: `namespace "${namespace.namespace}" enforces "${levelVersion}" (label pod-security.kubernetes.io/enforce): the injected pod ${formatViolations(enforce, violations)}; ${REMEDY}`,
      };
    },
  };
}
