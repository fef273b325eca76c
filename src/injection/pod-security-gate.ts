import { POD_SECURITY_LABEL_PREFIX } from '../kube/keys.js';
import { BASELINE_CAPABILITIES as BASELINE_CAPABILITY_SET } from '../podsecurity/checks/capabilities-baseline.js';
import type { Container, Pod } from '../kube/types.js';

/** The verdict of a {@link PodSecurityGate}: allowed, or refused with a message naming what and where. */
export type PodSecurityVerdict =
  { readonly allowed: true } | { readonly allowed: false; readonly message: string };

/** The namespace a pod is checked against. */
export interface PodSecurityNamespace {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Whether a pod would be admitted under its namespace's enforced Pod Security level. Injection asks
 * it about the injected pod; the default is {@link createDefaultPodSecurityGate}, and the full Pod
 * Security evaluator can stand in behind the same interface.
 */
export interface PodSecurityGate {
  check(pod: Pod, namespace: PodSecurityNamespace): PodSecurityVerdict;
}

/** A Pod Security Standards level. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** The namespace label naming the enforced level. */
export const ENFORCE_LABEL = `${POD_SECURITY_LABEL_PREFIX}enforce`;

/** Capabilities baseline lets a container add: the Pod Security engine's own list. */
export const BASELINE_CAPABILITIES: readonly string[] = [...BASELINE_CAPABILITY_SET];

/** Capabilities restricted lets a container add. */
export const RESTRICTED_CAPABILITIES: readonly string[] = ['NET_BIND_SERVICE'];

/**
 * The level a namespace enforces: none (privileged) without the label; an unknown value counts as
 * restricted, as Pod Security admission itself does.
 */
export function enforcedLevel(labels: Readonly<Record<string, string>>): PodSecurityLevel {
  const value = labels[ENFORCE_LABEL];
  if (value === undefined || value === 'privileged') return 'privileged';
  return value === 'baseline' ? 'baseline' : 'restricted';
}

type ContainerCheck = (container: Container, pod: Pod) => string | undefined;

function capabilitiesCheck(
  level: PodSecurityLevel,
  allowedCaps: readonly string[],
): ContainerCheck {
  return (container) => {
    const added = container.securityContext?.capabilities?.add ?? [];
    const forbidden = added.filter((cap) => !allowedCaps.includes(cap));
    if (forbidden.length === 0) return undefined;
    const only = level === 'restricted' ? ` (only ${allowedCaps.join(', ')} may be added)` : '';
    return `container "${container.name}" adds capabilities ${forbidden.join(', ')}, which ${level} forbids${only}`;
  };
}

const privilegedCheck: ContainerCheck = (container) =>
  container.securityContext?.privileged === true
    ? `container "${container.name}" is privileged`
    : undefined;

const restrictedChecks: readonly ContainerCheck[] = [
  (c) =>
    c.securityContext?.capabilities?.drop?.includes('ALL')
      ? undefined
      : `container "${c.name}" does not drop ALL capabilities`,
  (c) =>
    c.securityContext?.allowPrivilegeEscalation === false
      ? undefined
      : `container "${c.name}" does not set allowPrivilegeEscalation: false`,
  (c, pod) =>
    (c.securityContext?.runAsNonRoot ?? pod.spec.securityContext?.runAsNonRoot) === true
      ? undefined
      : `container "${c.name}" does not set runAsNonRoot: true`,
  (c, pod) =>
    (c.securityContext?.runAsUser ?? pod.spec.securityContext?.runAsUser) === 0
      ? `container "${c.name}" runs as root (runAsUser: 0)`
      : undefined,
  (c, pod) => {
    const type = (c.securityContext?.seccompProfile ?? pod.spec.securityContext?.seccompProfile)
      ?.type;
    return type === 'RuntimeDefault' || type === 'Localhost'
      ? undefined
      : `container "${c.name}" does not set seccompProfile.type to RuntimeDefault or Localhost`;
  },
];

function checksFor(level: PodSecurityLevel): readonly ContainerCheck[] {
  if (level === 'privileged') return [];
  if (level === 'baseline')
    return [privilegedCheck, capabilitiesCheck(level, BASELINE_CAPABILITIES)];
  return [privilegedCheck, capabilitiesCheck(level, RESTRICTED_CAPABILITIES), ...restrictedChecks];
}

/**
 * The default gate: a minimal, container-level reading of the Pod Security Standards (privileged,
 * capabilities; for restricted also drop ALL, no privilege escalation, non-root, seccomp). It covers
 * what injection can change; the full evaluator replaces it behind {@link PodSecurityGate}.
 */
export function createDefaultPodSecurityGate(): PodSecurityGate {
  return {
    check(pod, namespace) {
      const checks = checksFor(enforcedLevel(namespace.labels));
      const containers = [
        ...(pod.spec.initContainers ?? []),
        ...pod.spec.containers,
        ...(pod.spec.ephemeralContainers ?? []),
      ];
      const violations = containers.flatMap((container) =>
        checks.map((check) => check(container, pod)).filter((v): v is string => v !== undefined),
      );
      return violations.length === 0
        ? { allowed: true }
        : { allowed: false, message: violations.join('; ') };
    },
  };
}
