import type { CheckDefinition, Forbidden } from '../check.js';
import { joinQuote, pluralize, sortedList } from '../format.js';
import type { PodSpecInput } from '../pod-spec.js';

/*
 * Besides hostPath, restricted limits volumes to ephemeral and API-backed types, so that storage
 * goes through PersistentVolumes.
 * Restricted field: the source of each spec.volumes[*]. Allowed sources are listed below; every
 * other one is refused by name, and a volume with no known source as "unknown".
 */

type Volume = Readonly<Record<string, unknown>>;

/** Volume sources restricted allows (image volumes were added in place, so at every version). */
export const ALLOWED_VOLUME_SOURCES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
] as const;

// Checked in upstream's order: the first source present names the volume's type.
const RESTRICTED_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
] as const;

function isAllowed(volume: Volume): boolean {
  for (const source of ALLOWED_VOLUME_SOURCES) if (volume[source] != null) return true;
  return false;
}

function typeOf(volume: Volume): string {
  return RESTRICTED_SOURCES.find((source) => volume[source] != null) ?? 'unknown';
}

function restrictedVolumesV1Dot0(spec: PodSpecInput): Forbidden | undefined {
  const volumes = spec.volumes;
  if (!volumes || volumes.every(isAllowed)) return undefined;
  const bad = volumes.filter((volume) => !isAllowed(volume));
  const names = bad.map((volume) => volume.name);
  const types = sortedList(bad.map(typeOf));
  return {
    reason: 'restricted volume types',
    detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('restricted volume type', 'restricted volume types', types.length)} ${joinQuote(types)}`,
  };
}

/** Restricted: only the allowed volume sources (1.0+); overrides hostPathVolumes. */
export const restrictedVolumesCheck: CheckDefinition = {
  id: 'restrictedVolumes',
  level: 'restricted',
  versions: [{ minVersion: 0, check: restrictedVolumesV1Dot0, overrides: ['hostPathVolumes'] }],
};
