import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callMany, createEchoClient, startEchoServer, type EchoClient } from './helpers/echo.js';
import {
  BOOTSTRAP_OPTION,
  bootstrapFor,
  eventually,
  startControlPlane,
  type ControlPlane,
} from './helpers/harness.js';
import { echoService, echoVirtualService, echoWorkload, splitRoutes } from './helpers/mesh-yaml.js';

const TARGET = 'xds:///echo.default.svc.cluster.local:7000';

describe('interop with @grpc/grpc-js-xds: routing', () => {
  let plane: ControlPlane;
  let client: EchoClient;
  const servers: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    const v1 = await startEchoServer('v1');
    const v2 = await startEchoServer('v2');
    servers.push(v1, v2);
    plane = await startControlPlane({
      'service.yaml': echoService(),
      'workloads.yaml': `${echoWorkload('v1', v1.port)}---\n${echoWorkload('v2', v2.port)}`,
      'routes.yaml': echoVirtualService(splitRoutes(90, 10)),
    });
    const bootstrap = bootstrapFor(plane.port, { name: 'client', labels: { app: 'client' } });
    client = createEchoClient(TARGET, grpc.credentials.createInsecure(), {
      [BOOTSTRAP_OPTION]: bootstrap,
    });
  });

  afterAll(async () => {
    client?.close();
    await plane?.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('splits 90/10 within 3 points over 2,000 RPCs', async () => {
    const { servers: seen, errors } = await callMany(client, 2000);
    expect(errors).toEqual({});
    const share = (seen['v2'] ?? 0) / 2000;
    expect(share).toBeGreaterThan(0.07);
    expect(share).toBeLessThan(0.13);
  });

  it('routes a header match to v2', async () => {
    const { servers: seen } = await callMany(client, 200, { metadata: { 'x-canary': 'yes' } });
    expect(seen).toEqual({ v2: 200 });
  });

  it('injects aborts: all of them, and about half at 50%', async () => {
    const all = await callMany(client, 50, { metadata: { 'x-test': 'abort' } });
    expect(all.errors).toEqual({ [String(grpc.status.UNAVAILABLE)]: 50 });
    const half = await callMany(client, 400, { metadata: { 'x-test': 'abort-half' } });
    const aborted = half.errors[String(grpc.status.UNAVAILABLE)] ?? 0;
    expect(aborted).toBeGreaterThan(140);
    expect(aborted).toBeLessThan(260);
    expect((half.servers['v1'] ?? 0) + aborted).toBe(400);
  });

  it('injects a fixed delay', async () => {
    const started = Date.now();
    const reply = await client.call({ metadata: { 'x-test': 'delay' } });
    expect(reply.server).toBe('v1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('enforces a route timeout', async () => {
    const started = Date.now();
    const error = await client
      .call({ metadata: { 'x-test': 'timeout' }, sleepMs: 2000 })
      .catch((e: unknown) => e);
    expect((error as { code?: number }).code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(Date.now() - started).toBeLessThan(1500);
    const fast = await client.call({ metadata: { 'x-test': 'timeout' }, sleepMs: 10 });
    expect(fast.server).toBe('v1');
  });

  it('converges on new weights without restarting the client', async () => {
    const started = Date.now();
    await plane.write('routes.yaml', echoVirtualService(splitRoutes(0, 100)));
    await eventually(async () => {
      const { servers: seen } = await callMany(client, 50);
      return seen['v2'] === 50 ? true : undefined;
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('keeps the old config when the client rejects a new one (NACK)', async () => {
    // All weights zero: schema-valid YAML that gRPC rejects (A28: total weight must be > 0).
    await plane.write('routes.yaml', echoVirtualService(splitRoutes(0, 0, false)));
    const nacked = await eventually(async () => {
      const metric = await plane.registry.getSingleMetric('gangway_xds_nacks_total')?.get();
      const total = metric?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;
      return total > 0 ? total : undefined;
    });
    expect(nacked).toBeGreaterThan(0);
    const stream = plane.xds.server.streams().find((s) => s.status().some((t) => t.nack));
    expect(stream?.status().find((t) => t.type === 'route')?.nack?.message).toMatch(
      /sum of weights is 0/,
    );
    const { servers: seen, errors } = await callMany(client, 100);
    expect(errors).toEqual({});
    expect(seen).toEqual({ v2: 100 });
  });
});
