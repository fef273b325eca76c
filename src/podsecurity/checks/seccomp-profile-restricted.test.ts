import { describe, expect, it } from 'vitest';
import type { CheckCase } from './check-testing.js';
import { container, runCheck } from './check-testing.js';
import { seccompProfileRestrictedCheck } from './seccomp-profile-restricted.js';

const profile = (type: string) => ({ seccompProfile: { type } });
const reason = 'seccompProfile';
const noExplicit = {
  reason,
  detail:
    'pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
};

// Upstream TestSeccompProfileRestricted_1_19 and _1_25.
const cases: CheckCase[] = [
  { name: 'no explicit seccomp', spec: { containers: [container('a')] }, expected: noExplicit },
  {
    name: 'no explicit seccomp, windows pod (1.25)',
    spec: { os: { name: 'windows' }, containers: [container('a')] },
  },
  {
    name: 'no explicit seccomp, windows pod before 1.25',
    version: 24,
    spec: { os: { name: 'windows' }, containers: [container('a')] },
    expected: noExplicit,
  },
  {
    name: 'no explicit seccomp, linux pod',
    spec: { os: { name: 'linux' }, containers: [container('a')] },
    expected: noExplicit,
  },
  {
    name: 'pod seccomp invalid',
    spec: { securityContext: profile('Unconfined'), containers: [container('a')] },
    expected: {
      reason,
      detail: 'pod must not set securityContext.seccompProfile.type to "Unconfined"',
    },
  },
  {
    name: 'containers seccomp invalid',
    spec: {
      securityContext: profile('RuntimeDefault'),
      containers: [
        container('a'),
        container('b', {}),
        container('c', profile('Unconfined')),
        container('d', profile('Unconfined')),
        container('e', profile('RuntimeDefault')),
        container('f', profile('RuntimeDefault')),
      ],
    },
    expected: {
      reason,
      detail:
        'containers "c", "d" must not set securityContext.seccompProfile.type to "Unconfined"',
    },
  },
  {
    name: 'pod nil, container fallthrough',
    spec: {
      containers: [
        container('a'),
        container('b', {}),
        container('d', profile('RuntimeDefault')),
        container('e', profile('RuntimeDefault')),
      ],
    },
    expected: {
      reason,
      detail:
        'pod or containers "a", "b" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
    },
  },
  {
    name: 'pod RuntimeDefault covers containers',
    spec: { securityContext: profile('RuntimeDefault'), containers: [container('a')] },
  },
  {
    name: 'Localhost on every container',
    spec: { containers: [container('a', profile('Localhost'))] },
  },
  { name: 'does not exist before 1.19', version: 18, spec: { containers: [container('a')] } },
];

describe('seccompProfile_restricted', () => {
  it.each(cases)('$name', (row) => {
    expect(runCheck(seccompProfileRestrictedCheck, row)).toEqual(row.expected);
  });
});
