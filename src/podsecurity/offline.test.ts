import { describe, expect, it } from 'vitest';
import { baselinePod, restrictedPod } from './admission-testing.js';
import { evaluateManifests } from './offline.js';

const restricted30 = { level: 'restricted', version: 30 } as const;

describe('evaluateManifests', () => {
  it('evaluates Pods and workload templates, skipping other documents', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'team' },
      spec: { template: { spec: baselinePod()['spec'] as object } },
    };
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: { jobTemplate: { spec: { template: { spec: restrictedPod()['spec'] } } } },
    };
    const results = evaluateManifests(
      [
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } },
        restrictedPod('ok'),
        deployment,
        cronJob,
        null,
      ],
      restricted30,
    );
    expect(results.map((r) => [r.index, r.kind, r.name, r.path, r.outcome])).toEqual([
      [1, 'Pod', 'ok', 'spec', 'allowed'],
      [2, 'Deployment', 'web', 'spec.template.spec', 'violations'],
      [3, 'CronJob', 'nightly', 'spec.jobTemplate.spec.template.spec', 'allowed'],
    ]);
    expect(results[1]?.namespace).toBe('team');
    expect(results[1]?.message).toMatch(
      /^violates PodSecurity "restricted:v1.30": allowPrivilegeEscalation != false/,
    );
    expect(results[1]?.violations.map((v) => v.checkId)).toEqual([
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'runAsNonRoot',
      'seccompProfile_restricted',
    ]);
  });

  it('applies the API server defaulting raw manifests lack (a volume with no source is an emptyDir)', () => {
    const pod = restrictedPod();
    (pod['spec'] as Record<string, unknown>)['volumes'] = [{ name: 'scratch' }];
    expect(evaluateManifests([pod], restricted30)[0]?.outcome).toBe('allowed');
  });

  it('reports an unusable pod as invalid with the path of the bad field', () => {
    const [result] = evaluateManifests(
      [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: null } }],
      restricted30,
    );
    expect(result).toMatchObject({ outcome: 'invalid', path: 'spec.containers' });
    expect(result?.message).toContain('spec.containers');
  });
});
