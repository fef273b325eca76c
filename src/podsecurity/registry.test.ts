import { describe, expect, it } from 'vitest';
import type { CheckDefinition } from './check.js';
import { DEFAULT_CHECKS } from './checks/index.js';
import { defaultRegistry } from './evaluate.js';
import { buildCheckRegistry } from './registry.js';

const ids = (level: 'baseline' | 'restricted', version: number | 'latest') =>
  defaultRegistry.checksFor(level, version).map((c) => c.id);

describe('the default registry', () => {
  it('knows policy versions up to v1.37 (the sysctls change), which latest resolves to', () => {
    expect(defaultRegistry.maxVersion).toBe(37);
    expect(ids('restricted', 'latest')).toEqual(ids('restricted', 37));
    expect(defaultRegistry.checksFor('restricted', 'latest')).toBe(
      defaultRegistry.checksFor('restricted', 37),
    );
  });

  it('evaluates a version newer than the newest change as the newest', () => {
    expect(defaultRegistry.checksFor('baseline', 40)).toBe(
      defaultRegistry.checksFor('baseline', 37),
    );
  });

  it('has no checks for privileged', () => {
    expect(ids('privileged' as 'baseline', 'latest')).toEqual([]);
  });

  it('orders baseline checks by id, as upstream', () => {
    expect(ids('baseline', 'latest')).toEqual([
      'appArmorProfile',
      'capabilities_baseline',
      'hostNamespaces',
      'hostPathVolumes',
      'hostPorts',
      'hostProbesAndHostLifecycle',
      'privileged',
      'procMount',
      'seLinuxOptions',
      'seccompProfile_baseline',
      'sysctls',
      'windowsHostProcess',
    ]);
  });

  it('runs baseline checks not overridden, then restricted checks, at latest', () => {
    expect(ids('restricted', 'latest')).toEqual([
      'appArmorProfile',
      'hostNamespaces',
      'hostPorts',
      'hostProbesAndHostLifecycle',
      'privileged',
      'seLinuxOptions',
      'sysctls',
      'windowsHostProcess',
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'procMount_restricted',
      'restrictedVolumes',
      'runAsNonRoot',
      'runAsUser',
      'seccompProfile_restricted',
    ]);
  });

  it('adds and overrides checks at the versions they changed in', () => {
    expect(ids('restricted', 0)).toEqual([
      'appArmorProfile',
      'capabilities_baseline',
      'hostNamespaces',
      'hostPorts',
      'privileged',
      'procMount',
      'seLinuxOptions',
      'seccompProfile_baseline',
      'sysctls',
      'windowsHostProcess',
      'restrictedVolumes',
      'runAsNonRoot',
    ]);
    expect(ids('restricted', 8)).toContain('allowPrivilegeEscalation');
    expect(ids('restricted', 19)).not.toContain('seccompProfile_baseline');
    expect(ids('restricted', 22)).not.toContain('capabilities_baseline');
    expect(ids('restricted', 23)).toContain('runAsUser');
    expect(ids('baseline', 33)).not.toContain('hostProbesAndHostLifecycle');
    expect(ids('baseline', 34)).toContain('hostProbesAndHostLifecycle');
    expect(ids('restricted', 34)).toContain('procMount');
    expect(ids('restricted', 35)).not.toContain('procMount');
    expect(ids('baseline', 35)).toContain('procMount');
  });

  it('registers all 19 upstream checks', () => {
    expect(DEFAULT_CHECKS).toHaveLength(19);
  });
});

describe('buildCheckRegistry', () => {
  const check = (
    id: string,
    level: 'baseline' | 'restricted',
    versions: CheckDefinition['versions'],
  ) => ({ id, level, versions }) as CheckDefinition;
  const ok = () => undefined;

  it('refuses duplicate ids, unordered versions and overrides that are not restricted-over-baseline', () => {
    const a = check('privileged', 'baseline', [{ minVersion: 0, check: ok }]);
    expect(() => buildCheckRegistry([a, a])).toThrow(
      'multiple checks registered for ID privileged',
    );
    const unordered = check('sysctls', 'baseline', [
      { minVersion: 5, check: ok },
      { minVersion: 5, check: ok },
    ]);
    expect(() => buildCheckRegistry([unordered])).toThrow('strictly increasing');
    const baselineOverride = check('procMount', 'baseline', [
      { minVersion: 0, check: ok, overrides: ['privileged'] },
    ]);
    expect(() => buildCheckRegistry([a, baselineOverride])).toThrow(
      'only restricted checks may set overrides',
    );
    const r1 = check('runAsUser', 'restricted', [{ minVersion: 0, check: ok }]);
    const r2 = check('runAsNonRoot', 'restricted', [
      { minVersion: 0, check: ok, overrides: ['runAsUser'] },
    ]);
    expect(() => buildCheckRegistry([r1, r2])).toThrow('overrides restricted check runAsUser');
  });
});
