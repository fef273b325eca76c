import type { CheckDefinition, Forbidden } from '../check.js';
import { filterContainers, namesOf, someContainer } from '../check.js';
import { describeContainers, pluralize, sortedList } from '../format.js';
import type { ContainerInput, PodSpecInput } from '../pod-spec.js';

/*
 * HostPort ports must be forbidden.
 * Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].ports[*].hostPort.
 * Allowed values: undefined, 0.
 */

function usesHostPort(container: ContainerInput): boolean {
  const ports = container.ports;
  if (!ports) return false;
  for (const port of ports) if ((port.hostPort ?? 0) !== 0) return true;
  return false;
}

function hostPortsV1Dot0(spec: PodSpecInput): Forbidden | undefined {
  if (!someContainer(spec, usesHostPort, undefined)) return undefined;
  const bad = filterContainers(spec, usesHostPort, undefined);
  // Upstream keeps the ports in a string set, so they sort as strings ("10" < "9").
  const ports = sortedList(
    bad
      .flatMap((c) => (c.ports ?? []).map((p) => String(p.hostPort ?? 0)))
      .filter((p) => p !== '0'),
  );
  const verb = pluralize('uses', 'use', bad.length);
  return {
    reason: 'hostPort',
    detail: `${describeContainers(namesOf(bad))} ${verb} ${pluralize('hostPort', 'hostPorts', ports.length)} ${ports.join(', ')}`,
  };
}

/** Baseline: no host ports (1.0+). */
export const hostPortsCheck: CheckDefinition = {
  id: 'hostPorts',
  level: 'baseline',
  versions: [{ minVersion: 0, check: hostPortsV1Dot0 }],
};
