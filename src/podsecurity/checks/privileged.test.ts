import { describe, expect, it } from 'vitest';
import type { CheckCase } from './check-testing.js';
import { container, runCheck } from './check-testing.js';
import { privilegedCheck } from './privileged.js';

const cases: CheckCase[] = [
  { name: 'no security context', spec: { containers: [container('a')] } },
  { name: 'privileged false', spec: { containers: [container('a', { privileged: false })] } },
  {
    name: 'multiple containers (upstream TestPrivileged)',
    spec: {
      containers: [
        container('a'),
        container('b', {}),
        container('c', { privileged: false }),
        container('d', { privileged: true }),
        container('e', { privileged: true }),
      ],
    },
    expected: {
      reason: 'privileged',
      detail: 'containers "d", "e" must not set securityContext.privileged=true',
    },
  },
  {
    name: 'init and ephemeral containers are checked, in that order',
    spec: {
      containers: [container('app')],
      initContainers: [container('init', { privileged: true })],
      ephemeralContainers: [container('debug', { privileged: true })],
    },
    expected: {
      reason: 'privileged',
      detail: 'containers "init", "debug" must not set securityContext.privileged=true',
    },
  },
];

describe('privileged', () => {
  it.each(cases)('$name', (row) => {
    expect(runCheck(privilegedCheck, row)).toEqual(row.expected);
  });
});
