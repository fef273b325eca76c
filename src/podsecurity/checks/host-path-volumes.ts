import type { CheckDefinition, Forbidden } from '../check.js';
import { joinQuote, pluralize } from '../format.js';
import type { PodSpecInput } from '../pod-spec.js';

/*
 * HostPath volumes must be forbidden.
 * Restricted fields: spec.volumes[*].hostPath. Allowed values: undefined.
 */

function isHostPath(volume: Readonly<Record<string, unknown>>): boolean {
  return volume['hostPath'] != null;
}

function hostPathVolumesV1Dot0(spec: PodSpecInput): Forbidden | undefined {
  const volumes = spec.volumes;
  if (!volumes?.some(isHostPath)) return undefined;
  const names = volumes.filter(isHostPath).map((volume) => volume.name);
  return {
    reason: 'hostPath volumes',
    detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`,
  };
}

/** Baseline: no hostPath volumes (1.0+). */
export const hostPathVolumesCheck: CheckDefinition = {
  id: 'hostPathVolumes',
  level: 'baseline',
  versions: [{ minVersion: 0, check: hostPathVolumesV1Dot0 }],
};
