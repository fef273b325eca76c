import type { ContainerInput, PodMetadataInput, PodSpecInput } from './pod-spec.js';
import { CONTAINER_LISTS } from './pod-spec.js';
import { describeContainers } from './format.js';

/** The identifiers of the upstream checks, exactly as upstream spells them. */
export type CheckId =
  | 'allowPrivilegeEscalation'
  | 'appArmorProfile'
  | 'capabilities_baseline'
  | 'capabilities_restricted'
  | 'hostNamespaces'
  | 'hostPathVolumes'
  | 'hostPorts'
  | 'hostProbesAndHostLifecycle'
  | 'privileged'
  | 'procMount'
  | 'procMount_restricted'
  | 'restrictedVolumes'
  | 'runAsNonRoot'
  | 'runAsUser'
  | 'seLinuxOptions'
  | 'seccompProfile_baseline'
  | 'seccompProfile_restricted'
  | 'sysctls'
  | 'windowsHostProcess';

/** Why a check refused a pod: a short reason and, usually, the offending values. */
export interface Forbidden {
  readonly reason: string;
  readonly detail: string;
}

/**
 * One revision of a check: returns undefined when the pod is allowed. Metadata may be absent (a
 * template without metadata). Checks must not allocate on the allowed path: they run per pod.
 */
export type CheckFn = (
  spec: PodSpecInput,
  metadata: PodMetadataInput | null | undefined,
) => Forbidden | undefined;

/** A revision of a check and the first policy version (minor of v1.x) it applies to. */
export interface VersionedCheck {
  readonly minVersion: number;
  readonly check: CheckFn;
  /** Baseline checks this restricted revision replaces at the restricted level. */
  readonly overrides?: readonly CheckId[];
}

/** A check: its id, level and revisions in strictly increasing version order. */
export interface CheckDefinition {
  readonly id: CheckId;
  readonly level: 'baseline' | 'restricted';
  readonly versions: readonly VersionedCheck[];
}

/**
 * Whether any init, regular or ephemeral container matches. Predicates are module-level functions
 * taking an optional argument, so the allowed path allocates nothing.
 */
export function someContainer<A>(
  spec: PodSpecInput,
  predicate: (container: ContainerInput, arg: A) => boolean,
  arg: A,
): boolean {
  for (const list of CONTAINER_LISTS) {
    const containers = spec[list];
    if (!containers) continue;
    for (let i = 0; i < containers.length; i++) {
      if (predicate(containers[i] as ContainerInput, arg)) return true;
    }
  }
  return false;
}

/** The containers that match, in upstream's visiting order (init, regular, ephemeral). */
export function filterContainers<A>(
  spec: PodSpecInput,
  predicate: (container: ContainerInput, arg: A) => boolean,
  arg: A,
): ContainerInput[] {
  const matched: ContainerInput[] = [];
  for (const list of CONTAINER_LISTS) {
    for (const container of spec[list] ?? [])
      if (predicate(container, arg)) matched.push(container);
  }
  return matched;
}

/** Who set a forbidden value, as upstream lists them: `pod`, then `container(s) "a", ...`. */
export function describeSetters(pod: boolean, containerNames: readonly string[]): string[] {
  const setters = pod ? ['pod'] : [];
  if (containerNames.length > 0) setters.push(describeContainers(containerNames));
  return setters;
}

/** The names of containers. */
export function namesOf(containers: readonly ContainerInput[]): string[] {
  return containers.map((container) => container.name);
}

/** Whether the pod declares itself a Windows pod (spec.os.name), which some checks exempt from 1.25. */
export function isWindowsPod(spec: PodSpecInput): boolean {
  return spec.os?.name === 'windows';
}

/** Whether the pod runs in a user namespace (`hostUsers: false`), which relaxes some checks from 1.35. */
export function usesUserNamespace(spec: PodSpecInput): boolean {
  return spec.hostUsers === false;
}
