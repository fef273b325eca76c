import { describe, expect, it } from 'vitest';
import { createStaticNamespaceLookup } from '../kube/namespaces.js';
import type { AdmissionRequest } from '../admission/review.js';
import { baselinePod, restrictedPod, testContext, workloadRequest } from './admission-testing.js';
import { PodSecurityConfigSchema } from './config.js';
import { createPodSecurityHandler } from './handler.js';

const P = 'pod-security.kubernetes.io/';
const handler = createPodSecurityHandler({
  namespaces: createStaticNamespaceLookup({
    team: {
      [`${P}enforce`]: 'restricted',
      [`${P}warn`]: 'restricted',
      [`${P}audit`]: 'restricted',
    },
    quiet: { [`${P}enforce`]: 'restricted' },
  }),
  config: PodSecurityConfigSchema.parse({}),
});
const decide = (request: AdmissionRequest) => handler.handle(request, testContext);

const template = (pod: Record<string, unknown>) => ({
  metadata: { labels: { app: 'web' } },
  spec: pod['spec'],
});
const deployment = (pod: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: template(pod) },
});

describe('pod controllers', () => {
  it('claims every pod controller upstream checks, and no other kind', () => {
    for (const [group, kind] of [
      ['apps', 'Deployment'],
      ['apps', 'ReplicaSet'],
      ['apps', 'StatefulSet'],
      ['apps', 'DaemonSet'],
      ['batch', 'Job'],
      ['batch', 'CronJob'],
      ['', 'ReplicationController'],
      ['', 'PodTemplate'],
      ['', 'Pod'],
      ['', 'Namespace'],
    ]) {
      expect(handler.matches(group!, kind!), `${group}/${kind}`).toBe(true);
    }
    expect(handler.matches('apps', 'ControllerRevision')).toBe(false);
    expect(handler.matches('', 'Service')).toBe(false);
    expect(handler.matches('networking.k8s.io', 'Deployment')).toBe(false);
  });

  it('warns and audits a violating Deployment but never denies it', async () => {
    const decision = await decide(workloadRequest('Deployment', deployment(baselinePod())));
    expect(decision).toMatchObject({ allowed: true, reasonCode: 'pod-security:warned' });
    expect(decision.warnings).toHaveLength(1);
    expect(decision.warnings?.[0]).toMatch(
      /^would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false/,
    );
    expect(decision.auditAnnotations?.['audit-violations']).toBe(decision.warnings?.[0]);
    expect(decision.auditAnnotations?.['enforce-policy']).toBeUndefined();
  });

  it('says nothing when only enforce is set, since enforce does not apply to controllers', async () => {
    const decision = await decide(
      workloadRequest('Deployment', deployment(baselinePod()), { namespace: 'quiet' }),
    );
    expect(decision).toMatchObject({ allowed: true, reasonCode: 'pod-security:privileged' });
  });

  it('allows a compliant Deployment silently', async () => {
    const decision = await decide(workloadRequest('Deployment', deployment(restrictedPod())));
    expect(decision).toMatchObject({ allowed: true, reasonCode: 'pod-security:allowed' });
    expect(decision.warnings).toBeUndefined();
  });

  it('reads the CronJob template under spec.jobTemplate', async () => {
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: { schedule: '@daily', jobTemplate: { spec: { template: template(baselinePod()) } } },
    };
    const decision = await decide(workloadRequest('CronJob', cronJob));
    expect(decision.warnings?.[0]).toMatch(/^would violate PodSecurity "restricted:latest"/);
  });

  it('reads PodTemplate and ReplicationController templates', async () => {
    const core = (kind: string, resource: string, object: unknown): AdmissionRequest => ({
      ...workloadRequest(kind, object),
      kind: { group: '', version: 'v1', kind },
      resource: { group: '', version: 'v1', resource },
    });
    const podTemplate = {
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: { name: 't' },
      template: template(baselinePod()),
    };
    expect((await decide(core('PodTemplate', 'podtemplates', podTemplate))).warnings).toHaveLength(
      1,
    );
    const rc = {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'r' },
      spec: {},
    };
    expect(await decide(core('ReplicationController', 'replicationcontrollers', rc))).toMatchObject(
      {
        allowed: true,
        reasonCode: 'pod-security:no-template',
      },
    );
  });

  it('allows an unusable template, recording why in the audit log', async () => {
    const broken = {
      ...deployment(baselinePod()),
      spec: { template: { spec: { containers: null } } },
    };
    const decision = await decide(workloadRequest('Deployment', broken));
    expect(decision).toMatchObject({ allowed: true, reasonCode: 'pod-security:invalid-template' });
    expect(decision.auditAnnotations?.['error']).toMatch(
      /^failed to extract pod template: .*spec\.template\.spec\.containers/,
    );
  });

  it('ignores subresources such as scale and status, and a namespace it does not know', async () => {
    const status = await decide(
      workloadRequest('Deployment', deployment(baselinePod()), { subResource: 'status' }),
    );
    expect(status.reasonCode).toBe('pod-security:ignored-subresource');
    const ghost = await decide(
      workloadRequest('Deployment', deployment(baselinePod()), { namespace: 'ghost' }),
    );
    expect(ghost).toMatchObject({
      allowed: true,
      auditAnnotations: { error: 'failed to lookup namespace "ghost"' },
    });
  });
});
