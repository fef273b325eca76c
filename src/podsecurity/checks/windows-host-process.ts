import type { CheckDefinition, Forbidden } from '../check.js';
import { describeSetters, filterContainers, namesOf, someContainer } from '../check.js';
import type { ContainerInput, PodSpecInput } from '../pod-spec.js';

/*
 * Windows HostProcess containers run with host access and must be disallowed.
 * Restricted fields: securityContext.windowsOptions.hostProcess of the pod and every container.
 * Allowed values: false, undefined.
 */

function isHostProcess(container: ContainerInput): boolean {
  return container.securityContext?.windowsOptions?.hostProcess === true;
}

function windowsHostProcessV1Dot0(spec: PodSpecInput): Forbidden | undefined {
  const podBad = spec.securityContext?.windowsOptions?.hostProcess === true;
  if (!podBad && !someContainer(spec, isHostProcess, undefined)) return undefined;
  const setters = describeSetters(
    podBad,
    namesOf(filterContainers(spec, isHostProcess, undefined)),
  );
  return {
    reason: 'hostProcess',
    detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
  };
}

/** Baseline: no Windows HostProcess containers (1.0+). */
export const windowsHostProcessCheck: CheckDefinition = {
  id: 'windowsHostProcess',
  level: 'baseline',
  versions: [{ minVersion: 0, check: windowsHostProcessV1Dot0 }],
};
