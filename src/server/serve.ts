import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Server as TlsServer } from 'node:tls';
import type { Logger } from '../shared/logger.js';
import type { WebhookMetrics } from '../shared/metrics.js';
import type { AdmissionHandler } from '../admission/handler.js';
import { buildAdmissionApp, buildHealthApp, type DebugRoute } from './app.js';
import { loadServingMaterial, watchServingMaterial } from './certificate-reloader.js';

/** Options for {@link startAdmissionServer}. */
export interface AdmissionServerOptions {
  inject: AdmissionHandler;
  validate: AdmissionHandler;
  logger: Logger;
  metrics: WebhookMetrics;
  certFile: string;
  keyFile: string;
  host: string;
  /** HTTPS port of the webhooks; 0 picks a free one. */
  port: number;
  /** Plain-HTTP port of /healthz, /readyz and /metrics; null disables it; 0 picks a free one. */
  healthPort: number | null;
  /** Extra readiness condition (e.g. namespace cache synced). */
  isReady?: () => boolean;
  noopRoute?: boolean;
  /** Read-only `GET` debug routes by path, on both ports (the xDS `/debug/*` endpoints). */
  debugRoutes?: Readonly<Record<string, DebugRoute>>;
}

/** A running admission server. */
export interface RunningAdmissionServer {
  readonly port: number;
  readonly healthPort: number | null;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * Starts the HTTPS admission server and the optional plain health server. The serving certificate
 * is reloaded from its files on change by swapping the secure context: established connections and
 * in-flight requests carry on, new handshakes get the new certificate.
 */
export async function startAdmissionServer(
  options: AdmissionServerOptions,
): Promise<RunningAdmissionServer> {
  const material = await loadServingMaterial(options.certFile, options.keyFile);
  let closing = false;
  const isReady = (): boolean => !closing && (options.isReady?.() ?? true);
  const app = buildAdmissionApp({ ...options, isReady, tls: material });
  await app.listen({ host: options.host, port: options.port });
  const watcher = watchServingMaterial({
    certFile: options.certFile,
    keyFile: options.keyFile,
    logger: options.logger,
    onReload: (next) =>
      (app.server as unknown as TlsServer).setSecureContext({ ...next, minVersion: 'TLSv1.2' }),
  });
  const health = options.healthPort === null ? undefined : buildHealthApp({ ...options, isReady });
  if (health) await health.listen({ host: options.host, port: options.healthPort ?? 0 });
  const port = (app.server.address() as AddressInfo).port;
  const healthPort = health ? (health.server.address() as AddressInfo).port : null;
  options.logger.info({ port, healthPort }, 'gangway admission server listening');
  return {
    port,
    healthPort,
    app,
    close: async () => {
      closing = true;
      watcher.close();
      await Promise.all([app.close(), health?.close()]);
    },
  };
}
