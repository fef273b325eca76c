import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { AuditReport } from '../report/result.js';
import { isFinding, namespaceOfResult } from '../report/result.js';

/** The gauges the background audit keeps current. */
export interface AuditMetrics {
  readonly violations: Gauge<'policy' | 'severity' | 'namespace'>;
  readonly results: Gauge<'result'>;
  readonly lastRun: Gauge;
  readonly duration: Gauge;
}

/** Registers the audit gauges on a registry (the server's, so /metrics shows them). */
export function createAuditMetrics(registry: Registry): AuditMetrics {
  return {
    violations: new Gauge({
      name: 'gangway_policy_violations',
      help: 'Findings (fail, warn, error) of the last audit, by policy or analyzer, severity and namespace.',
      labelNames: ['policy', 'severity', 'namespace'],
      registers: [registry],
    }),
    results: new Gauge({
      name: 'gangway_audit_results',
      help: 'Results of the last audit, by result (pass, fail, warn, error, skip).',
      labelNames: ['result'],
      registers: [registry],
    }),
    lastRun: new Gauge({
      name: 'gangway_audit_last_run_timestamp_seconds',
      help: 'When the last audit finished, in seconds since the epoch.',
      registers: [registry],
    }),
    duration: new Gauge({
      name: 'gangway_audit_duration_seconds',
      help: 'How long the last audit took, snapshot included.',
      registers: [registry],
    }),
  };
}

/** Replaces the gauges' values with those of a report (series of vanished findings go away). */
export function recordAudit(
  metrics: AuditMetrics,
  report: AuditReport,
  durationMs: number,
  nowMs: number,
): void {
  const counts = new Map<
    string,
    { labels: { policy: string; severity: string; namespace: string }; n: number }
  >();
  for (const r of report.results) {
    if (!isFinding(r)) continue;
    const labels = { policy: r.policy, severity: r.severity, namespace: namespaceOfResult(r) };
    const key = `${labels.policy}\u0000${labels.severity}\u0000${labels.namespace}`;
    const entry = counts.get(key) ?? { labels, n: 0 };
    entry.n++;
    counts.set(key, entry);
  }
  metrics.violations.reset();
  for (const { labels, n } of counts.values()) metrics.violations.set(labels, n);
  for (const [result, n] of Object.entries(report.summary)) metrics.results.set({ result }, n);
  metrics.lastRun.set(nowMs / 1000);
  metrics.duration.set(durationMs / 1000);
}
