import type { CheckDefinition, Forbidden } from '../check.js';
import { describeSetters, filterContainers, namesOf, someContainer } from '../check.js';
import { joinQuote, pluralize, sortedList } from '../format.js';
import type { ContainerInput, PodSpecInput } from '../pod-spec.js';

/*
 * Setting the SELinux type is restricted, and setting a custom SELinux user or role is forbidden.
 * Restricted fields: seLinuxOptions.{type,user,role} of the pod and of every container.
 * Allowed values: type undefined, "", container_t, container_init_t, container_kvm_t, and from 1.31
 * container_engine_t; user and role undefined or "".
 */

type SELinuxOptions = NonNullable<NonNullable<ContainerInput['securityContext']>['seLinuxOptions']>;

const TYPES_V1_0: ReadonlySet<string> = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
]);
const TYPES_V1_31: ReadonlySet<string> = new Set([...TYPES_V1_0, 'container_engine_t']);

function isValid(
  options: SELinuxOptions | null | undefined,
  allowed: ReadonlySet<string>,
): boolean {
  return !options || (allowed.has(options.type ?? '') && !options.user && !options.role);
}

function setsBadOptions(container: ContainerInput, allowed: ReadonlySet<string>): boolean {
  return !isValid(container.securityContext?.seLinuxOptions, allowed);
}

function describeBadOptions(all: readonly SELinuxOptions[], allowed: ReadonlySet<string>): string {
  const types = sortedList(all.map((o) => o.type ?? '').filter((type) => !allowed.has(type)));
  const parts: string[] = [];
  if (types.length > 0)
    parts.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
  if (all.some((o) => !!o.user)) parts.push('user may not be set');
  if (all.some((o) => !!o.role)) parts.push('role may not be set');
  return parts.join('; ');
}

function checkSELinuxOptions(
  spec: PodSpecInput,
  allowed: ReadonlySet<string>,
): Forbidden | undefined {
  const podOptions = spec.securityContext?.seLinuxOptions;
  const podBad = !isValid(podOptions, allowed);
  if (!podBad && !someContainer(spec, setsBadOptions, allowed)) return undefined;
  const bad = filterContainers(spec, setsBadOptions, allowed);
  const setters = describeSetters(podBad, namesOf(bad));
  const options = bad.map((c) => c.securityContext?.seLinuxOptions as SELinuxOptions);
  if (podBad && podOptions) options.unshift(podOptions);
  return {
    reason: 'seLinuxOptions',
    detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${describeBadOptions(options, allowed)}`,
  };
}

/** Baseline: restricted SELinux type, no custom user or role (1.0+; container_engine_t from 1.31). */
export const seLinuxOptionsCheck: CheckDefinition = {
  id: 'seLinuxOptions',
  level: 'baseline',
  versions: [
    { minVersion: 0, check: (spec) => checkSELinuxOptions(spec, TYPES_V1_0) },
    { minVersion: 31, check: (spec) => checkSELinuxOptions(spec, TYPES_V1_31) },
  ],
};
