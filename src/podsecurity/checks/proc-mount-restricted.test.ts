import { describe, expect, it } from 'vitest';
import type { CheckCase } from './check-testing.js';
import { runCheck } from './check-testing.js';
import { procMountRestrictedCheck } from './proc-mount-restricted.js';

const containers = [
  { name: 'c', securityContext: { procMount: 'Default' } },
  { name: 'd', securityContext: { procMount: 'Unmasked' } },
];
const expected = {
  reason: 'procMount',
  detail: 'container "d" must not set securityContext.procMount to "Unmasked"',
};

// Upstream TestProcMountRestricted: forbidden whatever hostUsers says.
const cases: CheckCase[] = [
  { name: 'Default is allowed', spec: { containers: containers.slice(0, 1), hostUsers: false } },
  { name: 'hostUsers true', spec: { containers, hostUsers: true }, expected },
  { name: 'hostUsers false', spec: { containers, hostUsers: false }, expected },
  { name: 'does not exist before 1.35', version: 34, spec: { containers } },
];

describe('procMount_restricted', () => {
  it.each(cases)('$name', (row) => {
    expect(runCheck(procMountRestrictedCheck, row)).toEqual(row.expected);
  });
  it('overrides the baseline procMount check', () => {
    expect(procMountRestrictedCheck.versions.map((v) => v.overrides)).toEqual([['procMount']]);
  });
});
