import { describe, expect, it } from 'vitest';
import type { CheckCase } from './check-testing.js';
import { container, runCheck } from './check-testing.js';
import { seccompProfileBaselineCheck } from './seccomp-profile-baseline.js';

const POD = 'seccomp.security.alpha.kubernetes.io/pod';
const C = 'container.seccomp.security.alpha.kubernetes.io/';
const abc = [container('a'), container('b'), container('c')];
const profile = (type: string) => ({ seccompProfile: { type } });
const invalidContainers = [
  container('a'),
  container('b', {}),
  container('c', profile('Unconfined')),
  container('d', profile('Unconfined')),
  container('e', profile('RuntimeDefault')),
  container('f', profile('RuntimeDefault')),
];
const reason = 'seccompProfile';

const cases: CheckCase[] = [
  // Upstream TestSeccompProfileBaseline_1_0: annotations before 1.19.
  {
    name: '1.0: pod annotation invalid',
    version: 0,
    spec: {},
    annotations: { [POD]: 'unconfined' },
    expected: { reason, detail: `forbidden annotation ${POD}="unconfined"` },
  },
  {
    name: '1.0: container annotations invalid',
    version: 0,
    spec: { containers: abc },
    annotations: { [`${C}a`]: 'unconfined', [`${C}b`]: 'unknown' },
    expected: { reason, detail: `forbidden annotations ${C}a="unconfined", ${C}b="unknown"` },
  },
  {
    name: '1.0: pod and container annotations invalid, sorted',
    version: 18,
    spec: { containers: abc },
    annotations: { [POD]: 'unconfined', [`${C}a`]: 'unconfined', [`${C}b`]: 'unknown' },
    expected: {
      reason,
      detail: `forbidden annotations ${C}a="unconfined", ${C}b="unknown", ${POD}="unconfined"`,
    },
  },
  {
    name: '1.0: allowed annotation values; annotations of unknown containers are ignored',
    version: 0,
    spec: { containers: abc },
    annotations: {
      [POD]: 'runtime/default',
      [`${C}a`]: 'docker/default',
      [`${C}b`]: 'localhost/x',
      [`${C}z`]: 'unconfined',
    },
  },
  {
    name: '1.0: the field is not read',
    version: 0,
    spec: { securityContext: profile('Unconfined') },
  },
  // Upstream TestSeccompProfileBaseline_1_19: the field from 1.19.
  {
    name: '1.19: pod seccomp invalid',
    spec: { securityContext: profile('Unconfined'), containers: [container('a')] },
    expected: {
      reason,
      detail: 'pod must not set securityContext.seccompProfile.type to "Unconfined"',
    },
  },
  {
    name: '1.19: containers seccomp invalid',
    spec: { securityContext: profile('RuntimeDefault'), containers: invalidContainers },
    expected: {
      reason,
      detail:
        'containers "c", "d" must not set securityContext.seccompProfile.type to "Unconfined"',
    },
  },
  {
    name: '1.19: pod and containers seccomp invalid',
    spec: { securityContext: profile('Unconfined'), containers: invalidContainers },
    expected: {
      reason,
      detail:
        'pod and containers "c", "d" must not set securityContext.seccompProfile.type to "Unconfined"',
    },
  },
  { name: '1.19: unset is allowed at baseline', spec: { containers: [container('a')] } },
  { name: '1.19: annotations are no longer read', spec: {}, annotations: { [POD]: 'unconfined' } },
];

describe('seccompProfile_baseline', () => {
  it.each(cases)('$name', (row) => {
    expect(runCheck(seccompProfileBaselineCheck, row)).toEqual(row.expected);
  });
});
