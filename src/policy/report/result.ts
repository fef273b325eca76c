import type { ObjectReference } from '../cluster/objects.js';
import type { Severity } from '../metadata.js';
import { SEVERITIES } from '../metadata.js';

/** The result of one rule for one resource, as a PolicyReport names it. */
export type ResultStatus = 'pass' | 'fail' | 'warn' | 'error' | 'skip';

/** Every status, in report order. */
export const RESULT_STATUSES: readonly ResultStatus[] = ['pass', 'fail', 'warn', 'error', 'skip'];

/**
 * One audit result, field for field a wgpolicyk8s.io PolicyReport result, so every writer renders
 * the same model and the PolicyReport writer is a projection, not a translation.
 */
export interface AuditResult {
  readonly policy: string;
  readonly rule: string;
  readonly result: ResultStatus;
  readonly severity: Severity;
  readonly category: string;
  readonly message: string;
  /** The resource the result is about; empty for results about a policy file itself. */
  readonly resources: readonly ObjectReference[];
  /** Extra facts as strings: binding, actions, analyzer code, file and line of the manifest. */
  readonly properties: Readonly<Record<string, string>>;
  readonly timestamp: { readonly seconds: number; readonly nanos: number };
  readonly source: 'gangway';
  readonly scored: boolean;
}

/** Counts of results by status. */
export type Summary = Record<ResultStatus, number>;

/** What a report says about a policy or analyzer, for tables, HTML and SARIF rules. */
export interface PolicyInfo {
  readonly name: string;
  readonly kind: 'policy' | 'analyzer';
  readonly severity: Severity;
  readonly category: string;
  readonly description: string;
  readonly docsUrl: string;
}

/** A finished audit: results, exact counts, and what produced them. */
export interface AuditReport {
  readonly results: readonly AuditResult[];
  readonly summary: Summary;
  readonly policies: readonly PolicyInfo[];
  /** What was audited, e.g. `dir:manifests/` or `cluster:kind-dev`. */
  readonly source: string;
  /** RFC 3339 time of the audit. */
  readonly generatedAt: string;
}

/** Counts results by status. */
export function summarize(results: readonly AuditResult[]): Summary {
  const summary: Summary = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const r of results) summary[r.result]++;
  return summary;
}

/** Whether a result is a finding (anything but pass and skip). */
export function isFinding(result: AuditResult): boolean {
  return result.result === 'fail' || result.result === 'warn' || result.result === 'error';
}

/** Counts findings by severity, most severe first. */
export function countBySeverity(results: readonly AuditResult[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const r of results) if (isFinding(r)) counts[r.severity]++;
  return counts;
}

/** The namespace of a result's resource, or `` for cluster-scoped and resource-less results. */
export function namespaceOfResult(result: AuditResult): string {
  return result.resources[0]?.namespace ?? '';
}

function sortKey(r: AuditResult): string {
  const rank = isFinding(r)
    ? SEVERITIES.indexOf(r.severity)
    : SEVERITIES.length + (r.result === 'pass' ? 0 : 1);
  const res = r.resources[0];
  return [rank, res?.namespace ?? '', res?.kind ?? '', res?.name ?? '', r.policy, r.rule].join(
    '\u0000',
  );
}

/**
 * Orders results for output: findings first by severity, then namespace, kind, name, policy and
 * rule; passes and skips last. Keys are computed once per result, not per comparison.
 */
export function sortResults(results: readonly AuditResult[]): AuditResult[] {
  return results
    .map((r) => ({ r, key: sortKey(r) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ r }) => r);
}
