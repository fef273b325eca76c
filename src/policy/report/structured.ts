import { stringify } from 'yaml';
import type { AuditReport } from './result.js';

/** The envelope of `-o json` and `-o yaml`: the whole report, one document. */
export function toReportDocument(report: AuditReport): Record<string, unknown> {
  return {
    apiVersion: 'gangway.io/v1alpha1',
    kind: 'AuditReport',
    source: report.source,
    generatedAt: report.generatedAt,
    summary: report.summary,
    policies: report.policies,
    results: report.results,
  };
}

/** `-o json`. */
export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(toReportDocument(report), null, 2)}\n`;
}

/** `-o yaml`. */
export function renderYaml(report: AuditReport): string {
  return stringify(toReportDocument(report), { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Several Kubernetes objects as one multi-document YAML stream. */
export function renderObjectsYaml(objects: readonly unknown[]): string {
  return objects
    .map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false }))
    .join('---\n');
}
