import { Counter, Gauge, type Registry } from 'prom-client';

/** The agent's own metrics. */
export interface AgentMetrics {
  certificateRequest(result: 'issued' | 'failed'): void;
  certificateExpiry(notAfterMs: number | undefined): void;
  sdsPush(): void;
}

/** Registers the agent metrics in `registry` (reusing them if a second agent shares it). */
export function createAgentMetrics(registry: Registry): AgentMetrics {
  const reuse = <T>(name: string, create: () => T): T =>
    (registry.getSingleMetric(name) as T | undefined) ?? create();
  const requests = reuse(
    'gangway_agent_certificate_requests_total',
    () =>
      new Counter({
        name: 'gangway_agent_certificate_requests_total',
        help: 'Certificate requests the agent made to the CA, by result.',
        labelNames: ['result'],
        registers: [registry],
      }),
  );
  const expiry = reuse(
    'gangway_agent_certificate_expiry_timestamp_seconds',
    () =>
      new Gauge({
        name: 'gangway_agent_certificate_expiry_timestamp_seconds',
        help: 'When the workload certificate in use expires (0: none in use).',
        registers: [registry],
      }),
  );
  const pushes = reuse(
    'gangway_agent_sds_pushes_total',
    () =>
      new Counter({
        name: 'gangway_agent_sds_pushes_total',
        help: 'SDS responses sent to Envoy.',
        registers: [registry],
      }),
  );
  return {
    certificateRequest: (result) => requests.inc({ result }),
    certificateExpiry: (notAfterMs) => expiry.set(notAfterMs === undefined ? 0 : notAfterMs / 1000),
    sdsPush: () => pushes.inc(),
  };
}

const XDS_STREAMS = 'gangway_agent_xds_streams';

/** Registers a gauge of the xDS proxy's open downstream streams, read at scrape time. */
export function registerXdsStreamsGauge(registry: Registry, read: () => number): void {
  if (registry.getSingleMetric(XDS_STREAMS)) return;
  new Gauge({
    name: XDS_STREAMS,
    help: 'xDS streams the local proxy or gRPC app holds open through the agent.',
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}
