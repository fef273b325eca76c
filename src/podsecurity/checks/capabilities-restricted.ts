import type { CheckDefinition, Forbidden } from '../check.js';
import { filterContainers, isWindowsPod, namesOf, someContainer } from '../check.js';
import { describeContainers, joinQuote, sortedList } from '../format.js';
import type { ContainerInput, PodSpecInput } from '../pod-spec.js';

/*
 * Containers must drop ALL capabilities and may add back only NET_BIND_SERVICE.
 * Restricted fields: securityContext.capabilities.drop (must include "ALL") and .add (undefined,
 * empty or "NET_BIND_SERVICE") of every container. From 1.25 Windows pods are exempt.
 */

function missesDropAll(container: ContainerInput): boolean {
  return !container.securityContext?.capabilities?.drop?.includes('ALL');
}

function addsForbidden(container: ContainerInput): boolean {
  const added = container.securityContext?.capabilities?.add;
  if (!added) return false;
  for (const capability of added) if (capability !== 'NET_BIND_SERVICE') return true;
  return false;
}

function violates(container: ContainerInput): boolean {
  return missesDropAll(container) || addsForbidden(container);
}

function capabilitiesRestrictedV1Dot22(spec: PodSpecInput): Forbidden | undefined {
  if (!someContainer(spec, violates, undefined)) return undefined;
  const details: string[] = [];
  const missing = namesOf(filterContainers(spec, missesDropAll, undefined));
  if (missing.length > 0) {
    details.push(
      `${describeContainers(missing)} must set securityContext.capabilities.drop=["ALL"]`,
    );
  }
  const adding = filterContainers(spec, addsForbidden, undefined);
  if (adding.length > 0) {
    const added = adding.flatMap((c) => c.securityContext?.capabilities?.add ?? []);
    const forbidden = sortedList(added.filter((capability) => capability !== 'NET_BIND_SERVICE'));
    details.push(
      `${describeContainers(namesOf(adding))} must not include ${joinQuote(forbidden)} in securityContext.capabilities.add`,
    );
  }
  return { reason: 'unrestricted capabilities', detail: details.join('; ') };
}

function capabilitiesRestrictedV1Dot25(spec: PodSpecInput): Forbidden | undefined {
  return isWindowsPod(spec) ? undefined : capabilitiesRestrictedV1Dot22(spec);
}

/** Restricted: drop ALL, add at most NET_BIND_SERVICE (1.22+; Windows exempt from 1.25). */
export const capabilitiesRestrictedCheck: CheckDefinition = {
  id: 'capabilities_restricted',
  level: 'restricted',
  versions: [
    { minVersion: 22, check: capabilitiesRestrictedV1Dot22, overrides: ['capabilities_baseline'] },
    { minVersion: 25, check: capabilitiesRestrictedV1Dot25, overrides: ['capabilities_baseline'] },
  ],
};
