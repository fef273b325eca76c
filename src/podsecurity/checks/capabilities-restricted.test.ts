import { describe, expect, it } from 'vitest';
import { capabilitiesRestrictedCheck } from './capabilities-restricted.js';
import type { CheckCase } from './check-testing.js';
import { container, runCheck } from './check-testing.js';

const reason = 'unrestricted capabilities';
const mixed = [
  container('a', { capabilities: { add: ['FOO', 'BAR'] } }),
  container('b', { capabilities: { add: ['BAR', 'BAZ'] } }),
  container('c', { capabilities: { add: ['NET_BIND_SERVICE', 'CHOWN'], drop: ['ALL', 'FOO'] } }),
];
const mixedDetail = {
  reason,
  detail:
    'containers "a", "b" must set securityContext.capabilities.drop=["ALL"]; containers "a", "b", "c" must not include "BAR", "BAZ", "CHOWN", "FOO" in securityContext.capabilities.add',
};

// Upstream TestCapabilitiesRestricted_1_22 and _1_25.
const cases: CheckCase[] = [
  {
    name: '1.22: multiple containers',
    version: 22,
    spec: { containers: mixed },
    expected: mixedDetail,
  },
  { name: '1.25: multiple containers', spec: { containers: mixed }, expected: mixedDetail },
  {
    name: '1.25: windows pod is admitted',
    spec: { os: { name: 'windows' }, containers: [container('a')] },
  },
  {
    name: '1.25: linux pod without security context',
    spec: { os: { name: 'linux' }, containers: [container('a')] },
    expected: {
      reason,
      detail: 'container "a" must set securityContext.capabilities.drop=["ALL"]',
    },
  },
  {
    name: 'drop ALL and add NET_BIND_SERVICE is allowed',
    spec: {
      containers: [container('a', { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } })],
    },
  },
  { name: 'does not exist before 1.22', version: 21, spec: { containers: [container('a')] } },
];

describe('capabilities_restricted', () => {
  it.each(cases)('$name', (row) => {
    expect(runCheck(capabilitiesRestrictedCheck, row)).toEqual(row.expected);
  });
  it('overrides capabilities_baseline', () => {
    expect(
      capabilitiesRestrictedCheck.versions.every((v) =>
        v.overrides?.includes('capabilities_baseline'),
      ),
    ).toBe(true);
  });
});
