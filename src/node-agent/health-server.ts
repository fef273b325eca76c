import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/**
 * The node agent's plain-HTTP endpoints for the kubelet and Prometheus: /healthz (the process is
 * serving), /readyz (the pod list is synced and the start-up reconcile is done) and /metrics. No
 * framework: three GET routes do not need one, and the agent image stays small.
 */

/** What the endpoints report from. */
export interface HealthEndpointsOptions {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly registry: Registry;
  readonly isReady: () => boolean;
}

/** A listening health server. */
export interface RunningHealthServer {
  readonly port: number;
  close(): Promise<void>;
}

async function answer(
  options: HealthEndpointsOptions,
  path: string,
): Promise<[number, string, string]> {
  const text = 'text/plain; charset=utf-8';
  if (path === '/healthz') return [200, text, 'ok\n'];
  if (path === '/readyz') {
    return options.isReady() ? [200, text, 'ready\n'] : [503, text, 'not ready\n'];
  }
  if (path === '/metrics') {
    return [200, options.registry.contentType, await options.registry.metrics()];
  }
  return [404, text, 'not found\n'];
}

/** Starts the health, readiness and metrics endpoints. */
export async function startHealthServer(
  options: HealthEndpointsOptions,
): Promise<RunningHealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    answer(options, path).then(
      ([status, type, body]) => res.writeHead(status, { 'content-type': type }).end(body),
      () => res.writeHead(500).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
