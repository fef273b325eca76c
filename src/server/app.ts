import { fastify, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { SecureContextOptions } from 'node:tls';
import type { Logger } from '../shared/logger.js';
import type { WebhookMetrics } from '../shared/metrics.js';
import type { AdmissionHandler } from '../admission/handler.js';
import { registerWebhookRoute } from './webhook-route.js';
import { buildErrorHandler } from './errors.js';

/**
 * The largest review body accepted. A review carries `object` and, on UPDATE, `oldObject`; each can
 * be as large as the API server's own 3 MiB request limit, so two of them plus the review envelope
 * fit in 7 MiB. Anything larger cannot come from a real API server and is refused with 413 before it
 * is parsed.
 */
export const REVIEW_BODY_LIMIT_BYTES = 7 * 1024 * 1024;

/** A read-only debug endpoint: a pure function of the query string to a status and JSON body. */
export type DebugRoute = (query: Readonly<Record<string, string | undefined>>) => {
  readonly status: number;
  readonly body: unknown;
};

/** What the admission app serves. */
export interface AdmissionAppOptions {
  inject: AdmissionHandler;
  validate: AdmissionHandler;
  logger: Logger;
  metrics: WebhookMetrics;
  /** Whether the app is ready to admit (certificates loaded, caches synced). */
  isReady: () => boolean;
  /** HTTPS serving material; omitted for plain HTTP (the health port, tests of routing only). */
  tls?: SecureContextOptions;
  bodyLimitBytes?: number;
  /** Mounts `POST /noop`, an empty route used by the benchmark as its baseline. */
  noopRoute?: boolean;
  /** `GET` routes by path (e.g. `/debug/syncz`), on the HTTPS and the health port alike. */
  debugRoutes?: Readonly<Record<string, DebugRoute>>;
}

/** Builds the fastify app of `gangway serve`: webhooks, health and metrics. Knows no feature logic. */
export function buildAdmissionApp(options: AdmissionAppOptions): FastifyInstance {
  const bodyLimit = options.bodyLimitBytes ?? REVIEW_BODY_LIMIT_BYTES;
  const serverOptions: FastifyServerOptions & { https?: SecureContextOptions | null } = {
    logger: false,
    bodyLimit,
    // The API server keeps connections alive between reviews; outlive its idle timeout (90 s).
    keepAliveTimeout: 95_000,
    return503OnClosing: true,
  };
  if (options.tls) serverOptions.https = { ...options.tls, minVersion: 'TLSv1.2' };
  const app = fastify(serverOptions) as unknown as FastifyInstance;
  app.setErrorHandler(buildErrorHandler(options.logger, bodyLimit));
  // Reviews are JSON only; without this, fastify would accept text/plain as a string body.
  app.removeContentTypeParser('text/plain');
  for (const [path, handler] of [
    ['/inject', options.inject],
    ['/validate', options.validate],
  ] as const) {
    registerWebhookRoute(app, { path, handler, logger: options.logger, metrics: options.metrics });
  }
  registerHealthRoutes(app, options);
  if (options.noopRoute) app.post('/noop', async () => ({ ok: true }));
  return app;
}

/** Mounts /healthz, /readyz and /metrics on an app (the HTTPS one or the plain health port). */
export function registerHealthRoutes(
  app: FastifyInstance,
  options: Pick<AdmissionAppOptions, 'metrics' | 'isReady' | 'debugRoutes'>,
): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) =>
    options.isReady() ? { status: 'ready' } : reply.code(503).send({ status: 'not ready' }),
  );
  app.get('/metrics', async (_req, reply) => {
    const body = await options.metrics.registry.metrics();
    return reply.header('content-type', options.metrics.registry.contentType).send(body);
  });
  for (const [path, route] of Object.entries(options.debugRoutes ?? {})) {
    app.get(path, async (req, reply) => {
      const answer = route(req.query as Record<string, string | undefined>);
      return reply.code(answer.status).send(answer.body);
    });
  }
}

/** Builds the plain-HTTP health app, so that a kubelet can probe without TLS. */
export function buildHealthApp(
  options: Pick<AdmissionAppOptions, 'metrics' | 'isReady' | 'logger' | 'debugRoutes'>,
): FastifyInstance {
  const app = fastify({ logger: false });
  app.setErrorHandler(buildErrorHandler(options.logger, 1024));
  registerHealthRoutes(app, options);
  return app;
}
