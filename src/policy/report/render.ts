import type { ReportBounds } from './policy-report.js';
import { renderPolicyReports } from './policy-report.js';
import type { AuditReport } from './result.js';
import { renderJson, renderObjectsYaml, renderYaml } from './structured.js';
import { renderHtml } from './html/html.js';
import { renderJunit } from './junit.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';

/** Every `-o` format of `gangway audit`. */
export const OUTPUT_FORMATS = [
  'table',
  'json',
  'yaml',
  'junit',
  'sarif',
  'html',
  'policyreport',
  'openreports',
] as const;

/** An output format. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Options shared by the writers. */
export interface RenderOptions {
  /** Colour the table (only on a terminal). */
  readonly color?: boolean;
  /** Bounds of PolicyReport and OpenReports output. */
  readonly bounds?: ReportBounds;
}

type Writer = (report: AuditReport, options: RenderOptions) => string;

const writers: Record<OutputFormat, Writer> = {
  table: (report, options) => renderTable(report, { color: options.color ?? false }),
  json: (report) => renderJson(report),
  yaml: (report) => renderYaml(report),
  junit: (report) => renderJunit(report),
  sarif: (report) => renderSarif(report),
  html: (report) => renderHtml(report),
  policyreport: (report, options) =>
    renderObjectsYaml(renderPolicyReports(report, 'policyreport', options.bounds)),
  openreports: (report, options) =>
    renderObjectsYaml(renderPolicyReports(report, 'openreports', options.bounds)),
};

/** Renders a report in one of the output formats. */
export function renderReport(
  report: AuditReport,
  format: OutputFormat,
  options: RenderOptions = {},
): string {
  return writers[format](report, options);
}
