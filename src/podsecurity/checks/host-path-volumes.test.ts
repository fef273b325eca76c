import { describe, expect, it } from 'vitest';
import type { CheckCase } from './check-testing.js';
import { runCheck } from './check-testing.js';
import { hostPathVolumesCheck } from './host-path-volumes.js';

const cases: CheckCase[] = [
  { name: 'no volumes', spec: {} },
  { name: 'emptyDir only', spec: { volumes: [{ name: 'a', emptyDir: {} }] } },
  {
    name: 'hostPath volumes (upstream TestHostPathVolumes)',
    spec: {
      volumes: [
        { name: 'a', hostPath: { path: '' } },
        { name: 'b', hostPath: { path: '' } },
        { name: 'c', emptyDir: {} },
      ],
    },
    expected: { reason: 'hostPath volumes', detail: 'volumes "a", "b"' },
  },
  {
    name: 'one hostPath volume',
    spec: { volumes: [{ name: 'x', hostPath: { path: '/etc' } }] },
    expected: { reason: 'hostPath volumes', detail: 'volume "x"' },
  },
];

describe('hostPathVolumes', () => {
  it.each(cases)('$name', (row) => {
    expect(runCheck(hostPathVolumesCheck, row)).toEqual(row.expected);
  });
});
