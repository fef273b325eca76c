import { describe, expect, it } from 'vitest';
import { capabilitiesBaselineCheck } from './capabilities-baseline.js';
import type { CheckCase } from './check-testing.js';
import { container, runCheck } from './check-testing.js';

const add = (...caps: string[]) => ({ capabilities: { add: caps } });

const cases: CheckCase[] = [
  { name: 'nothing added', spec: { containers: [container('a', { capabilities: {} })] } },
  {
    name: 'default set only',
    spec: { containers: [container('a', add('CHOWN', 'NET_BIND_SERVICE', 'SYS_CHROOT'))] },
  },
  {
    name: 'non-default capabilities (upstream TestCapabilitiesBaseline)',
    spec: { containers: [container('a', add('FOO', 'BAR')), container('b', add('BAR', 'BAZ'))] },
    expected: {
      reason: 'non-default capabilities',
      detail:
        'containers "a", "b" must not include "BAR", "BAZ", "FOO" in securityContext.capabilities.add',
    },
  },
  {
    name: 'NET_RAW is not in the default set',
    spec: { containers: [container('a', add('NET_RAW', 'CHOWN'))] },
    expected: {
      reason: 'non-default capabilities',
      detail: 'container "a" must not include "NET_RAW" in securityContext.capabilities.add',
    },
  },
];

describe('capabilities_baseline', () => {
  it.each(cases)('$name', (row) => {
    expect(runCheck(capabilitiesBaselineCheck, row)).toEqual(row.expected);
  });
});
