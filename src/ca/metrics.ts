import { Counter, Histogram, type Registry } from 'prom-client';
import type { RefusalReason } from './refusals.js';

/** The CA's metrics, registered in the registry the caller owns. */
export interface CaMetrics {
  /** Counts one refused request. */
  refused(reason: RefusalReason): void;
  /** Counts one issued certificate and how long the call took. */
  issued(seconds: number): void;
}

/** Registers (or reuses, when a second server shares the registry) the CA metrics. */
export function createCaMetrics(registry: Registry): CaMetrics {
  const refusals = reuse(registry, 'gangway_ca_refusals_total', (name) => {
    const help = 'Certificate requests the CA refused, by reason.';
    return new Counter({ name, help, labelNames: ['reason'], registers: [registry] });
  });
  const issued = reuse(registry, 'gangway_ca_certificates_issued_total', (name) => {
    const help = 'Workload certificates the CA issued.';
    return new Counter({ name, help, registers: [registry] });
  });
  const duration = reuse(registry, 'gangway_ca_issue_duration_seconds', (name) => {
    const help = 'Time to authenticate, check and sign one request.';
    // Issuance takes about a millisecond; the buckets resolve that and show stalls up to 1 s.
    const buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1];
    return new Histogram({ name, help, buckets, registers: [registry] });
  });
  return {
    refused: (reason) => refusals.inc({ reason }),
    issued: (seconds) => {
      issued.inc();
      duration.observe(seconds);
    },
  };
}

function reuse<T>(registry: Registry, name: string, create: (name: string) => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create(name);
}
