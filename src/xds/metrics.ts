import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What the xDS server records; every method is cheap and never throws. */
export interface XdsMetrics {
  /** One response written to a proxy; for pushes, how long after its snapshot was published. */
  pushed(type: string, secondsSincePublish: number | undefined): void;
  /** A proxy rejected a response. */
  nacked(type: string): void;
  /** A proxy acknowledged a version, this long after the config change it reflects. */
  converged(type: string, secondsSinceChange: number): void;
  /** A stream opened (+1) or closed (-1). */
  connection(delta: number): void;
  /** A stream was refused before it started, by reason. */
  refused(reason: string): void;
}

/** A metrics sink that records nothing, for tests and callers without a registry. */
export const noXdsMetrics: XdsMetrics = {
  pushed: () => undefined,
  nacked: () => undefined,
  converged: () => undefined,
  connection: () => undefined,
  refused: () => undefined,
};

function reuse<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

// Pushes take milliseconds; the debounce window is 100 ms and convergence beyond 10 s is an incident.
const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Registers (or reuses, when a second server shares the registry) the xDS metrics. */
export function createXdsMetrics(registry: Registry): XdsMetrics {
  const registers = [registry];
  const pushes = reuse(registry, 'gangway_xds_pushes_total', () => {
    const help = 'xDS responses written to proxies, by type.';
    return new Counter({ name: 'gangway_xds_pushes_total', help, labelNames: ['type'], registers });
  });
  const pushTime = reuse(registry, 'gangway_xds_push_seconds', () => {
    const help = 'Time from publishing a snapshot to writing it to one proxy.';
    const name = 'gangway_xds_push_seconds';
    return new Histogram({ name, help, labelNames: ['type'], buckets: LATENCY_BUCKETS, registers });
  });
  const nacks = reuse(registry, 'gangway_xds_nacks_total', () => {
    const help = 'xDS responses proxies rejected (NACK), by type.';
    return new Counter({ name: 'gangway_xds_nacks_total', help, labelNames: ['type'], registers });
  });
  const convergence = reuse(registry, 'gangway_xds_convergence_seconds', () => {
    const help = 'Time from a config change to a proxy acknowledging the version that reflects it.';
    const name = 'gangway_xds_convergence_seconds';
    return new Histogram({ name, help, labelNames: ['type'], buckets: LATENCY_BUCKETS, registers });
  });
  const connected = reuse(registry, 'gangway_xds_connected_clients', () => {
    const help = 'Open ADS streams.';
    return new Gauge({ name: 'gangway_xds_connected_clients', help, registers });
  });
  const refusals = reuse(registry, 'gangway_xds_refused_streams_total', () => {
    const help = 'ADS streams refused before they started, by reason.';
    const name = 'gangway_xds_refused_streams_total';
    return new Counter({ name, help, labelNames: ['reason'], registers });
  });
  return {
    pushed(type, seconds) {
      pushes.inc({ type });
      if (seconds !== undefined) pushTime.observe({ type }, seconds);
    },
    nacked: (type) => nacks.inc({ type }),
    converged: (type, seconds) => convergence.observe({ type }, seconds),
    connection: (delta) => connected.inc(delta),
    refused: (reason) => refusals.inc({ reason }),
  };
}
