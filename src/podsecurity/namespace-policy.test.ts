import { describe, expect, it } from 'vitest';
import type { Policy } from './namespace-policy.js';
import {
  equivalentPolicies,
  formatLabelErrors,
  isFullyPrivileged,
  resolveNamespacePolicy,
} from './namespace-policy.js';

const P = 'pod-security.kubernetes.io/';
const defaults: Policy = {
  enforce: { level: 'baseline', version: 'latest' },
  audit: { level: 'privileged', version: 'latest' },
  warn: { level: 'restricted', version: 28 },
};

describe('resolveNamespacePolicy', () => {
  it('uses the defaults for missing labels', () => {
    expect(resolveNamespacePolicy(undefined, defaults)).toEqual({ policy: defaults, errors: [] });
    expect(resolveNamespacePolicy({ [`${P}enforce`]: 'restricted' }, defaults).policy).toEqual({
      ...defaults,
      enforce: { level: 'restricted', version: 'latest' },
    });
  });

  it('reads every mode and version', () => {
    const labels = {
      [`${P}enforce`]: 'restricted',
      [`${P}enforce-version`]: 'v1.30',
      [`${P}audit`]: 'baseline',
      [`${P}audit-version`]: 'v1.0',
      [`${P}warn`]: 'privileged',
      [`${P}warn-version`]: 'latest',
    };
    expect(resolveNamespacePolicy(labels, defaults)).toEqual({
      policy: {
        enforce: { level: 'restricted', version: 30 },
        audit: { level: 'baseline', version: 0 },
        warn: { level: 'privileged', version: 'latest' },
      },
      errors: [],
    });
  });

  it('fails closed on an unknown enforce level and a malformed version: restricted:latest', () => {
    const resolved = resolveNamespacePolicy(
      { [`${P}enforce`]: 'strict', [`${P}enforce-version`]: 'v1.x' },
      defaults,
    );
    expect(resolved.policy.enforce).toEqual({ level: 'restricted', version: 'latest' });
    expect(formatLabelErrors(resolved.errors)).toBe(
      `[metadata.labels[${P}enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted, metadata.labels[${P}enforce-version]: Invalid value: "v1.x": must be "latest" or "v1.x"]`,
    );
  });

  it('fails open on an unknown audit or warn level', () => {
    const resolved = resolveNamespacePolicy(
      { [`${P}audit`]: 'loud', [`${P}warn`]: 'loud' },
      defaults,
    );
    expect(resolved.policy.audit.level).toBe('privileged');
    expect(resolved.policy.warn.level).toBe('privileged');
    expect(formatLabelErrors(resolved.errors.slice(0, 1))).toBe(
      `metadata.labels[${P}audit]: Invalid value: "loud": must be one of privileged, baseline, restricted`,
    );
  });
});

describe('policy predicates', () => {
  it('treats privileged as the same policy at every version', () => {
    const privileged: Policy = {
      enforce: { level: 'privileged', version: 3 },
      audit: { level: 'privileged', version: 'latest' },
      warn: { level: 'privileged', version: 30 },
    };
    expect(isFullyPrivileged(privileged)).toBe(true);
    expect(
      equivalentPolicies(privileged, {
        ...privileged,
        enforce: { level: 'privileged', version: 'latest' },
      }),
    ).toBe(true);
    expect(
      equivalentPolicies(defaults, { ...defaults, warn: { level: 'restricted', version: 29 } }),
    ).toBe(false);
  });
});
