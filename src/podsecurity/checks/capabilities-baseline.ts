import type { CheckDefinition, Forbidden } from '../check.js';
import { filterContainers, namesOf, someContainer } from '../check.js';
import { describeContainers, joinQuote, sortedList } from '../format.js';
import type { ContainerInput, PodSpecInput } from '../pod-spec.js';

/*
 * Adding NET_RAW or capabilities beyond the default set must be disallowed.
 * Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.capabilities.add.
 * Allowed values: undefined, empty, or members of the container runtime's default set below.
 */

/** The capabilities a container runtime grants by default, which baseline lets a pod add. */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

function addsNonDefault(container: ContainerInput): boolean {
  const added = container.securityContext?.capabilities?.add;
  if (!added) return false;
  for (const capability of added) if (!BASELINE_CAPABILITIES.has(capability)) return true;
  return false;
}

function capabilitiesBaselineV1Dot0(spec: PodSpecInput): Forbidden | undefined {
  if (!someContainer(spec, addsNonDefault, undefined)) return undefined;
  const bad = filterContainers(spec, addsNonDefault, undefined);
  const added = bad.flatMap((c) => c.securityContext?.capabilities?.add ?? []);
  const capabilities = sortedList(added.filter((c) => !BASELINE_CAPABILITIES.has(c)));
  return {
    reason: 'non-default capabilities',
    detail: `${describeContainers(namesOf(bad))} must not include ${joinQuote(capabilities)} in securityContext.capabilities.add`,
  };
}

/** Baseline: only the runtime's default capabilities may be added (1.0+). */
export const capabilitiesBaselineCheck: CheckDefinition = {
  id: 'capabilities_baseline',
  level: 'baseline',
  versions: [{ minVersion: 0, check: capabilitiesBaselineV1Dot0 }],
};
