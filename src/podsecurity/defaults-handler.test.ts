import fastJsonPatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import type { AdmissionRequest } from '../admission/review.js';
import { createStaticNamespaceLookup } from '../kube/namespaces.js';
import { baselinePod, podRequest, testContext } from './admission-testing.js';
import { PodSecurityConfigSchema } from './config.js';
import { createPodSecurityDefaultsHandler } from './defaults-handler.js';

const namespaces = createStaticNamespaceLookup({
  team: { 'gangway.io/pod-security-defaults': 'restricted' },
  plain: {},
  optout: { 'gangway.io/pod-security-defaults': 'disabled' },
});
const handlerWith = (config: unknown = {}) =>
  createPodSecurityDefaultsHandler({ namespaces, config: PodSecurityConfigSchema.parse(config) });
const decide = (request: AdmissionRequest, config?: unknown) =>
  handlerWith(config).handle(request, testContext);

describe('createPodSecurityDefaultsHandler', () => {
  it('patches a pod in an opted-in namespace, keeping what it does not touch', async () => {
    const pod = baselinePod();
    pod['metadata'] = { name: 'web', labels: { app: 'web' } };
    (pod['spec'] as { containers: Record<string, unknown>[] }).containers[0]!['env'] = [
      { name: 'A', value: '1' },
    ];
    const decision = await decide(podRequest(pod, { namespace: 'team' }));
    expect(decision).toMatchObject({ allowed: true, reasonCode: 'pod-security:defaulted' });
    const patched = fastJsonPatch.applyPatch(structuredClone(pod), [
      ...(decision.patch ?? []),
    ]).newDocument;
    expect(patched['spec']).toMatchObject({
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'app',
          env: [{ name: 'A', value: '1' }],
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        },
      ],
    });
    expect(patched['metadata']).toMatchObject({
      labels: { app: 'web' },
      annotations: { 'gangway.io/pod-security-defaulted': expect.any(String) },
    });
    expect(decision.warnings?.[0]).toMatch(/^gangway set Pod Security secure defaults/);
    expect(decision.warnings?.[1]).toMatch(
      /^container "app" was not given securityContext.runAsNonRoot=true/,
    );
  });

  it('leaves pods alone unless the namespace opts in or the config is cluster-wide', async () => {
    expect((await decide(podRequest(baselinePod(), { namespace: 'plain' }))).reasonCode).toBe(
      'pod-security:defaults-skipped',
    );
    const clusterWide = { secureDefaults: { clusterWide: true } };
    expect(
      (await decide(podRequest(baselinePod(), { namespace: 'plain' }), clusterWide)).patch,
    ).toBeDefined();
    expect(
      (await decide(podRequest(baselinePod(), { namespace: 'optout' }), clusterWide)).patch,
    ).toBeUndefined();
  });

  it('skips updates, other kinds, exempt requests and unusable pods', async () => {
    const skipped = async (request: AdmissionRequest, config?: unknown) =>
      expect((await decide(request, config)).reasonCode).toBe('pod-security:defaults-skipped');
    await skipped(
      podRequest(baselinePod(), {
        namespace: 'team',
        operation: 'UPDATE',
        oldObject: baselinePod(),
      }),
    );
    await skipped({
      ...podRequest(baselinePod(), { namespace: 'team' }),
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
    });
    await skipped(podRequest(baselinePod(), { namespace: 'team' }), {
      exemptions: { namespaces: ['team'] },
    });
    await skipped(podRequest(baselinePod(), { namespace: 'team' }), {
      exemptions: { usernames: ['alice'] },
    });
    await skipped(podRequest({ spec: { containers: null } }, { namespace: 'team' }));
  });

  it('returns no patch for a pod that already has every default', async () => {
    const first = await decide(podRequest(baselinePod(), { namespace: 'team' }));
    const defaulted = fastJsonPatch.applyPatch(baselinePod(), [...(first.patch ?? [])]).newDocument;
    const second = await decide(podRequest(defaulted, { namespace: 'team' }));
    expect(second.patch).toBeUndefined();
  });
});
