import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The webhook metrics every admission route records. */
export interface WebhookMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'webhook' | 'decision' | 'code'>;
  readonly duration: Histogram<'webhook'>;
  readonly injections: Counter<'result' | 'reason'>;
}

/**
 * Builds a registry with gangway's webhook metrics. Each server gets its own registry, so tests and
 * benchmarks never share counters through prom-client's global one.
 */
export function createWebhookMetrics(options: { processMetrics?: boolean } = {}): WebhookMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: 'gangway_webhook_requests_total',
      help: 'Admission reviews answered, by webhook, decision and status code.',
      labelNames: ['webhook', 'decision', 'code'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'gangway_webhook_duration_seconds',
      help: 'Time from receiving an admission review to answering it.',
      labelNames: ['webhook'],
      // Admission latency budgets are milliseconds; the API server times out at 10 s by default.
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 2.5, 10],
      registers: [registry],
    }),
    injections: new Counter({
      name: 'gangway_injections_total',
      help: 'Pods seen by the injector, by result (injected, skipped, refused) and reason code.',
      labelNames: ['result', 'reason'],
      registers: [registry],
    }),
  };
}
