import fastJsonPatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import type { AdmissionContext } from '../admission/handler.js';
import type { AdmissionRequest } from '../admission/review.js';
import { completeResponse } from '../admission/response.js';
import { defaultMeshConfig } from '../config/mesh-config.js';
import { createStaticNamespaceLookup } from '../kube/namespaces.js';
import type { Pod } from '../kube/types.js';
import { createInjectionHandler } from './webhook.js';

const admission: AdmissionContext = { signal: new AbortController().signal, dryRun: false };
const namespaces = createStaticNamespaceLookup({
  shop: { 'gangway.io/injection': 'enabled' },
  plain: {},
  strict: { 'gangway.io/injection': 'enabled', 'pod-security.kubernetes.io/enforce': 'baseline' },
});
const handler = createInjectionHandler({
  mesh: defaultMeshConfig(),
  namespaces,
  clusterVersion: { major: 1, minor: 30 },
});

function request(object: unknown, overrides: Partial<AdmissionRequest> = {}): AdmissionRequest {
  return {
    uid: 'u1',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    namespace: 'shop',
    operation: 'CREATE',
    object,
    ...overrides,
  };
}

function pod(metadata: Record<string, unknown> = { name: 'web' }) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: { containers: [{ name: 'app', image: 'nginx' }] },
  };
}

describe('createInjectionHandler', () => {
  it('keeps an annotation named __proto__: the patch touches only what injection changed', async () => {
    const original = JSON.parse(
      '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","annotations":{"__proto__":"x"}},' +
        '"spec":{"containers":[{"name":"app","image":"nginx"}]}}',
    ) as unknown;
    const decision = await handler.handle(request(original), admission);
    expect(decision.reasonCode).toBe('injected');
    const paths = (decision.patch ?? []).map((operation) => operation.path);
    expect(paths.filter((path) => path.startsWith('/metadata/annotations/__proto__'))).toEqual([]);
  });

  it('patches an injectable pod with a diff that yields the injected pod', async () => {
    const original = pod();
    const decision = await handler.handle(request(original), admission);
    expect(decision).toMatchObject({ allowed: true, reasonCode: 'injected' });
    const response = completeResponse('u1', decision).response;
    expect(response.patchType).toBe('JSONPatch');
    const ops = JSON.parse(
      Buffer.from(response.patch!, 'base64').toString(),
    ) as fastJsonPatch.Operation[];
    const patched = fastJsonPatch.applyPatch<Pod>(
      structuredClone(original),
      ops,
      true,
      false,
    ).newDocument;
    expect(patched.spec.initContainers?.map((c) => c.name)).toEqual([
      'gangway-init',
      'gangway-proxy',
    ]);
    const again = await handler.handle(request(patched), admission);
    expect(again).toEqual({
      allowed: true,
      reasonCode: 'skip:already-injected',
      status: expect.anything(),
    });
  });

  it('handles a pod with generateName and no name', async () => {
    const decision = await handler.handle(request(pod({ generateName: 'web-7c9f-' })), admission);
    expect(decision.reasonCode).toBe('injected');
    expect(decision.patch?.some((op) => op.path === '/metadata/name')).toBe(false);
  });

  it('allows a skipped pod unchanged with the skip reason', async () => {
    const decision = await handler.handle(request(pod(), { namespace: 'plain' }), admission);
    expect(decision).toMatchObject({ allowed: true, reasonCode: 'skip:namespace-not-enabled' });
    expect(decision.patch).toBeUndefined();
  });

  it('denies another kind with 400, naming it', async () => {
    const decision = await handler.handle(
      request({}, { kind: { group: 'apps', version: 'v1', kind: 'Deployment' } }),
      admission,
    );
    expect(decision).toMatchObject({
      allowed: false,
      reasonCode: 'GANGWAY_ERR_OBJECT_WRONG_KIND',
      status: { code: 400, message: expect.stringContaining('got apps/v1 Deployment') },
    });
  });

  it('denies an unusable pod with 400, naming the field', async () => {
    const decision = await handler.handle(
      request({ metadata: { name: 'x' }, spec: { containers: [] } }),
      admission,
    );
    expect(decision).toMatchObject({
      allowed: false,
      reasonCode: 'GANGWAY_ERR_OBJECT_INVALID',
      status: {
        code: 400,
        message: expect.stringContaining(
          'object.spec.containers: a pod needs at least one container',
        ),
      },
    });
  });

  it('denies an invalid annotation with 400 and a Pod Security violation with 403', async () => {
    const bad = pod({ name: 'web', annotations: { 'sidecar.gangway.io/logLevel': 'loud' } });
    expect(await handler.handle(request(bad), admission)).toMatchObject({
      allowed: false,
      reasonCode: 'GANGWAY_ERR_INJECT_ANNOTATION',
      status: {
        code: 400,
        message: expect.stringContaining(
          'annotation sidecar.gangway.io/logLevel: invalid value "loud"',
        ),
      },
    });
    const iptables = pod({
      name: 'web',
      annotations: { 'sidecar.gangway.io/interceptionMode': 'iptables' },
    });
    expect(
      await handler.handle(request(iptables, { namespace: 'strict' }), admission),
    ).toMatchObject({
      allowed: false,
      reasonCode: 'GANGWAY_ERR_INJECT_POD_SECURITY',
      status: { code: 403, reason: 'Forbidden' },
    });
  });

  it('lets anything but CREATE through untouched', async () => {
    expect(await handler.handle(request(pod(), { operation: 'UPDATE' }), admission)).toEqual({
      allowed: true,
      reasonCode: 'skip:not-create',
    });
  });

  it('refuses with 503 while a namespace is unknown, unless the pod is skipped whatever the labels', async () => {
    expect(await handler.handle(request(pod(), { namespace: 'new' }), admission)).toMatchObject({
      allowed: false,
      reasonCode: 'GANGWAY_ERR_INJECT_NAMESPACE_UNKNOWN',
      status: { code: 503 },
    });
    expect(
      await handler.handle(request(pod(), { namespace: 'kube-system' }), admission),
    ).toMatchObject({
      allowed: true,
      reasonCode: 'skip:system-namespace',
    });
  });

  it('takes the namespace from the object when the request names none', async () => {
    const decision = await handler.handle(
      request(pod({ name: 'web', namespace: 'shop' }), { namespace: '' }),
      admission,
    );
    expect(decision.reasonCode).toBe('injected');
    const none = await handler.handle(request(pod(), { namespace: '' }), admission);
    expect(none).toMatchObject({ reasonCode: 'GANGWAY_ERR_OBJECT_INVALID', status: { code: 400 } });
  });

  it('passes unknown-annotation warnings on', async () => {
    const typo = pod({ name: 'web', annotations: { 'sidecar.gangway.io/proxyCpu': '1' } });
    const decision = await handler.handle(request(typo), admission);
    expect(decision.warnings).toEqual([
      'annotation sidecar.gangway.io/proxyCpu is not a gangway annotation and is ignored',
    ]);
  });
});
