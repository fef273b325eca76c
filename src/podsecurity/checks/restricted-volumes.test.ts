import { describe, expect, it } from 'vitest';
import type { CheckCase } from './check-testing.js';
import { runCheck } from './check-testing.js';
import { restrictedVolumesCheck } from './restricted-volumes.js';

const allowed = [
  'emptyDir',
  'secret',
  'persistentVolumeClaim',
  'downwardAPI',
  'configMap',
  'projected',
  'csi',
  'ephemeral',
  'image',
];
const restricted = [
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
];
const volumes = [
  ...allowed.map((source, i) => ({ name: `a${i + 1}`, [source]: {} })),
  ...restricted.map((source, i) => ({ name: `b${i + 1}`, [source]: {} })),
  { name: 'c1' },
];
const badNames = [...restricted.map((_, i) => `"b${i + 1}"`), '"c1"'].join(', ');
const badTypes = [...restricted, 'unknown']
  .sort()
  .map((t) => `"${t}"`)
  .join(', ');

const cases: CheckCase[] = [
  {
    name: 'every allowed source, image included',
    spec: { volumes: volumes.slice(0, allowed.length) },
  },
  {
    name: 'every source (upstream TestRestrictedVolumes)',
    spec: { volumes },
    expected: {
      reason: 'restricted volume types',
      detail: `volumes ${badNames} use restricted volume types ${badTypes}`,
    },
  },
  {
    name: 'one hostPath volume',
    spec: { volumes: [{ name: 'v', hostPath: { path: '/' } }] },
    expected: {
      reason: 'restricted volume types',
      detail: 'volume "v" uses restricted volume type "hostPath"',
    },
  },
  {
    name: 'a null source does not count',
    spec: { volumes: [{ name: 'v', hostPath: null, emptyDir: {} }] },
  },
];

describe('restrictedVolumes', () => {
  it.each(cases)('$name', (row) => {
    expect(runCheck(restrictedVolumesCheck, row)).toEqual(row.expected);
  });
});
