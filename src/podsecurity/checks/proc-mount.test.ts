import { describe, expect, it } from 'vitest';
import type { CheckCase } from './check-testing.js';
import { runCheck } from './check-testing.js';
import { procMountCheck } from './proc-mount.js';

const containers = [
  { name: 'a' },
  { name: 'b', securityContext: {} },
  { name: 'c', securityContext: { procMount: 'Default' } },
  { name: 'd', securityContext: { procMount: 'Unmasked' } },
  { name: 'e', securityContext: { procMount: 'other' } },
];
const expected = {
  reason: 'procMount',
  detail: 'containers "d", "e" must not set securityContext.procMount to "Unmasked", "other"',
};

// Upstream TestProcMountBaseline, and the 1.0 revision that never relaxed.
const cases: CheckCase[] = [
  {
    name: 'Default only',
    spec: { containers: [{ name: 'a', securityContext: { procMount: 'Default' } }] },
  },
  { name: 'forbidden types', spec: { containers, hostUsers: true }, expected },
  { name: 'user namespace relaxes from 1.35', version: 35, spec: { containers, hostUsers: false } },
  {
    name: 'user namespace not relaxed before 1.35',
    version: 34,
    spec: { containers, hostUsers: false },
    expected,
  },
  { name: 'hostUsers unset is not a user namespace', version: 35, spec: { containers }, expected },
];

describe('procMount', () => {
  it.each(cases)('$name', (row) => {
    expect(runCheck(procMountCheck, row)).toEqual(row.expected);
  });
});
