import { describe, expect, it } from 'vitest';
import { appArmorProfileCheck } from './app-armor-profile.js';
import type { CheckCase } from './check-testing.js';
import { container, runCheck } from './check-testing.js';

const AA = 'container.apparmor.security.beta.kubernetes.io/';
const profile = (type: string) => ({ appArmorProfile: { type } });

// Upstream TestCheckAppArmor_Allowed and _Forbidden.
const cases: CheckCase[] = [
  {
    name: 'runtime/default annotation',
    spec: {},
    annotations: { [`${AA}test`]: 'runtime/default', env: 'prod' },
  },
  {
    name: 'localhost annotation',
    spec: {},
    annotations: { [`${AA}test`]: 'localhost/sec-profile01', env: 'dev' },
  },
  { name: 'no AppArmor annotations', spec: {}, annotations: { env: 'dev' } },
  { name: 'no annotations', spec: {} },
  { name: 'pod RuntimeDefault', spec: { securityContext: profile('RuntimeDefault') } },
  {
    name: 'container RuntimeDefault',
    spec: { containers: [container('foo', profile('RuntimeDefault'))] },
  },
  {
    name: 'unconfined pod',
    spec: { securityContext: profile('Unconfined') },
    expected: {
      reason: 'forbidden AppArmor profile',
      detail: 'pod must not set AppArmor profile type to "Unconfined"',
    },
  },
  {
    name: 'unconfined container',
    spec: {
      securityContext: profile('RuntimeDefault'),
      containers: [container('foo', profile('Unconfined'))],
    },
    expected: {
      reason: 'forbidden AppArmor profile',
      detail: 'container "foo" must not set AppArmor profile type to "Unconfined"',
    },
  },
  {
    name: 'unconfined init container',
    spec: {
      securityContext: profile('RuntimeDefault'),
      containers: [container('foo')],
      initContainers: [container('bar', profile('Unconfined'))],
    },
    expected: {
      reason: 'forbidden AppArmor profile',
      detail: 'container "bar" must not set AppArmor profile type to "Unconfined"',
    },
  },
  {
    name: 'multiple annotations, sorted and Go-quoted',
    spec: {},
    annotations: {
      [AA]: 'bogus',
      [`${AA}a`]: '',
      [`${AA}b`]: 'runtime/default',
      [`${AA}c`]: 'localhost/',
      [`${AA}d`]: 'localhost/foo',
      [`${AA}e`]: 'unconfined',
      [`${AA}f`]: 'unknown',
    },
    expected: {
      reason: 'forbidden AppArmor profiles',
      detail: `annotations must not set AppArmor profile type to "${AA}="bogus"", "${AA}e="unconfined"", "${AA}f="unknown""`,
    },
  },
  {
    name: 'pod field and annotation together',
    spec: { securityContext: profile('Unconfined') },
    annotations: { [`${AA}app`]: 'unconfined' },
    expected: {
      reason: 'forbidden AppArmor profiles',
      detail: `pod and annotation must not set AppArmor profile type to "Unconfined", "${AA}app="unconfined""`,
    },
  },
];

describe('appArmorProfile', () => {
  it.each(cases)('$name', (row) => {
    expect(runCheck(appArmorProfileCheck, row)).toEqual(row.expected);
  });
});
