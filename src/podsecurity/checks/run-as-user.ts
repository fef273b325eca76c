import type { CheckDefinition, Forbidden } from '../check.js';
import {
  describeSetters,
  filterContainers,
  namesOf,
  someContainer,
  usesUserNamespace,
} from '../check.js';
import type { ContainerInput, PodSpecInput } from '../pod-spec.js';

/*
 * Containers must not set runAsUser to 0 (root).
 * Restricted fields: securityContext.runAsUser of the pod and every container.
 * Allowed values: non-zero, undefined. From 1.35 a pod in a user namespace is exempt.
 */

function runsAsRoot(container: ContainerInput): boolean {
  return container.securityContext?.runAsUser === 0;
}

function runAsUserV1Dot23(spec: PodSpecInput): Forbidden | undefined {
  const podRoot = spec.securityContext?.runAsUser === 0;
  if (!podRoot && !someContainer(spec, runsAsRoot, undefined)) return undefined;
  const setters = describeSetters(podRoot, namesOf(filterContainers(spec, runsAsRoot, undefined)));
  return { reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0` };
}

function runAsUserV1Dot35(spec: PodSpecInput): Forbidden | undefined {
  return usesUserNamespace(spec) ? undefined : runAsUserV1Dot23(spec);
}

/** Restricted: runAsUser must not be 0 (1.23+; user-namespaced pods exempt from 1.35). */
export const runAsUserCheck: CheckDefinition = {
  id: 'runAsUser',
  level: 'restricted',
  versions: [
    { minVersion: 23, check: runAsUserV1Dot23 },
    { minVersion: 35, check: runAsUserV1Dot35 },
  ],
};
