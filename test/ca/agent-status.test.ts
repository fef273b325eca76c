import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveProtoRoot } from '../../src/shared/fs/proto-paths.js';
import { startAgentRig, type AgentRig } from './support/agent-harness.js';

/** A fake app: an HTTP server with a healthy and a failing endpoint, and metrics. */
async function startApp(): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200).end('ok');
      return;
    }
    if (req.url === '/metrics') {
      res
        .writeHead(200, { 'content-type': 'text/plain' })
        .end('# TYPE app_requests_total counter\napp_requests_total 5\n');
      return;
    }
    res.writeHead(500).end('broken');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** A fake gRPC app serving grpc.health.v1.Health. */
async function startGrpcApp(): Promise<{ server: grpc.Server; port: number }> {
  const definition = loadSync('grpc/health/v1/health.proto', {
    includeDirs: [resolveProtoRoot()],
    keepCase: true,
    enums: String,
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
  };
  const check: grpc.handleUnaryCall<{ service: string }, { status: string }> = (call, callback) =>
    callback(null, { status: call.request.service === 'sick' ? 'NOT_SERVING' : 'SERVING' });
  const server = new grpc.Server();
  server.addService(loaded.grpc.health.v1.Health.service, { Check: check });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { server, port };
}

async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('agent status port: readiness, app probes, merged metrics', () => {
  let rig: AgentRig;
  let app: Awaited<ReturnType<typeof startApp>>;
  let grpcApp: Awaited<ReturnType<typeof startGrpcApp>>;
  let base: string;
  beforeAll(async () => {
    app = await startApp();
    grpcApp = await startGrpcApp();
    const dead = await closedPort();
    const probers = {
      '/app-health/web/livez': {
        httpGet: { path: '/healthz', port: app.port, scheme: 'HTTP' },
        timeoutSeconds: 1,
      },
      '/app-health/web/readyz': { httpGet: { path: '/broken', port: app.port } },
      '/app-health/web/startupz': { tcpSocket: { port: app.port } },
      '/app-health/db/livez': { tcpSocket: { port: dead } },
      '/app-health/rpc/readyz': { grpc: { port: grpcApp.port, service: '' } },
      '/app-health/rpc/livez': { grpc: { port: grpcApp.port, service: 'sick' } },
    };
    rig = await startAgentRig({
      appProbers: JSON.stringify(probers),
      prometheusAnnotations: JSON.stringify({
        scrape: 'true',
        port: String(app.port),
        path: '/metrics',
      }),
    });
    base = `http://127.0.0.1:${rig.agent.statusPort}`;
  });
  afterAll(async () => {
    await rig.close();
    app.server.close();
    grpcApp.server.forceShutdown();
  });

  it('is ready once a certificate is in place', async () => {
    if (!rig.agent.ready()) await rig.agent.nextChange();
    expect((await fetch(`${base}/healthz/ready`)).status).toBe(200);
  });

  it.each([
    ['/app-health/web/livez', 200],
    ['/app-health/web/readyz', 500],
    ['/app-health/web/startupz', 200],
    ['/app-health/db/livez', 503],
    ['/app-health/rpc/readyz', 200],
    ['/app-health/rpc/livez', 503],
    ['/app-health/nope/livez', 404],
  ])('answers %s with %i', async (path, status) => {
    expect((await fetch(`${base}${path}`)).status).toBe(status);
  });

  it('merges the app metrics with its own', async () => {
    const response = await fetch(`${base}/stats/prometheus`);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const body = await response.text();
    expect(body).toContain('app_requests_total 5');
    expect(body).toContain('gangway_agent_certificate_requests_total{result="issued"} 1');
  });
});

describe('agent readiness without a CA', () => {
  it('reports not ready until a certificate is in place', async () => {
    const rig = await startAgentRig({ caAddress: '127.0.0.1:1' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const response = await fetch(`http://127.0.0.1:${rig.agent.statusPort}/healthz/ready`);
      expect(response.status).toBe(503);
      expect(rig.agent.ready()).toBe(false);
    } finally {
      await rig.close();
    }
  });
});
