import type { CheckDefinition, Forbidden } from '../check.js';
import { filterContainers, namesOf, someContainer } from '../check.js';
import { describeContainers } from '../format.js';
import type { ContainerInput, PodSpecInput } from '../pod-spec.js';

/*
 * Privileged pods disable most security mechanisms and must be disallowed.
 * Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.privileged.
 * Allowed values: false, undefined.
 */

function isPrivileged(container: ContainerInput): boolean {
  return container.securityContext?.privileged === true;
}

function privilegedV1Dot0(spec: PodSpecInput): Forbidden | undefined {
  if (!someContainer(spec, isPrivileged, undefined)) return undefined;
  const bad = namesOf(filterContainers(spec, isPrivileged, undefined));
  return {
    reason: 'privileged',
    detail: `${describeContainers(bad)} must not set securityContext.privileged=true`,
  };
}

/** Baseline: no privileged containers (1.0+). */
export const privilegedCheck: CheckDefinition = {
  id: 'privileged',
  level: 'baseline',
  versions: [{ minVersion: 0, check: privilegedV1Dot0 }],
};
