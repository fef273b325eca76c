import type { CheckDefinition, Forbidden } from '../check.js';
import { describeSetters, filterContainers, namesOf, someContainer } from '../check.js';
import { goQuote, joinQuote, pluralize, sortedList } from '../format.js';
import type { ContainerInput, PodMetadataInput, PodSpecInput } from '../pod-spec.js';
import { CONTAINER_LISTS } from '../pod-spec.js';

/*
 * If seccomp profiles are specified, only the runtime default and localhost profiles are allowed.
 * 1.0-1.18, restricted fields: annotations seccomp.security.alpha.kubernetes.io/pod and
 * container.seccomp.security.alpha.kubernetes.io/<container>; allowed values: runtime/default,
 * docker/default, localhost/*, undefined.
 * 1.19+, restricted fields: securityContext.seccompProfile.type of the pod and every container;
 * allowed values: RuntimeDefault, Localhost, undefined.
 */

/** The deprecated pod-level seccomp annotation. */
export const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
/** The prefix of the deprecated per-container seccomp annotations. */
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX =
  'container.seccomp.security.alpha.kubernetes.io/';

/** Whether a seccompProfile.type is one restricted and baseline accept. */
export function isValidSeccompType(type: string | null | undefined): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function isValidAnnotation(value: string): boolean {
  return (
    value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/')
  );
}

function badAnnotations(
  spec: PodSpecInput,
  annotations: Readonly<Record<string, string>>,
): string[] {
  const keys = [SECCOMP_POD_ANNOTATION];
  for (const list of CONTAINER_LISTS) {
    for (const c of spec[list] ?? []) keys.push(SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name);
  }
  return keys.flatMap((key) => {
    const value = annotations[key];
    return value === undefined || isValidAnnotation(value) ? [] : [`${key}=${goQuote(value)}`];
  });
}

function hasSeccompAnnotation(annotations: Readonly<Record<string, string>>): boolean {
  // Both the pod key and the per-container prefix contain this suffix: a cheap first filter.
  for (const key in annotations)
    if (key.includes('seccomp.security.alpha.kubernetes.io/')) return true;
  return false;
}

function seccompProfileBaselineV1Dot0(
  spec: PodSpecInput,
  metadata: PodMetadataInput | null | undefined,
): Forbidden | undefined {
  const annotations = metadata?.annotations;
  if (!annotations) return undefined;
  if (!hasSeccompAnnotation(annotations)) return undefined;
  const forbidden = sortedList(badAnnotations(spec, annotations));
  if (forbidden.length === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `forbidden ${pluralize('annotation', 'annotations', forbidden.length)} ${forbidden.join(', ')}`,
  };
}

function setsBadProfile(container: ContainerInput): boolean {
  const profile = container.securityContext?.seccompProfile;
  return !!profile && !isValidSeccompType(profile.type);
}

/** Lists who set a bad profile: `pod`, `containers "a", "b"`, and the bad values; shared with restricted. */
export function explicitlyBadSeccomp(spec: PodSpecInput): { setters: string[]; values: string[] } {
  const podProfile = spec.securityContext?.seccompProfile;
  const podBad = !!podProfile && !isValidSeccompType(podProfile.type);
  const bad = filterContainers(spec, setsBadProfile, undefined);
  const values = bad.map((c) => c.securityContext?.seccompProfile?.type ?? '');
  if (podBad) values.push(podProfile.type ?? '');
  return { setters: describeSetters(podBad, namesOf(bad)), values: sortedList(values) };
}

/** The forbidden result for explicitly bad profiles, shared with restricted. */
export function forbidBadSeccomp(bad: { setters: string[]; values: string[] }): Forbidden {
  return {
    reason: 'seccompProfile',
    detail: `${bad.setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(bad.values)}`,
  };
}

function seccompProfileBaselineV1Dot19(spec: PodSpecInput): Forbidden | undefined {
  const podProfile = spec.securityContext?.seccompProfile;
  const podBad = !!podProfile && !isValidSeccompType(podProfile.type);
  if (!podBad && !someContainer(spec, setsBadProfile, undefined)) return undefined;
  return forbidBadSeccomp(explicitlyBadSeccomp(spec));
}

/** Baseline: if a seccomp profile is set it must be RuntimeDefault or Localhost (annotations before 1.19). */
export const seccompProfileBaselineCheck: CheckDefinition = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  versions: [
    { minVersion: 0, check: seccompProfileBaselineV1Dot0 },
    { minVersion: 19, check: seccompProfileBaselineV1Dot19 },
  ],
};
