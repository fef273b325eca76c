import { request } from 'node:http';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { GangwayError } from '../../shared/errors.js';
import { PortSchema } from './app-probers.js';

/** The app's scrape settings, from GANGWAY_PROMETHEUS_ANNOTATIONS (its prometheus.io/* annotations). */
export const PrometheusAnnotationsSchema = z.looseObject({
  scrape: z.string().optional(),
  path: z.string().startsWith('/').default('/metrics'),
  port: PortSchema.optional(),
});

/** Where the app's own metrics are. */
export interface AppScrapeTarget {
  port: number;
  path: string;
}

/** The app scrape target, or undefined when the app has none or opted out. */
export function parsePrometheusAnnotations(json: string | undefined): AppScrapeTarget | undefined {
  if (!json?.trim()) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new GangwayError('GANGWAY_ERR_AGENT_PROMETHEUS_INVALID', 'not JSON', { cause: error });
  }
  const parsed = PrometheusAnnotationsSchema.safeParse(raw);
  if (!parsed.success)
    throw new GangwayError('GANGWAY_ERR_AGENT_PROMETHEUS_INVALID', parsed.error.message);
  if (parsed.data.scrape === 'false' || parsed.data.port === undefined) return undefined;
  return { port: parsed.data.port, path: parsed.data.path };
}

/** Prometheus text exposition format, which is what gets merged. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
/** A scrape must finish well inside Prometheus's default 10 s scrape timeout. */
const APP_SCRAPE_TIMEOUT_MS = 5_000;
/** Guard against an app streaming without end; real exposition is far below this. */
const APP_SCRAPE_MAX_BYTES = 32 * 1024 * 1024;

/**
 * The merged metrics: the app's (when it has a target and answers) followed by the agent's. A
 * failing app scrape never fails the endpoint: the agent's metrics still matter then.
 */
export async function mergedMetrics(
  target: AppScrapeTarget | undefined,
  host: string,
  registry: Registry,
): Promise<string> {
  const own = await registry.metrics();
  if (!target) return own;
  const app = await scrapeApp(target, host).catch(() => '');
  return app === '' ? own : `${app.endsWith('\n') ? app : `${app}\n`}${own}`;
}

function scrapeApp(target: AppScrapeTarget, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      // Ask for the text format: merging OpenMetrics with text would produce neither.
      {
        host,
        port: target.port,
        path: target.path,
        headers: { accept: 'text/plain;version=0.0.4' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > APP_SCRAPE_MAX_BYTES) req.destroy(new Error('app metrics too large'));
          else chunks.push(chunk);
        });
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Buffer.concat(chunks).toString('utf8'))
            : reject(new Error(`HTTP ${res.statusCode ?? 0}`)),
        );
      },
    );
    req.setTimeout(APP_SCRAPE_TIMEOUT_MS, () => req.destroy(new Error('app scrape timeout')));
    req.on('error', reject);
    req.end();
  });
}
