import { describe, expect, it } from 'vitest';
import type { KindHandler } from '../../admission/handler.js';
import { completeResponse, denied } from '../../admission/response.js';
import type { AdmissionRequest } from '../../admission/review.js';
import { createStaticNamespaceLookup } from '../../kube/namespaces.js';
import { ANALYZERS } from '../analyzers/index.js';
import { createClusterState } from '../cluster/cluster-state.js';
import { buildPolicyEngine } from '../engine.js';
import { yamlDocuments } from '../test-support.js';
import { VALIDATION_FAILURE_ANNOTATION } from './decisions.js';
import { createPolicyHandler } from './handler.js';

function policies(actions: string, failurePolicy = 'Fail'): string {
  return `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: no-latest}
spec:
  failurePolicy: ${failurePolicy}
  matchConstraints:
    namespaceSelector: {matchLabels: {env: prod}}
    resourceRules: [{apiGroups: [''], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [pods]}]
  validations:
    - expression: "object.spec.containers.all(c, !c.image.endsWith(':latest'))"
      message: images must not use latest
    - expression: "object.metadata.labels.team != ''"
  auditAnnotations:
    - {key: images, valueExpression: "object.spec.containers.map(c, c.image).join(',')"}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: no-latest-binding}
spec: {policyName: no-latest, validationActions: ${actions}}
`;
}

function request(image: string, labels: Record<string, string> = { team: 'a' }): AdmissionRequest {
  return {
    uid: 'u1',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    namespace: 'shop',
    operation: 'CREATE',
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', labels },
      spec: { containers: [{ name: 'a', image }] },
    },
  };
}

const context = { signal: new AbortController().signal, dryRun: false };
const namespaces = createStaticNamespaceLookup({ shop: { env: 'prod' }, dev: {} });

function handler(
  actions: string,
  extra: Partial<Parameters<typeof createPolicyHandler>[0]> = {},
  failurePolicy = 'Fail',
) {
  const { engine } = buildPolicyEngine(yamlDocuments(policies(actions, failurePolicy)));
  return createPolicyHandler({ engine, namespaces, ...extra });
}

describe('createPolicyHandler', () => {
  it('Deny refuses with Kubernetes wording and status', async () => {
    const decision = await handler('[Deny]').handle(request('nginx:latest'), context);
    expect(decision.allowed).toBe(false);
    expect(decision.status).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(decision.status?.message).toBe(
      "ValidatingAdmissionPolicy 'no-latest' with binding 'no-latest-binding' denied request: images must not use latest",
    );
    expect(decision.auditAnnotations).toEqual({ 'no-latest/images': 'nginx:latest' });
  });

  it('Warn allows with warnings; Audit allows with the validation_failure annotation', async () => {
    const warned = await handler('[Warn]').handle(request('nginx:latest'), context);
    expect(warned.allowed).toBe(true);
    expect(warned.warnings).toEqual([
      "Validation failed for ValidatingAdmissionPolicy 'no-latest' with binding 'no-latest-binding': images must not use latest",
    ]);
    const audited = await handler('[Audit]').handle(request('nginx:latest'), context);
    expect(audited.allowed).toBe(true);
    const failures = JSON.parse(
      audited.auditAnnotations?.[VALIDATION_FAILURE_ANNOTATION] ?? '[]',
    ) as unknown[];
    expect(failures).toEqual([
      {
        message: 'images must not use latest',
        policy: 'no-latest',
        binding: 'no-latest-binding',
        expressionIndex: 0,
        validationActions: ['Audit'],
      },
    ]);
    const response = completeResponse('u1', audited).response;
    expect(response.auditAnnotations?.['no-latest/images']).toBe('nginx:latest');
  });

  it('allows what passes, and what no policy matches', async () => {
    expect((await handler('[Deny]').handle(request('nginx:1.27'), context)).allowed).toBe(true);
    const dev = { ...request('nginx:latest'), namespace: 'dev' };
    expect((await handler('[Deny]').handle(dev, context)).allowed).toBe(true);
  });

  it('follows failurePolicy on runtime errors', async () => {
    const noLabels = request('nginx:1', {});
    const object = noLabels.object as { metadata: Record<string, unknown> };
    delete object.metadata['labels'];
    expect((await handler('[Deny]').handle(noLabels, context)).allowed).toBe(false);
    expect((await handler('[Deny]', {}, 'Ignore').handle(noLabels, context)).allowed).toBe(true);
  });

  it('composes with validators: their denial wins, warnings of both are kept', async () => {
    const refusing: KindHandler = {
      matches: (_g, k) => k === 'Pod',
      handle: async () => denied('mesh-invalid', 'bad mesh object', 400),
    };
    const decision = await handler('[Warn]', { validators: [refusing] }).handle(
      request('nginx:latest'),
      context,
    );
    expect(decision.status?.message).toBe('bad mesh object');
    expect(decision.warnings).toHaveLength(1);
  });

  it('adds analyzer warnings about the admitted object from the cached state', async () => {
    const state = createClusterState([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: {} },
    ]);
    const h = handler('[Deny]', { analyzers: ANALYZERS, clusterState: () => state });
    const vs: AdmissionRequest = {
      uid: 'u2',
      kind: { group: 'networking.istio.io', version: 'v1', kind: 'VirtualService' },
      resource: { group: 'networking.istio.io', version: 'v1', resource: 'virtualservices' },
      namespace: 'shop',
      operation: 'CREATE',
      object: {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'web' },
        spec: {
          hosts: ['web'],
          gateways: ['edge/public'],
          http: [{ route: [{ destination: { host: 'web', subset: 'v2' } }] }],
        },
      },
    };
    const decision = await h.handle(vs, context);
    expect(decision.allowed).toBe(true);
    expect(decision.warnings).toEqual([
      'GW0101: gateway edge/public does not exist',
      'GW0103: subset v2 of host web.shop.svc.cluster.local is defined by no DestinationRule',
    ]);
  });
});
