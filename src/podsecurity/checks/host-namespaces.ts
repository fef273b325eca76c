import type { CheckDefinition, Forbidden } from '../check.js';
import type { PodSpecInput } from '../pod-spec.js';

/*
 * Sharing the host namespaces must be disallowed.
 * Restricted fields: spec.hostNetwork, spec.hostPID, spec.hostIPC. Allowed values: false, undefined.
 */

function hostNamespacesV1Dot0(spec: PodSpecInput): Forbidden | undefined {
  if (spec.hostNetwork !== true && spec.hostPID !== true && spec.hostIPC !== true) return undefined;
  const shared: string[] = [];
  if (spec.hostNetwork === true) shared.push('hostNetwork=true');
  if (spec.hostPID === true) shared.push('hostPID=true');
  if (spec.hostIPC === true) shared.push('hostIPC=true');
  return { reason: 'host namespaces', detail: shared.join(', ') };
}

/** Baseline: no host network, PID or IPC namespace (1.0+). */
export const hostNamespacesCheck: CheckDefinition = {
  id: 'hostNamespaces',
  level: 'baseline',
  versions: [{ minVersion: 0, check: hostNamespacesV1Dot0 }],
};
