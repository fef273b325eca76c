import { describe, expect, it } from 'vitest';
import type { CheckCase } from './check-testing.js';
import { container, runCheck } from './check-testing.js';
import { seLinuxOptionsCheck } from './se-linux-options.js';

const ok = ['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'].map(
  (type, i) => container('abcd'[i]!, { seLinuxOptions: { type } }),
);
const bad = [
  container('e', { seLinuxOptions: { type: 'bar' } }),
  container('f', { seLinuxOptions: { user: 'bar' } }),
  container('g', { seLinuxOptions: { role: 'baz' } }),
];
const podBad = { seLinuxOptions: { type: 'foo', user: 'bar', role: 'baz' } };
const reason = 'seLinuxOptions';

// Upstream's TestSELinuxOptions, at 1.31 (where container_engine_t became allowed).
const cases: CheckCase[] = [
  {
    name: 'invalid pod and containers',
    spec: { securityContext: podBad, containers: [...ok, ...bad] },
    expected: {
      reason,
      detail:
        'pod and containers "e", "f", "g" set forbidden securityContext.seLinuxOptions: types "bar", "foo"; user may not be set; role may not be set',
    },
  },
  {
    name: 'invalid pod',
    spec: { securityContext: podBad, containers: ok },
    expected: {
      reason,
      detail:
        'pod set forbidden securityContext.seLinuxOptions: type "foo"; user may not be set; role may not be set',
    },
  },
  {
    name: 'invalid containers',
    spec: { securityContext: { seLinuxOptions: {} }, containers: [...ok, ...bad] },
    expected: {
      reason,
      detail:
        'containers "e", "f", "g" set forbidden securityContext.seLinuxOptions: type "bar"; user may not be set; role may not be set',
    },
  },
  {
    name: 'bad type',
    spec: { securityContext: { seLinuxOptions: { type: 'bad' } } },
    expected: { reason, detail: 'pod set forbidden securityContext.seLinuxOptions: type "bad"' },
  },
  {
    name: 'bad user',
    spec: { securityContext: { seLinuxOptions: { user: 'bad' } } },
    expected: {
      reason,
      detail: 'pod set forbidden securityContext.seLinuxOptions: user may not be set',
    },
  },
  {
    name: 'bad role',
    spec: { securityContext: { seLinuxOptions: { role: 'bad' } } },
    expected: {
      reason,
      detail: 'pod set forbidden securityContext.seLinuxOptions: role may not be set',
    },
  },
  {
    name: 'allowed types and a level',
    spec: { securityContext: { seLinuxOptions: { level: 's0:c1' } }, containers: ok },
  },
  {
    name: 'container_engine_t is forbidden before 1.31',
    version: 30,
    spec: { containers: [container('d', { seLinuxOptions: { type: 'container_engine_t' } })] },
    expected: {
      reason,
      detail:
        'container "d" set forbidden securityContext.seLinuxOptions: type "container_engine_t"',
    },
  },
];

describe('seLinuxOptions', () => {
  it.each(cases)('$name', (row) => {
    expect(runCheck(seLinuxOptionsCheck, row)).toEqual(row.expected);
  });
});
