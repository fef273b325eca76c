import type { ContainerInput, PodObjectInput } from './pod-spec.js';
import { SECCOMP_CONTAINER_ANNOTATION_PREFIX } from './checks/seccomp-profile-baseline.js';

/**
 * Whether a pod update could change the outcome of the checks, as upstream decides it: only images,
 * the set of containers, added ephemeral containers, and per-container seccomp annotations can
 * change on a running pod. Anything else (labels, status, resources) is allowed without checks.
 */
export function isSignificantPodUpdate(pod: PodObjectInput, oldPod: PodObjectInput): boolean {
  const spec = pod.spec;
  const oldSpec = oldPod.spec;
  const annotations = pod.metadata?.annotations ?? {};
  const oldAnnotations = oldPod.metadata?.annotations ?? {};
  const changed = (c: ContainerInput, old: ContainerInput | undefined) =>
    !old || isSignificantContainerUpdate(c, old, annotations, oldAnnotations);
  const init = spec.initContainers ?? [];
  const oldInit = oldSpec.initContainers ?? [];
  if (spec.containers.length !== oldSpec.containers.length || init.length !== oldInit.length)
    return true;
  if (spec.containers.some((c, i) => changed(c, oldSpec.containers[i]))) return true;
  if (init.some((c, i) => changed(c, oldInit[i]))) return true;
  const oldEphemeral = oldSpec.ephemeralContainers ?? [];
  return (spec.ephemeralContainers ?? []).some((c) =>
    changed(
      c,
      oldEphemeral.find((old) => old.name === c.name),
    ),
  );
}

function isSignificantContainerUpdate(
  container: ContainerInput,
  old: ContainerInput,
  annotations: Readonly<Record<string, string>>,
  oldAnnotations: Readonly<Record<string, string>>,
): boolean {
  if ((container.image ?? '') !== (old.image ?? '')) return true;
  const key = SECCOMP_CONTAINER_ANNOTATION_PREFIX + container.name;
  return annotations[key] !== oldAnnotations[key];
}
