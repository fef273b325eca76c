import { describe, expect, it } from 'vitest';
import type { CheckCase } from './check-testing.js';
import { container, runCheck } from './check-testing.js';
import { runAsUserCheck } from './run-as-user.js';

// Upstream TestRunAsUser (1.35 revision), plus the version boundaries.
const cases: CheckCase[] = [
  {
    name: 'pod runAsUser=0',
    spec: { securityContext: { runAsUser: 0 }, containers: [container('a')] },
    expected: { reason: 'runAsUser=0', detail: 'pod must not set runAsUser=0' },
  },
  {
    name: 'pod runAsUser=non-zero',
    spec: { securityContext: { runAsUser: 1000 }, containers: [container('a')] },
  },
  { name: 'pod runAsUser=nil', spec: { securityContext: {}, containers: [container('a')] } },
  {
    name: 'containers runAsUser=0',
    spec: {
      securityContext: { runAsUser: 1000 },
      containers: [
        container('a'),
        container('b', {}),
        container('c', { runAsUser: 0 }),
        container('d', { runAsUser: 0 }),
        container('e', { runAsUser: 1 }),
        container('f', { runAsUser: 1 }),
      ],
    },
    expected: { reason: 'runAsUser=0', detail: 'containers "c", "d" must not set runAsUser=0' },
  },
  {
    name: 'pod and container runAsUser=0',
    spec: { securityContext: { runAsUser: 0 }, containers: [container('c', { runAsUser: 0 })] },
    expected: { reason: 'runAsUser=0', detail: 'pod and container "c" must not set runAsUser=0' },
  },
  {
    name: 'host users false allowed',
    spec: { hostUsers: false, securityContext: { runAsUser: 0 } },
  },
  {
    name: 'host users false not relaxed before 1.35',
    version: 34,
    spec: { hostUsers: false, securityContext: { runAsUser: 0 } },
    expected: { reason: 'runAsUser=0', detail: 'pod must not set runAsUser=0' },
  },
  { name: 'does not exist before 1.23', version: 22, spec: { securityContext: { runAsUser: 0 } } },
];

describe('runAsUser', () => {
  it.each(cases)('$name', (row) => {
    expect(runCheck(runAsUserCheck, row)).toEqual(row.expected);
  });
});
