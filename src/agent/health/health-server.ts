import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { Logger } from '../../shared/logger.js';
import { mergedMetrics, PROMETHEUS_CONTENT_TYPE, type AppScrapeTarget } from './app-metrics.js';
import type { AppProbe } from './app-probers.js';
import { runAppProbe } from './probe-runner.js';

/** Paths the agent serves besides the app probes. */
export const HEALTH_PATHS = { ready: '/healthz/ready', metrics: '/stats/prometheus' } as const;

/** Options of {@link createHealthServer}. */
export interface HealthServerOptions {
  /** Whether the agent is ready (a certificate is in place). */
  ready: () => boolean;
  probes: ReadonlyMap<string, AppProbe>;
  scrapeTarget: AppScrapeTarget | undefined;
  /** Where the app listens; the pod's loopback. */
  appHost: string;
  registry: Registry;
  logger: Logger;
}

/** The agent's status port (15020): readiness, app probes and merged metrics. */
export interface HealthServer {
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

/** Builds the status server over node:http. */
export function createHealthServer(options: HealthServerOptions): HealthServer {
  const server: Server = createServer((req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      options.logger.warn({ err: error, path: req.url }, 'status request failed');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  // Probes and scrapes are short; an idle connection is kept no longer than the kubelet needs.
  server.keepAliveTimeout = 5_000;
  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  options: HealthServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://agent').pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'method not allowed\n');
  if (path === HEALTH_PATHS.ready) {
    return options.ready()
      ? reply(res, 200, 'ready\n')
      : reply(res, 503, 'no workload certificate yet\n');
  }
  if (path === HEALTH_PATHS.metrics) {
    const body = await mergedMetrics(options.scrapeTarget, options.appHost, options.registry);
    return reply(res, 200, body, PROMETHEUS_CONTENT_TYPE);
  }
  const probe = options.probes.get(path);
  if (probe) {
    const result = await runAppProbe(probe, options.appHost);
    return reply(res, result.status, `${result.detail}\n`);
  }
  return reply(res, 404, 'not found\n');
}

function reply(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
