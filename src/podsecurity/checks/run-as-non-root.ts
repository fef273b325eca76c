import type { CheckDefinition, Forbidden } from '../check.js';
import {
  describeSetters,
  filterContainers,
  namesOf,
  someContainer,
  usesUserNamespace,
} from '../check.js';
import { describeContainers } from '../format.js';
import type { ContainerInput, PodSpecInput } from '../pod-spec.js';

/*
 * Containers must run as non-root users.
 * Restricted fields: securityContext.runAsNonRoot of the pod and every container.
 * Allowed values: true; a container may leave it unset when the pod sets true. From 1.35 a pod in a
 * user namespace (hostUsers: false) is exempt: root in the container is not root on the node.
 */

function setsFalse(container: ContainerInput): boolean {
  return container.securityContext?.runAsNonRoot === false;
}

function violates(container: ContainerInput, podNonRoot: boolean): boolean {
  const value = container.securityContext?.runAsNonRoot;
  return value === false || (value == null && !podNonRoot);
}

function leavesUnset(container: ContainerInput): boolean {
  return container.securityContext?.runAsNonRoot == null;
}

function runAsNonRootV1Dot0(spec: PodSpecInput): Forbidden | undefined {
  const podValue = spec.securityContext?.runAsNonRoot;
  const podNonRoot = podValue === true;
  if (podValue !== false && !someContainer(spec, violates, podNonRoot)) return undefined;
  const explicit = namesOf(filterContainers(spec, setsFalse, undefined));
  const setters = describeSetters(podValue === false, explicit);
  const reason = 'runAsNonRoot != true';
  if (setters.length > 0) {
    return {
      reason,
      detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
    };
  }
  const implicit = namesOf(filterContainers(spec, leavesUnset, undefined));
  return {
    reason,
    detail: `pod or ${describeContainers(implicit)} must set securityContext.runAsNonRoot=true`,
  };
}

function runAsNonRootV1Dot35(spec: PodSpecInput): Forbidden | undefined {
  return usesUserNamespace(spec) ? undefined : runAsNonRootV1Dot0(spec);
}

/**
 * Restricted: runAsNonRoot=true (1.0+; user-namespaced pods exempt from 1.35, where upstream moved
 * the relaxation that 1.0 had behind an alpha feature gate that was off by default).
 */
export const runAsNonRootCheck: CheckDefinition = {
  id: 'runAsNonRoot',
  level: 'restricted',
  versions: [
    { minVersion: 0, check: runAsNonRootV1Dot0 },
    { minVersion: 35, check: runAsNonRootV1Dot35 },
  ],
};
