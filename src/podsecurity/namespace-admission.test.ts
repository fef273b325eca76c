import { describe, expect, it } from 'vitest';
import { createStaticNamespaceLookup } from '../kube/namespaces.js';
import { createManualClock } from '../shared/clock.js';
import {
  baselinePod,
  namespaceRequest,
  privilegedPod,
  restrictedPod,
  testContext,
} from './admission-testing.js';
import { PodSecurityConfigSchema } from './config.js';
import { createPodSecurityHandler } from './handler.js';
import { NAMESPACE_MAX_PODS_TO_CHECK } from './namespace-pods.js';
import type { PodLister } from './runtime.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const VERSION = 'pod-security.kubernetes.io/enforce-version';

function handlerWith(
  pods: PodLister | undefined,
  config: unknown = {},
  clock = createManualClock(),
) {
  return createPodSecurityHandler({
    namespaces: createStaticNamespaceLookup({}),
    config: PodSecurityConfigSchema.parse(config),
    ...(pods ? { pods } : {}),
    clock,
  });
}

const listerOf = (pods: unknown[]): PodLister => ({ listPods: () => Promise.resolve(pods) });
const owned = (pod: Record<string, unknown>, uid: string) => ({
  ...pod,
  metadata: {
    ...(pod['metadata'] as object),
    ownerReferences: [{ uid, controller: true, kind: 'ReplicaSet', name: 'rs' }],
  },
});

describe('Namespaces: labels', () => {
  const handler = handlerWith(undefined);

  it('refuses invalid labels on create with upstream Invalid message (422)', async () => {
    const decision = await handler.handle(
      namespaceRequest('team', { [ENFORCE]: 'strict' }),
      testContext,
    );
    expect(decision).toMatchObject({ allowed: false, reasonCode: 'pod-security:invalid-labels' });
    expect(decision.status).toEqual({
      code: 422,
      reason: 'Invalid',
      message: `Namespace "team" is invalid: metadata.labels[${ENFORCE}]: Invalid value: "strict": must be one of privileged, baseline, restricted`,
    });
  });

  it('refuses newly invalid labels on update but lets unchanged invalid labels through', async () => {
    const broken = { [VERSION]: 'v1.x' };
    expect(
      (await handler.handle(namespaceRequest('team', broken, {}), testContext)).status?.code,
    ).toBe(422);
    const relabelled = { ...broken, owner: 'me' };
    expect(
      (await handler.handle(namespaceRequest('team', relabelled, broken), testContext)).allowed,
    ).toBe(true);
  });

  it('refuses a namespace object it cannot read (400)', async () => {
    const request = { ...namespaceRequest('team', {}), object: { metadata: { labels: { a: 1 } } } };
    const decision = await handler.handle(request, testContext);
    expect(decision.status?.code).toBe(400);
    expect(decision.status?.message).toContain('metadata.labels.a');
  });
});

describe('Namespaces: tightening the enforce level', () => {
  it('warns about existing pods that would violate, grouped by reasons', async () => {
    const lister = listerOf([
      restrictedPod('ok'),
      baselinePod('b'),
      baselinePod('a'),
      baselinePod('c'),
      privilegedPod('p'),
    ]);
    const decision = await handlerWith(lister).handle(
      namespaceRequest('team', { [ENFORCE]: 'restricted' }, {}),
      testContext,
    );
    expect(decision).toMatchObject({ allowed: true, reasonCode: 'pod-security:warned' });
    expect(decision.warnings).toEqual([
      'existing pods in namespace "team" violate the new PodSecurity enforce level "restricted:latest"',
      'a (and 2 other pods): allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
      'p: host namespaces, privileged, allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
    ]);
  });

  it('does not check pods when the policy is unchanged, relaxed, or privileged', async () => {
    let listed = 0;
    const counting: PodLister = {
      listPods: () => ((listed += 1), Promise.resolve([privilegedPod()])),
    };
    const handler = handlerWith(counting);
    const run = (labels: Record<string, string>, old: Record<string, string>) =>
      handler.handle(namespaceRequest('team', labels, old), testContext);
    expect(
      (await run({ [ENFORCE]: 'baseline', x: 'y' }, { [ENFORCE]: 'baseline' })).warnings,
    ).toBeUndefined();
    expect(
      (await run({ [ENFORCE]: 'baseline' }, { [ENFORCE]: 'restricted' })).warnings,
    ).toBeUndefined();
    expect(
      (await run({ [ENFORCE]: 'privileged' }, { [ENFORCE]: 'baseline' })).warnings,
    ).toBeUndefined();
    expect(listed).toBe(0);
    expect(
      (await run({ [ENFORCE]: 'baseline', [VERSION]: 'v1.20' }, { [ENFORCE]: 'baseline' }))
        .warnings,
    ).toHaveLength(2);
    expect(listed).toBe(1);
  });

  it(`checks at most ${NAMESPACE_MAX_PODS_TO_CHECK} pods, one per controller first`, async () => {
    const pods = Array.from({ length: NAMESPACE_MAX_PODS_TO_CHECK + 5 }, (_, i) =>
      owned(restrictedPod(`r${i}`), 'rs-1'),
    );
    pods.push(owned(privilegedPod('late'), 'rs-2'));
    const decision = await handlerWith(listerOf(pods)).handle(
      namespaceRequest('team', { [ENFORCE]: 'baseline' }, {}),
      testContext,
    );
    expect(decision.warnings).toEqual([
      `new PodSecurity enforce level only checked against the first ${NAMESPACE_MAX_PODS_TO_CHECK} of ${pods.length} existing pods`,
      'existing pods in namespace "team" violate the new PodSecurity enforce level "baseline:latest"',
      'late: host namespaces, privileged',
    ]);
  });

  it('stops when the time budget is spent', async () => {
    const clock = createManualClock();
    const lister: PodLister = {
      listPods: () => {
        clock.advance(1500);
        return Promise.resolve([privilegedPod('a'), privilegedPod('b'), privilegedPod('c')]);
      },
    };
    const decision = await handlerWith(lister, {}, clock).handle(
      namespaceRequest('team', { [ENFORCE]: 'baseline' }, {}),
      testContext,
    );
    expect(decision.warnings?.[0]).toBe(
      'new PodSecurity enforce level only checked against the first 1 of 3 existing pods',
    );
  });

  it('warns when the pods cannot be listed, and skips unusable pods', async () => {
    const failing: PodLister = { listPods: () => Promise.reject(new Error('boom')) };
    const failed = await handlerWith(failing).handle(
      namespaceRequest('team', { [ENFORCE]: 'baseline' }, {}),
      testContext,
    );
    expect(failed.warnings).toEqual([
      'failed to list pods while checking new PodSecurity enforce level',
    ]);
    const junk = await handlerWith(listerOf([null, { spec: {} }])).handle(
      namespaceRequest('team', { [ENFORCE]: 'baseline' }, {}),
      testContext,
    );
    expect(junk.warnings).toBeUndefined();
  });

  it('warns that an exempt namespace will ignore its policy, instead of checking pods', async () => {
    const handler = handlerWith(listerOf([privilegedPod()]), {
      exemptions: { namespaces: ['kube-system'] },
    });
    const labels = { [ENFORCE]: 'restricted', 'pod-security.kubernetes.io/warn': 'baseline' };
    const decision = await handler.handle(namespaceRequest('kube-system', labels, {}), testContext);
    expect(decision.warnings).toEqual([
      'namespace "kube-system" is exempt from Pod Security, and the policy (enforce=restricted:latest, warn=baseline:latest) will be ignored',
    ]);
    const created = await handler.handle(namespaceRequest('kube-system', labels), testContext);
    expect(created.warnings).toEqual(decision.warnings);
  });
});
