import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastJsonPatch from 'fast-json-patch';
import { resolveServeConfig, startGangway } from '../../src/cli/serve.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import type { RunningAdmissionServer } from '../../src/server/serve.js';
import { review } from '../helpers/tls.js';

let server: RunningAdmissionServer;
let ca: string;
let base: string;

beforeAll(async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'gangway-serve-'));
  const config = resolveServeConfig(
    [
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--health-port=-1',
      '--state-dir',
      stateDir,
      '--config-dir',
      'config',
      '--cluster-version',
      '1.30',
      '--kube',
      'off',
      '--xds-port=-1',
      '--grpc-port=-1',
      '--audit-interval=0',
    ],
    {},
  );
  if (config === 'help') throw new Error('unexpected help');
  server = await startGangway(config, createSilentLogger());
  ca = await readFile(join(stateDir, 'ca.crt'), 'utf8');
  base = `https://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
});

const pod = (spec: unknown, metadata: Record<string, unknown> = { name: 'web' }) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata,
  spec,
});

function post(body: object) {
  return request(base)
    .post('/inject')
    .ca(ca)
    .set('content-type', 'application/json')
    .send(JSON.stringify(body));
}

describe('gangway serve on the embedded default: /inject', () => {
  it('injects a pod in a namespace labelled for injection and returns a JSONPatch', async () => {
    const original = pod({ containers: [{ name: 'app', image: 'app:1' }] });
    const res = await post(review(original, { uid: 'inj-1', namespace: 'default' }));
    expect(res.status).toBe(200);
    expect(res.body.response).toMatchObject({
      uid: 'inj-1',
      allowed: true,
      patchType: 'JSONPatch',
    });
    const ops = JSON.parse(Buffer.from(res.body.response.patch, 'base64').toString('utf8'));
    const patchedPod = fastJsonPatch.applyPatch(structuredClone(original), ops, true, false)
      .newDocument as {
      spec: { containers: { name: string }[]; initContainers?: { name: string }[] };
    };
    const names = [...(patchedPod.spec.initContainers ?? []), ...patchedPod.spec.containers].map(
      (c: { name: string }) => c.name,
    );
    expect(names).toContain('gangway-proxy');
    expect(names).toContain('gangway-init');
  });

  it('skips a namespace not labelled for injection, without a patch', async () => {
    const res = await post(
      review(pod({ containers: [{ name: 'app', image: 'a' }] }), { namespace: 'tools' }),
    );
    expect(res.body.response.allowed).toBe(true);
    expect(res.body.response.patch).toBeUndefined();
  });

  it('denies a pod with no containers with code 400 naming the field', async () => {
    const res = await post(review(pod({ containers: [] }), { uid: 'empty' }));
    expect(res.status).toBe(200);
    expect(res.body.response).toMatchObject({
      uid: 'empty',
      allowed: false,
      status: { code: 400 },
    });
    expect(res.body.response.status.message).toContain('spec.containers');
  });

  it('denies a wrong kind on /inject with code 400 naming the kind', async () => {
    const body = review(
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: {} },
      {
        uid: 'wrong-kind',
        kind: { group: '', version: 'v1', kind: 'Service' },
        resource: { group: '', version: 'v1', resource: 'services' },
      },
    );
    const res = await post(body);
    expect(res.body.response).toMatchObject({
      uid: 'wrong-kind',
      allowed: false,
      status: { code: 400 },
    });
    expect(res.body.response.status.message).toContain('Service');
  });

  it('denies unparseable fields with code 400 naming the field', async () => {
    const res = await post(
      review(pod({ containers: [{ name: 'app', image: 'a', ports: 'eighty' }] }), {
        uid: 'bad-field',
      }),
    );
    expect(res.body.response).toMatchObject({
      uid: 'bad-field',
      allowed: false,
      status: { code: 400 },
    });
    expect(res.body.response.status.message).toContain('spec.containers[0].ports');
  });

  it('denies an invalid annotation naming the annotation and the value', async () => {
    const res = await post(
      review(
        pod(
          { containers: [{ name: 'app', image: 'a' }] },
          { name: 'w', annotations: { 'sidecar.gangway.io/proxyCPU': 'lots' } },
        ),
        { uid: 'bad-ann' },
      ),
    );
    expect(res.body.response.allowed).toBe(false);
    expect(res.body.response.status.message).toContain('sidecar.gangway.io/proxyCPU');
    expect(res.body.response.status.message).toContain('lots');
  });

  it('handles dryRun identically', async () => {
    const original = pod({ containers: [{ name: 'app', image: 'app:1' }] });
    const wet = await post(review(original, { uid: 'same' }));
    const dry = await post(review(original, { uid: 'same', dryRun: true }));
    expect(dry.body).toEqual(wet.body);
  });

  it('counts injections by result and reason on /metrics', async () => {
    const res = await request(base).get('/metrics').ca(ca);
    expect(res.text).toMatch(
      /gangway_injections_total\{result="injected",reason="injected"\} [1-9]/,
    );
    expect(res.text).toMatch(
      /gangway_injections_total\{result="skipped",reason="skip:[a-z-]+"\} [1-9]/,
    );
    expect(res.text).toMatch(/gangway_injections_total\{result="refused",reason="[A-Z_]+"\} [1-9]/);
  });
});

describe('gangway serve on the embedded default: /validate', () => {
  function validate(body: object) {
    return request(base)
      .post('/validate')
      .ca(ca)
      .set('content-type', 'application/json')
      .send(JSON.stringify(body));
  }

  it('enforces the namespace Pod Security level with a 403 and the upstream message', async () => {
    const privileged = pod({
      containers: [{ name: 'app', image: 'a', securityContext: { privileged: true } }],
    });
    const res = await validate(review(privileged, { uid: 'psa', namespace: 'shop' }));
    expect(res.body.response).toMatchObject({ uid: 'psa', allowed: false, status: { code: 403 } });
    expect(res.body.response.status.message).toContain('violates PodSecurity "restricted:latest"');
  });

  it('rejects an invalid VirtualService with 400 pointing at the field', async () => {
    const vs = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'r', namespace: 'default' },
      spec: { hosts: ['r'], http: [{ route: [{ destination: { host: 'r' }, weight: -5 }] }] },
    };
    const res = await validate(
      review(vs, {
        uid: 'vs',
        kind: { group: 'networking.istio.io', version: 'v1', kind: 'VirtualService' },
        resource: { group: 'networking.istio.io', version: 'v1', resource: 'virtualservices' },
      }),
    );
    expect(res.body.response).toMatchObject({ uid: 'vs', allowed: false, status: { code: 400 } });
    expect(res.body.response.status.message).toContain('spec.http[0].route[0].weight');
  });

  it('allows kinds it has no validator for', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} };
    const res = await validate(
      review(cm, {
        uid: 'cm',
        kind: { group: '', version: 'v1', kind: 'ConfigMap' },
        resource: { group: '', version: 'v1', resource: 'configmaps' },
      }),
    );
    expect(res.body.response).toEqual({ uid: 'cm', allowed: true });
  });
});
