import type { AuditReport, AuditResult, ResultStatus, Summary } from './result.js';
import { namespaceOfResult, summarize } from './result.js';

/** Which report API to render: the wg-policy PolicyReport, or its successor OpenReports. */
export type ReportFlavour = 'policyreport' | 'openreports';

/** How big reports may get (etcd objects are limited to ~1.5 MiB). */
export interface ReportBounds {
  /** Keep `pass` results (they are counted in the summary either way). Default true. */
  readonly includePass?: boolean;
  /** At most this many results per report; summaries stay exact. Default unlimited. */
  readonly maxResultsPerReport?: number;
}

/** The name every report gangway writes carries, so an update finds its own. */
export const REPORT_NAME = 'gangway-audit';
/** Labels of the reports gangway writes. */
export const REPORT_LABELS: Readonly<Record<string, string>> = {
  'app.kubernetes.io/managed-by': 'gangway',
};
/** Annotation saying how many results a bounded report left out. */
export const OMITTED_ANNOTATION = 'gangway.io/omitted-results';

/** A rendered report object, ready to print or apply. */
export type ReportObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels: Record<string, string>;
    annotations?: Record<string, string>;
  };
  summary: Summary;
  results: Record<string, unknown>[];
};

const FLAVOURS = {
  policyreport: {
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    namespaced: 'PolicyReport',
    cluster: 'ClusterPolicyReport',
  },
  openreports: {
    apiVersion: 'openreports.io/v1alpha1',
    namespaced: 'Report',
    cluster: 'ClusterReport',
  },
} as const;

/** A result as the report API spells it: empty collections and fields are left out. */
function renderResult(r: AuditResult): Record<string, unknown> {
  return {
    source: r.source,
    policy: r.policy,
    rule: r.rule,
    category: r.category,
    severity: r.severity,
    timestamp: { seconds: r.timestamp.seconds, nanos: r.timestamp.nanos },
    result: r.result,
    scored: r.scored,
    ...(r.resources.length > 0 ? { resources: r.resources.map((ref) => ({ ...ref })) } : {}),
    ...(r.message !== '' ? { message: r.message } : {}),
    ...(Object.keys(r.properties).length > 0 ? { properties: { ...r.properties } } : {}),
  };
}

function bounded(
  results: readonly AuditResult[],
  bounds: ReportBounds,
): { kept: AuditResult[]; omitted: number } {
  const filtered =
    bounds.includePass === false ? results.filter((r) => r.result !== 'pass') : [...results];
  const cap = bounds.maxResultsPerReport ?? Number.POSITIVE_INFINITY;
  const kept = filtered.slice(0, cap);
  return { kept, omitted: results.length - kept.length };
}

function statusFilter(bounds: ReportBounds): ResultStatus[] | undefined {
  return bounds.includePass === false ? ['fail', 'warn', 'error', 'skip'] : undefined;
}

function renderOne(
  namespace: string,
  results: readonly AuditResult[],
  flavour: ReportFlavour,
  bounds: ReportBounds,
): ReportObject {
  const f = FLAVOURS[flavour];
  const { kept, omitted } = bounded(results, bounds);
  const filter = statusFilter(bounds);
  const metadata = {
    name: REPORT_NAME,
    ...(namespace !== '' ? { namespace } : {}),
    labels: { ...REPORT_LABELS },
    ...(omitted > 0 ? { annotations: { [OMITTED_ANNOTATION]: String(omitted) } } : {}),
  };
  const openreports =
    flavour === 'openreports'
      ? {
          source: 'gangway',
          ...(bounds.maxResultsPerReport !== undefined || filter
            ? {
                configuration: {
                  limits: {
                    maxResults: bounds.maxResultsPerReport ?? 0,
                    ...(filter ? { statusFilter: filter } : {}),
                  },
                },
              }
            : {}),
        }
      : {};
  return {
    apiVersion: f.apiVersion,
    kind: namespace === '' ? f.cluster : f.namespaced,
    metadata,
    ...openreports,
    summary: summarize(results),
    results: kept.map(renderResult),
  };
}

/**
 * Renders an audit as one report per namespace plus one cluster report (for cluster-scoped
 * resources and load problems), sorted by namespace. Summaries count every result, including
 * those a bound leaves out, so they stay exact.
 */
export function renderPolicyReports(
  report: AuditReport,
  flavour: ReportFlavour,
  bounds: ReportBounds = {},
): ReportObject[] {
  const byNamespace = new Map<string, AuditResult[]>();
  for (const r of report.results) {
    const ns = namespaceOfResult(r);
    const list = byNamespace.get(ns);
    if (list) list.push(r);
    else byNamespace.set(ns, [r]);
  }
  if (!byNamespace.has('')) byNamespace.set('', []);
  return [...byNamespace.keys()]
    .sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
    .map((ns) => renderOne(ns, byNamespace.get(ns) ?? [], flavour, bounds));
}
