import { describe, expect, it } from 'vitest';
import type { PodSpecInput } from './pod-spec.js';
import { PodSecurityObjectSchema, applyApiServerDefaults } from './pod-spec.js';

describe('applyApiServerDefaults', () => {
  it('turns a volume with no source into an emptyDir and leaves the rest as they are', () => {
    const spec = {
      containers: [],
      volumes: [
        { name: 'a' },
        { name: 'b', secret: { secretName: 's' } },
        { name: 'c', hostPath: null },
      ],
    };
    const defaulted = applyApiServerDefaults(spec);
    expect(defaulted.volumes).toEqual([
      { name: 'a', emptyDir: {} },
      { name: 'b', secret: { secretName: 's' } },
      { name: 'c', hostPath: null, emptyDir: {} },
    ]);
    expect(spec.volumes[0]).toEqual({ name: 'a' });
  });

  it('returns the same spec when nothing needs defaulting', () => {
    const spec = {
      containers: [],
      volumes: [{ name: 'a', emptyDir: {} }],
    } as unknown as PodSpecInput;
    expect(applyApiServerDefaults(spec)).toBe(spec);
  });
});

describe('PodSecurityObjectSchema', () => {
  it('keeps fields it does not know', () => {
    const pod = {
      metadata: { name: 'p', labels: { a: 'b' } },
      spec: { containers: [{ name: 'c', env: [{ name: 'X' }] }], dnsPolicy: 'None' },
    };
    expect(PodSecurityObjectSchema.parse(pod)).toEqual(pod);
  });
});
