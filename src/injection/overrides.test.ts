import { describe, expect, it } from 'vitest';
import type { Container } from '../kube/types.js';
import { mergeContainerOverride } from './overrides.js';

const template: Container = {
  name: 'gangway-proxy',
  image: 'proxy:1',
  args: ['agent', '--log-level', 'warning'],
  env: [
    { name: 'A', value: '1' },
    { name: 'B', value: '2' },
  ],
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2' } },
  restartPolicy: 'Always',
};

describe('mergeContainerOverride', () => {
  it('merges objects deeply, env by name, replaces the rest, keeps name and restartPolicy', () => {
    const merged = mergeContainerOverride(template, {
      name: 'gangway-proxy',
      image: 'proxy:debug',
      args: ['agent'],
      env: [
        { name: 'B', value: 'two' },
        { name: 'C', value: '3' },
      ],
      resources: { requests: { cpu: '1' } },
      restartPolicy: 'Never',
    });
    expect(merged).toEqual({
      name: 'gangway-proxy',
      image: 'proxy:debug',
      args: ['agent'],
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: 'two' },
        { name: 'C', value: '3' },
      ],
      resources: { requests: { cpu: '1', memory: '128Mi' }, limits: { cpu: '2' } },
      restartPolicy: 'Always',
    });
  });

  it('does not share objects with its inputs', () => {
    const override: Container = { name: 'gangway-proxy', resources: { limits: { cpu: '1' } } };
    const merged = mergeContainerOverride(template, override);
    (merged['resources'] as { limits: { cpu: string } }).limits.cpu = 'changed';
    expect(override['resources']).toEqual({ limits: { cpu: '1' } });
    expect(template['resources']).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '2' },
    });
  });
});
