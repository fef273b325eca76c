import type { CheckDefinition, Forbidden } from '../check.js';
import { filterContainers, namesOf, someContainer, usesUserNamespace } from '../check.js';
import { describeContainers, joinQuote, sortedList } from '../format.js';
import type { ContainerInput, PodSpecInput } from '../pod-spec.js';

/*
 * The default /proc masks reduce the attack surface and should be required, unless (from 1.35,
 * baseline only) the pod runs in a user namespace (hostUsers: false).
 * Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.procMount.
 * Allowed values: undefined, "Default".
 */

function unmasksProc(container: ContainerInput): boolean {
  const procMount = container.securityContext?.procMount;
  return procMount != null && procMount !== 'Default';
}

/** The strict revision: any procMount other than Default is refused. Shared with procMount_restricted. */
export function checkProcMountStrict(spec: PodSpecInput): Forbidden | undefined {
  if (!someContainer(spec, unmasksProc, undefined)) return undefined;
  const bad = filterContainers(spec, unmasksProc, undefined);
  const types = sortedList(bad.map((c) => c.securityContext?.procMount ?? ''));
  return {
    reason: 'procMount',
    detail: `${describeContainers(namesOf(bad))} must not set securityContext.procMount to ${joinQuote(types)}`,
  };
}

function procMountV1Dot35Baseline(spec: PodSpecInput): Forbidden | undefined {
  // API validation already refuses malformed values, so a user-namespaced pod may use any of them.
  return usesUserNamespace(spec) ? undefined : checkProcMountStrict(spec);
}

/**
 * Baseline: the default /proc mount (1.0+); user-namespaced pods are exempt from 1.35. The 1.0
 * revision never relaxes: its relaxation hid behind an alpha feature gate that was off by default.
 */
export const procMountCheck: CheckDefinition = {
  id: 'procMount',
  level: 'baseline',
  versions: [
    { minVersion: 0, check: checkProcMountStrict },
    { minVersion: 35, check: procMountV1Dot35Baseline },
  ],
};
