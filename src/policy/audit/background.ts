import type { Registry } from 'prom-client';
import type { Clock } from '../../shared/clock.js';
import { systemClock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { Analyzer } from '../analyzers/analyzer.js';
import type { ClusterState } from '../cluster/cluster-state.js';
import { createClusterState } from '../cluster/cluster-state.js';
import type { PolicyEngine } from '../engine.js';
import type { LoadProblem } from '../problems.js';
import type { ReportBounds, ReportFlavour } from '../report/policy-report.js';
import { renderPolicyReports } from '../report/policy-report.js';
import type { AuditReport } from '../report/result.js';
import type { AuditMetrics } from './metrics.js';
import { createAuditMetrics, recordAudit } from './metrics.js';
import type { ReportStore } from './report-sink.js';
import { applyReports } from './report-sink.js';
import { auditSnapshot } from './run-audit.js';
import type { ClusterSnapshotSource } from './snapshot.js';

/** Ten minutes: frequent enough for dashboards, cheap enough for a large cluster's API server. */
export const DEFAULT_AUDIT_INTERVAL_MS = 10 * 60 * 1000;

/** Bounds of reports written by `serve`: no pass results, 1000 per report (etcd's object limit). */
export const DEFAULT_SERVE_BOUNDS: ReportBounds = { includePass: false, maxResultsPerReport: 1000 };

/** What the background audit needs; the lead wires it into `gangway serve`. */
export interface BackgroundAuditOptions {
  readonly engine: PolicyEngine;
  readonly source: ClusterSnapshotSource;
  readonly analyzers?: readonly Analyzer[];
  readonly problems?: readonly LoadProblem[];
  /** Where PolicyReports go; none are written without it. */
  readonly store?: ReportStore;
  readonly reportApi?: ReportFlavour;
  readonly bounds?: ReportBounds;
  /** The registry the gauges go to; no metrics without it. */
  readonly registry?: Registry;
  /** `--audit-interval`; {@link DEFAULT_AUDIT_INTERVAL_MS} by default. */
  readonly intervalMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** A running background audit. */
export interface BackgroundAudit {
  /** The cluster state of the last snapshot, for the admission handler; undefined before one. */
  state(): ClusterState | undefined;
  lastReport(): AuditReport | undefined;
  /** Runs an audit now (or joins the one running) and resolves with its report. */
  runNow(): Promise<AuditReport>;
  /** Stops the timer and waits for a running audit to finish. */
  stop(): Promise<void>;
}

/** One audit run: snapshot, evaluation, gauges, reports. */
async function auditOnce(
  options: BackgroundAuditOptions,
  clock: Clock,
  metrics: AuditMetrics | undefined,
): Promise<{ state: ClusterState; report: AuditReport }> {
  const started = clock.now();
  const snapshot = await options.source.fetch();
  const state = createClusterState(snapshot.objects.map((o) => o.object));
  const report = auditSnapshot(snapshot, {
    engine: options.engine,
    analyzers: options.analyzers ?? [],
    problems: options.problems ?? [],
    now: clock.now(),
    state,
  });
  if (metrics) recordAudit(metrics, report, clock.now() - started, clock.now());
  if (options.store) {
    const bounds = options.bounds ?? DEFAULT_SERVE_BOUNDS;
    const reports = renderPolicyReports(report, options.reportApi ?? 'policyreport', bounds);
    const outcome = await applyReports(options.store, reports);
    for (const failure of outcome.failed)
      options.logger?.warn({ failure }, 'policy report not written');
  }
  options.logger?.info({ summary: report.summary, ms: clock.now() - started }, 'audit finished');
  return { state, report };
}

/**
 * Audits the cluster every interval: a fresh snapshot, every policy and analyzer, then gauges and
 * (when a store is given) PolicyReports. Failure mode: a failed run is logged and retried at the
 * next tick; the previous state and report stay in use, so admission is never affected.
 */
export function startBackgroundAudit(options: BackgroundAuditOptions): BackgroundAudit {
  const clock = options.clock ?? systemClock;
  const metrics = options.registry ? createAuditMetrics(options.registry) : undefined;
  let last: { state: ClusterState; report: AuditReport } | undefined;
  let running: Promise<AuditReport> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const runNow = (): Promise<AuditReport> => {
    running ??= auditOnce(options, clock, metrics)
      .then((result) => ((last = result), result.report))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const tick = (): void => {
    void runNow()
      .catch((error: unknown) => options.logger?.error({ err: error }, 'audit failed'))
      .finally(() => {
        if (stopped) return;
        timer = setTimeout(tick, options.intervalMs ?? DEFAULT_AUDIT_INTERVAL_MS);
        timer.unref();
      });
  };
  tick();
  return {
    state: () => last?.state,
    lastReport: () => last?.report,
    runNow,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
