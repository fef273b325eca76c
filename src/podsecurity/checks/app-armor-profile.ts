import type { CheckDefinition, Forbidden } from '../check.js';
import { describeSetters, filterContainers, namesOf, someContainer } from '../check.js';
import { compareStrings, goQuote, joinQuote, pluralize, sortedList } from '../format.js';
import type { ContainerInput, PodMetadataInput, PodSpecInput } from '../pod-spec.js';

/*
 * The runtime's default AppArmor profile must not be disabled or overridden except by localhost
 * profiles.
 * Restricted fields: securityContext.appArmorProfile.type of the pod and every container (allowed:
 * RuntimeDefault, Localhost, undefined), and annotations
 * container.apparmor.security.beta.kubernetes.io/* (allowed: runtime/default, localhost/*, "",
 * undefined). Both are checked at every version: upstream amended the 1.0 revision in place.
 */

/** The prefix of the deprecated per-container AppArmor annotations. */
export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function isAllowedType(type: string | null | undefined): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function isAllowedAnnotation(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

function setsBadProfile(container: ContainerInput): boolean {
  const profile = container.securityContext?.appArmorProfile;
  return !!profile && !isAllowedType(profile.type);
}

function hasBadAnnotation(
  annotations: Readonly<Record<string, string>> | null | undefined,
): boolean {
  if (!annotations) return false;
  for (const key in annotations) {
    if (key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !isAllowedAnnotation(annotations[key] ?? ''))
      return true;
  }
  return false;
}

function badAnnotations(annotations: Readonly<Record<string, string>>): string[] {
  return Object.entries(annotations)
    .filter(
      ([key, value]) => key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !isAllowedAnnotation(value),
    )
    .map(([key, value]) => `${key}=${goQuote(value)}`);
}

function appArmorProfileV1Dot0(
  spec: PodSpecInput,
  metadata: PodMetadataInput | null | undefined,
): Forbidden | undefined {
  const podProfile = spec.securityContext?.appArmorProfile;
  const podBad = !!podProfile && !isAllowedType(podProfile.type);
  const annotations = metadata?.annotations;
  if (
    !podBad &&
    !hasBadAnnotation(annotations) &&
    !someContainer(spec, setsBadProfile, undefined)
  ) {
    return undefined;
  }
  const bad = filterContainers(spec, setsBadProfile, undefined);
  const setters = describeSetters(podBad, namesOf(bad));
  const types = bad.map((c) => c.securityContext?.appArmorProfile?.type ?? '');
  if (podBad) types.push(podProfile.type ?? '');
  const values = sortedList(types);
  const forbiddenAnnotations = annotations ? badAnnotations(annotations).sort(compareStrings) : [];
  if (forbiddenAnnotations.length > 0) {
    setters.push(pluralize('annotation', 'annotations', forbiddenAnnotations.length));
    values.push(...forbiddenAnnotations);
  }
  return {
    reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', values.length),
    detail: `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(values)}`,
  };
}

/** Baseline: AppArmor must not be Unconfined, by field or by annotation (1.0+). */
export const appArmorProfileCheck: CheckDefinition = {
  id: 'appArmorProfile',
  level: 'baseline',
  versions: [{ minVersion: 0, check: appArmorProfileV1Dot0 }],
};
