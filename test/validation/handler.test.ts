import { describe, expect, it } from 'vitest';
import type { AdmissionContext } from '../../src/admission/handler.js';
import { createKindRegistryHandler } from '../../src/admission/handler.js';
import { completeResponse } from '../../src/admission/response.js';
import type { AdmissionRequest } from '../../src/admission/review.js';
import { createMeshValidationHandler } from '../../src/validation/handler.js';

const context: AdmissionContext = { signal: new AbortController().signal, dryRun: false };
const VS_KIND = { group: 'networking.istio.io', version: 'v1', kind: 'VirtualService' };

function request(
  operation: AdmissionRequest['operation'],
  object: unknown,
  kind = VS_KIND,
): AdmissionRequest {
  return {
    uid: 'u-1',
    kind,
    resource: { group: kind.group, version: kind.version, resource: 'virtualservices' },
    name: 'reviews',
    namespace: 'default',
    operation,
    object,
  };
}

const goodVs = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'default' },
  spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }] }] },
};
const badVs = {
  ...goodVs,
  spec: {
    hosts: ['reviews'],
    http: [
      {
        route: [
          { destination: { host: 'a' }, weight: 10 },
          { destination: { host: 'b' }, weight: -5 },
        ],
      },
    ],
  },
};

describe('createMeshValidationHandler', () => {
  const handler = createMeshValidationHandler();

  it('claims every mesh group/kind and nothing else', () => {
    expect(handler.matches('networking.istio.io', 'VirtualService')).toBe(true);
    expect(handler.matches('security.istio.io', 'AuthorizationPolicy')).toBe(true);
    expect(handler.matches('telemetry.istio.io', 'Telemetry')).toBe(true);
    expect(handler.matches('extensions.istio.io', 'WasmPlugin')).toBe(true);
    expect(handler.matches('apps', 'Deployment')).toBe(false);
    expect(handler.matches('networking.istio.io', 'Pod')).toBe(false);
  });

  it('allows a valid object on CREATE and UPDATE', async () => {
    for (const op of ['CREATE', 'UPDATE'] as const) {
      const decision = await handler.handle(request(op, goodVs), context);
      expect(decision.allowed).toBe(true);
      expect(decision.warnings).toBeUndefined();
    }
  });

  it('denies with 400, the first error code and every finding in the message', async () => {
    const decision = await handler.handle(request('CREATE', badVs), context);
    expect(decision.allowed).toBe(false);
    expect(decision.reasonCode).toBe('GW-VS-WEIGHT-NEGATIVE');
    expect(decision.status?.code).toBe(400);
    expect(decision.status?.message).toContain(
      'spec.http[0].route[1].weight: must be >= 0 (got -5)',
    );
  });

  it('returns warnings on an allowed object', async () => {
    const object = { ...goodVs, spec: { ...goodVs.spec, colour: 'blue' } };
    const decision = await handler.handle(request('CREATE', object), context);
    expect(decision.allowed).toBe(true);
    expect(decision.warnings).toEqual([
      'spec.colour: unknown field "colour" [GW-SCHEMA-UNKNOWN-FIELD]',
    ]);
  });

  it('allows DELETE without looking at the object', async () => {
    const decision = await handler.handle(request('DELETE', undefined), context);
    expect(decision.allowed).toBe(true);
  });

  it('denies with 400 (never throws) when the object is not usable', async () => {
    for (const object of [
      undefined,
      'text',
      [1, 2],
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } },
    ]) {
      const decision = await handler.handle(request('CREATE', object), context);
      expect(decision.allowed).toBe(false);
      expect(decision.status?.code).toBe(400);
      expect(decision.reasonCode).toBe('GW-MESH-NOT-OBJECT');
    }
    const broken = await handler.handle(request('UPDATE', { ...goodVs, spec: 'nope' }), context);
    expect(broken.status?.code).toBe(400);
    expect(broken.reasonCode).toBe('GW-SCHEMA-TYPE');
  });

  it('fills apiVersion and kind from the request when the object lacks them', async () => {
    const { apiVersion: _a, kind: _k, ...bare } = goodVs;
    const decision = await handler.handle(request('CREATE', bare), context);
    expect(decision.allowed).toBe(true);
  });

  it('composes into the kind registry and completes into an AdmissionReview', async () => {
    const registry = createKindRegistryHandler('validate', [handler]);
    const decision = await registry.handle(request('CREATE', badVs), context);
    const review = completeResponse('u-1', decision);
    expect(review.response).toMatchObject({
      uid: 'u-1',
      allowed: false,
      status: { code: 400, reason: 'BadRequest' },
    });
    const other = await registry.handle(
      request('CREATE', {}, { group: 'apps', version: 'v1', kind: 'Deployment' }),
      context,
    );
    expect(other.allowed).toBe(true);
  });
});
