import { describe, expect, it } from 'vitest';
import { allowPrivilegeEscalationCheck } from './allow-privilege-escalation.js';
import type { CheckCase } from './check-testing.js';
import { container, runCheck } from './check-testing.js';

const reason = 'allowPrivilegeEscalation != false';
const multiple = [
  container('a'),
  container('b', {}),
  container('c', { allowPrivilegeEscalation: true }),
  container('d', { allowPrivilegeEscalation: false }),
];
const multipleDetail = {
  reason,
  detail: 'containers "a", "b", "c" must set securityContext.allowPrivilegeEscalation=false',
};

// Upstream TestAllowPrivilegeEscalation_1_8 and _1_25.
const cases: CheckCase[] = [
  {
    name: '1.8: multiple containers',
    version: 8,
    spec: { containers: multiple },
    expected: multipleDetail,
  },
  { name: '1.25: multiple containers', spec: { containers: multiple }, expected: multipleDetail },
  {
    name: '1.25: windows pod is admitted',
    spec: { os: { name: 'windows' }, containers: [container('a')] },
  },
  {
    name: '1.24: windows pod is not yet exempt',
    version: 24,
    spec: { os: { name: 'windows' }, containers: [container('a')] },
    expected: {
      reason,
      detail: 'container "a" must set securityContext.allowPrivilegeEscalation=false',
    },
  },
  {
    name: '1.25: linux pod without security context',
    spec: { os: { name: 'linux' }, containers: [container('a')] },
    expected: {
      reason,
      detail: 'container "a" must set securityContext.allowPrivilegeEscalation=false',
    },
  },
  { name: 'does not exist before 1.8', version: 7, spec: { containers: [container('a')] } },
];

describe('allowPrivilegeEscalation', () => {
  it.each(cases)('$name', (row) => {
    expect(runCheck(allowPrivilegeEscalationCheck, row)).toEqual(row.expected);
  });
});
