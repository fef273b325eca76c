import type { CheckDefinition, Forbidden } from '../check.js';
import { filterContainers, isWindowsPod, namesOf, someContainer } from '../check.js';
import { describeContainers } from '../format.js';
import type { ContainerInput, PodSpecInput } from '../pod-spec.js';

/*
 * Privilege escalation (such as via set-user-ID or set-group-ID file mode) must not be allowed.
 * Restricted fields: securityContext.allowPrivilegeEscalation of every container.
 * Allowed values: false. From 1.25 Windows pods are exempt (the API refuses the field on them).
 */

function mayEscalate(container: ContainerInput): boolean {
  return container.securityContext?.allowPrivilegeEscalation !== false;
}

function allowPrivilegeEscalationV1Dot8(spec: PodSpecInput): Forbidden | undefined {
  if (!someContainer(spec, mayEscalate, undefined)) return undefined;
  const bad = namesOf(filterContainers(spec, mayEscalate, undefined));
  return {
    reason: 'allowPrivilegeEscalation != false',
    detail: `${describeContainers(bad)} must set securityContext.allowPrivilegeEscalation=false`,
  };
}

function allowPrivilegeEscalationV1Dot25(spec: PodSpecInput): Forbidden | undefined {
  return isWindowsPod(spec) ? undefined : allowPrivilegeEscalationV1Dot8(spec);
}

/** Restricted: allowPrivilegeEscalation=false (1.8+, when the field appeared; Windows exempt from 1.25). */
export const allowPrivilegeEscalationCheck: CheckDefinition = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  versions: [
    { minVersion: 8, check: allowPrivilegeEscalationV1Dot8 },
    { minVersion: 25, check: allowPrivilegeEscalationV1Dot25 },
  ],
};
