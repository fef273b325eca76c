import { describe, expect, it } from 'vitest';
import { PodSecurityConfigSchema, defaultPolicyOf } from './config.js';

describe('PodSecurityConfigSchema', () => {
  it('defaults to privileged everywhere, nothing exempt, secure defaults opt-in', () => {
    const config = PodSecurityConfigSchema.parse({});
    expect(config).toEqual({
      defaults: {
        enforce: 'privileged',
        enforceVersion: 'latest',
        audit: 'privileged',
        auditVersion: 'latest',
        warn: 'privileged',
        warnVersion: 'latest',
      },
      exemptions: { usernames: [], namespaces: [], runtimeClassNames: [] },
      secureDefaults: { clusterWide: false, nonRootImages: [] },
      unknownNamespace: 'error',
    });
    expect(defaultPolicyOf(config).enforce).toEqual({ level: 'privileged', version: 'latest' });
  });

  it('turns the defaults into a policy', () => {
    const config = PodSecurityConfigSchema.parse({
      defaults: { enforce: 'baseline', enforceVersion: 'v1.30', warn: 'restricted' },
    });
    expect(defaultPolicyOf(config)).toEqual({
      enforce: { level: 'baseline', version: 30 },
      audit: { level: 'privileged', version: 'latest' },
      warn: { level: 'restricted', version: 'latest' },
    });
  });

  it.each([
    [{ defaults: { enforce: 'strict' } }, 'defaults.enforce'],
    [{ defaults: { warnVersion: 'v2' } }, 'defaults.warnVersion'],
    [{ exemptions: { namespace: ['typo'] } }, 'exemptions'],
    [{ exemptions: { usernames: [''] } }, 'exemptions.usernames.0'],
    [{ unknownNamespace: 'allow' }, 'unknownNamespace'],
  ])('refuses %j at %s', (input, path) => {
    const result = PodSecurityConfigSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});
