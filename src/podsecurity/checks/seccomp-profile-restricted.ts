import type { CheckDefinition, Forbidden } from '../check.js';
import { filterContainers, isWindowsPod, namesOf, someContainer } from '../check.js';
import { describeContainers } from '../format.js';
import type { ContainerInput, PodSpecInput } from '../pod-spec.js';
import {
  explicitlyBadSeccomp,
  forbidBadSeccomp,
  isValidSeccompType,
} from './seccomp-profile-baseline.js';

/*
 * Seccomp profiles must be set, to RuntimeDefault or Localhost; a container may leave it unset when
 * the pod sets a valid one. From 1.25 Windows pods are exempt (the API refuses seccomp on them).
 * Restricted fields: securityContext.seccompProfile.type of the pod and every container.
 */

function violatesProfileRule(container: ContainerInput, podValid: boolean): boolean {
  const profile = container.securityContext?.seccompProfile;
  return profile ? !isValidSeccompType(profile.type) : !podValid;
}

function lacksProfile(container: ContainerInput): boolean {
  return !container.securityContext?.seccompProfile;
}

function seccompProfileRestrictedV1Dot19(spec: PodSpecInput): Forbidden | undefined {
  const podProfile = spec.securityContext?.seccompProfile;
  const podValid = !!podProfile && isValidSeccompType(podProfile.type);
  const podBad = !!podProfile && !podValid;
  if (!podBad && !someContainer(spec, violatesProfileRule, podValid)) return undefined;
  const explicit = explicitlyBadSeccomp(spec);
  if (explicit.setters.length > 0) return forbidBadSeccomp(explicit);
  const implicit = namesOf(filterContainers(spec, lacksProfile, undefined));
  return {
    reason: 'seccompProfile',
    detail: `pod or ${describeContainers(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
  };
}

function seccompProfileRestrictedV1Dot25(spec: PodSpecInput): Forbidden | undefined {
  return isWindowsPod(spec) ? undefined : seccompProfileRestrictedV1Dot19(spec);
}

/** Restricted: seccomp must be RuntimeDefault or Localhost (1.19+; Windows exempt from 1.25). */
export const seccompProfileRestrictedCheck: CheckDefinition = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  versions: [
    {
      minVersion: 19,
      check: seccompProfileRestrictedV1Dot19,
      overrides: ['seccompProfile_baseline'],
    },
    {
      minVersion: 25,
      check: seccompProfileRestrictedV1Dot25,
      overrides: ['seccompProfile_baseline'],
    },
  ],
};
