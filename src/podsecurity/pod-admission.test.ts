import { describe, expect, it } from 'vitest';
import { createStaticNamespaceLookup } from '../kube/namespaces.js';
import {
  baselinePod,
  podRequest,
  privilegedPod,
  restrictedPod,
  testContext,
} from './admission-testing.js';
import { PodSecurityConfigSchema } from './config.js';
import { createPodSecurityHandler } from './handler.js';

const P = 'pod-security.kubernetes.io/';
const namespaces = {
  team: { [`${P}enforce`]: 'restricted' },
  relaxed: { [`${P}enforce`]: 'baseline', [`${P}warn`]: 'restricted', [`${P}audit`]: 'restricted' },
  typo: { [`${P}enforce`]: 'restrictd' },
  badversion: { [`${P}enforce`]: 'baseline', [`${P}enforce-version`]: 'v1.thirty' },
  open: { [`${P}enforce`]: 'privileged' },
  unlabelled: {},
  system: { [`${P}enforce`]: 'restricted' },
};

function handlerWith(config: unknown = {}) {
  return createPodSecurityHandler({
    namespaces: createStaticNamespaceLookup(namespaces),
    config: PodSecurityConfigSchema.parse(config),
  });
}
const handler = handlerWith();
const decide = (request: Parameters<typeof handler.handle>[0]) =>
  handler.handle(request, testContext);

const RESTRICTED_DETAIL =
  'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), ' +
  'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), ' +
  'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), ' +
  'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")';

describe('Pods: enforce, warn, audit', () => {
  it('allows a pod that satisfies the policy, recording the enforce policy for the audit log', async () => {
    const decision = await decide(podRequest(restrictedPod()));
    expect(decision).toMatchObject({ allowed: true, reasonCode: 'pod-security:allowed' });
    expect(decision.auditAnnotations).toEqual({ 'enforce-policy': 'restricted:latest' });
    expect(decision.warnings).toBeUndefined();
  });

  it('denies a violating pod with 403 and upstream message', async () => {
    const decision = await decide(podRequest(baselinePod()));
    expect(decision).toMatchObject({ allowed: false, reasonCode: 'pod-security:violation' });
    expect(decision.status).toEqual({
      code: 403,
      reason: 'Forbidden',
      message: `pods "web" is forbidden: violates PodSecurity "restricted:latest": ${RESTRICTED_DETAIL}`,
    });
    expect(decision.warnings).toBeUndefined();
  });

  it('names no pod when the request has no name (generateName)', async () => {
    const pod = { ...baselinePod(), metadata: { generateName: 'web-' } };
    const decision = await decide(podRequest(pod, { name: '' }));
    expect(decision.status?.message).toMatch(
      /^pods is forbidden: violates PodSecurity "restricted:latest": /,
    );
  });

  it('warns and audits without denying below the enforce level', async () => {
    const decision = await decide(podRequest(baselinePod(), { namespace: 'relaxed' }));
    expect(decision).toMatchObject({ allowed: true, reasonCode: 'pod-security:warned' });
    expect(decision.warnings).toEqual([
      `would violate PodSecurity "restricted:latest": ${RESTRICTED_DETAIL}`,
    ]);
    expect(decision.auditAnnotations).toEqual({
      'enforce-policy': 'baseline:latest',
      'audit-violations': `would violate PodSecurity "restricted:latest": ${RESTRICTED_DETAIL}`,
    });
  });

  it('puts no warnings on a denied pod but still audits it', async () => {
    const decision = await decide(podRequest(privilegedPod(), { namespace: 'relaxed' }));
    expect(decision.allowed).toBe(false);
    expect(decision.warnings).toBeUndefined();
    expect(decision.auditAnnotations?.['audit-violations']).toMatch(
      /^would violate PodSecurity "restricted:latest": /,
    );
  });

  it('uses the configured defaults for a namespace without labels', async () => {
    expect((await decide(podRequest(privilegedPod(), { namespace: 'unlabelled' }))).allowed).toBe(
      true,
    );
    const strict = handlerWith({ defaults: { enforce: 'baseline', enforceVersion: 'v1.30' } });
    const decision = await strict.handle(
      podRequest(privilegedPod(), { namespace: 'unlabelled' }),
      testContext,
    );
    expect(decision.status?.message).toMatch(
      /violates PodSecurity "baseline:v1.30": host namespaces \(hostNetwork=true\), privileged/,
    );
  });

  it('short-circuits fully privileged namespaces without reading the object', async () => {
    const decision = await decide(podRequest('not a pod', { namespace: 'open' }));
    expect(decision).toMatchObject({ allowed: true, reasonCode: 'pod-security:privileged' });
  });
});

describe('Pods: namespace labels', () => {
  it('enforces restricted:latest for an unknown level, noting the error in the audit log', async () => {
    const decision = await decide(podRequest(baselinePod(), { namespace: 'typo' }));
    expect(decision.status?.message).toContain('violates PodSecurity "restricted:latest"');
    expect(decision.auditAnnotations?.['error']).toBe(
      `Failed to parse policy: metadata.labels[${P}enforce]: Invalid value: "restrictd": must be one of privileged, baseline, restricted`,
    );
  });

  it('evaluates a malformed version as latest, noting the error', async () => {
    const decision = await decide(podRequest(privilegedPod(), { namespace: 'badversion' }));
    expect(decision.status?.message).toContain('violates PodSecurity "baseline:latest"');
    expect(decision.auditAnnotations?.['error']).toContain(
      'Invalid value: "v1.thirty": must be "latest" or "v1.x"',
    );
  });

  it('refuses a pod in an unknown namespace (500) unless configured to use the defaults', async () => {
    const decision = await decide(podRequest(restrictedPod(), { namespace: 'ghost' }));
    expect(decision).toMatchObject({
      allowed: false,
      reasonCode: 'pod-security:unknown-namespace',
    });
    expect(decision.status?.code).toBe(500);
    expect(decision.status?.message).toMatch(
      /^GANGWAY_ERR_PODSECURITY_NAMESPACE_UNKNOWN: .*"ghost"$/,
    );
    const lenient = handlerWith({ unknownNamespace: 'defaults' });
    expect(
      (await lenient.handle(podRequest(privilegedPod(), { namespace: 'ghost' }), testContext))
        .allowed,
    ).toBe(true);
  });
});

describe('Pods: exemptions', () => {
  const exempting = handlerWith({
    exemptions: {
      namespaces: ['system'],
      usernames: ['system:serviceaccount:kube-system:replicaset-controller'],
      runtimeClassNames: ['kata'],
    },
  });
  const run = (request: Parameters<typeof handler.handle>[0]) =>
    exempting.handle(request, testContext);

  it('exempts namespaces, users and runtime classes, recording why', async () => {
    const byNamespace = await run(podRequest(privilegedPod(), { namespace: 'system' }));
    expect(byNamespace).toMatchObject({
      allowed: true,
      reasonCode: 'pod-security:exempt-namespace',
    });
    expect(byNamespace.auditAnnotations).toEqual({ exempt: 'namespace' });
    const user = { username: 'system:serviceaccount:kube-system:replicaset-controller' };
    const byUser = await run(podRequest(privilegedPod(), { userInfo: user }));
    expect(byUser.auditAnnotations).toEqual({ exempt: 'user' });
    const kata = privilegedPod();
    (kata['spec'] as Record<string, unknown>)['runtimeClassName'] = 'kata';
    const byRuntimeClass = await run(podRequest(kata));
    expect(byRuntimeClass).toMatchObject({
      allowed: true,
      reasonCode: 'pod-security:exempt-runtime-class',
    });
  });

  it('does not exempt other users or runtime classes', async () => {
    expect(
      (await run(podRequest(privilegedPod(), { userInfo: { username: 'bob' } }))).allowed,
    ).toBe(false);
  });
});

describe('Pods: bad input', () => {
  it('refuses a pod with null containers (400), naming the field', async () => {
    const pod = { metadata: { name: 'web' }, spec: { containers: null } };
    const decision = await decide(podRequest(pod));
    expect(decision).toMatchObject({ allowed: false, reasonCode: 'pod-security:invalid-object' });
    expect(decision.status?.code).toBe(400);
    expect(decision.status?.message).toMatch(/^GANGWAY_ERR_OBJECT_INVALID: .*spec\.containers: /);
  });

  it('refuses a negative runAsUser (400), naming the field', async () => {
    const pod = restrictedPod();
    const spec = pod['spec'] as { containers: { securityContext: Record<string, unknown> }[] };
    spec.containers[0]!.securityContext['runAsUser'] = -1;
    const decision = await decide(podRequest(pod));
    expect(decision.status?.code).toBe(400);
    expect(decision.status?.message).toContain('spec.containers[0].securityContext.runAsUser');
  });

  it.each([null, 'pod', 42, [], {}, { spec: {} }, { spec: { containers: [{ image: 'x' }] } }])(
    'refuses %j without crashing',
    async (object) => {
      const decision = await decide(podRequest(object));
      expect(decision.status?.code).toBe(400);
      expect(decision.status?.message).toMatch(/^GANGWAY_ERR_OBJECT_INVALID: /);
    },
  );

  it('refuses an unusable oldObject on update, naming it', async () => {
    const decision = await decide(
      podRequest(restrictedPod(), { operation: 'UPDATE', oldObject: { spec: {} } }),
    );
    expect(decision.status?.code).toBe(400);
    expect(decision.status?.message).toContain('oldObject.spec.containers');
  });
});

describe('Pods: updates, subresources and operations', () => {
  const updated = (object: unknown, oldObject: unknown, subResource?: string) =>
    decide(
      podRequest(object, {
        operation: 'UPDATE',
        oldObject,
        ...(subResource ? { subResource } : {}),
      }),
    );

  it('allows updates that change no image and no container set, as upstream', async () => {
    const old = baselinePod();
    const relabelled = { ...old, metadata: { name: 'web', labels: { tier: 'front' } } };
    expect(await updated(relabelled, old)).toMatchObject({
      allowed: true,
      reasonCode: 'pod-security:insignificant-update',
    });
  });

  it('re-evaluates an image change or a container set change', async () => {
    expect(
      (await updated(baselinePod('web', 'nginx:1.28'), baselinePod('web', 'nginx:1.27'))).allowed,
    ).toBe(false);
    const grown = baselinePod();
    const spec = grown['spec'] as { initContainers?: unknown[] };
    spec.initContainers = [{ name: 'init', image: 'busybox' }];
    expect((await updated(grown, baselinePod())).allowed).toBe(false);
  });

  it('checks ephemeral containers added through the ephemeralcontainers subresource', async () => {
    const old = restrictedPod();
    const debugged = structuredClone(old);
    (debugged['spec'] as Record<string, unknown>)['ephemeralContainers'] = [
      { name: 'debugger', image: 'busybox', securityContext: { privileged: true } },
    ];
    const decision = await updated(debugged, old, 'ephemeralcontainers');
    expect(decision.allowed).toBe(false);
    expect(decision.status?.message).toContain(
      'privileged (container "debugger" must not set securityContext.privileged=true)',
    );
  });

  it('ignores the subresources that cannot change the spec, and DELETE', async () => {
    for (const subResource of ['status', 'exec', 'log', 'binding', 'eviction']) {
      const decision = await updated(privilegedPod(), restrictedPod(), subResource);
      expect(decision).toMatchObject({
        allowed: true,
        reasonCode: 'pod-security:ignored-subresource',
      });
    }
    const deletion = await decide(
      podRequest(undefined, { operation: 'DELETE', oldObject: privilegedPod() }),
    );
    expect(deletion).toMatchObject({ allowed: true, reasonCode: 'pod-security:ignored-operation' });
  });
});
