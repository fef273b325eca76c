import type { Severity } from '../metadata.js';
import { SEVERITIES } from '../metadata.js';
import type { AuditReport, AuditResult } from './result.js';
import { countBySeverity, isFinding, namespaceOfResult } from './result.js';

/** Options of the table writer. */
export interface TableOptions {
  /** ANSI colours, only when writing to a terminal. */
  readonly color: boolean;
}

const COLORS: Readonly<Record<Severity, string>> = {
  critical: '\u001b[1;31m',
  high: '\u001b[31m',
  medium: '\u001b[33m',
  low: '\u001b[36m',
  info: '\u001b[2m',
};
const RESET = '\u001b[0m';
const BOLD = '\u001b[1m';

function resourceLabel(r: AuditResult): string {
  const ref = r.resources[0];
  if (!ref)
    return r.properties['file'] ? `${r.properties['file']}:${r.properties['line'] ?? ''}` : '-';
  return `${ref.kind}/${ref.name}`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function renderGroup(
  title: string,
  findings: readonly AuditResult[],
  options: TableOptions,
): string[] {
  const rows = findings.map((r) => [
    r.severity,
    r.result,
    resourceLabel(r),
    `${r.policy} ${r.rule}`,
    r.message,
  ]);
  const header = ['SEVERITY', 'RESULT', 'RESOURCE', 'POLICY', 'MESSAGE'];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i] ?? 0))).join('  ');
  const out = [options.color ? `${BOLD}${title}${RESET}` : title, `  ${line(header)}`];
  for (const [i, row] of rows.entries()) {
    const text = `  ${line(row)}`;
    const severity = findings[i]?.severity ?? 'info';
    out.push(options.color ? `${COLORS[severity]}${text}${RESET}` : text);
  }
  return out;
}

/** The summary lines: counts by result and findings by severity. */
export function summaryLines(report: AuditReport): string[] {
  const s = report.summary;
  const bySeverity = countBySeverity(report.results);
  const severities = SEVERITIES.map((sev) => `${sev} ${bySeverity[sev]}`).join(', ');
  return [
    `${s.pass} pass, ${s.fail} fail, ${s.warn} warn, ${s.error} error, ${s.skip} skip`,
    `findings by severity: ${severities}`,
  ];
}

/**
 * The default output: findings grouped by namespace (cluster-scoped and policy-load results
 * last), one aligned table each, then the exact summary. Passing results are only counted.
 */
export function renderTable(report: AuditReport, options: TableOptions): string {
  const groups = new Map<string, AuditResult[]>();
  for (const r of report.results.filter(isFinding)) {
    const ns = namespaceOfResult(r);
    groups.set(ns, [...(groups.get(ns) ?? []), r]);
  }
  const names = [...groups.keys()].sort((a, b) =>
    a === '' ? 1 : b === '' ? -1 : a.localeCompare(b),
  );
  const lines: string[] = [`gangway audit of ${report.source} at ${report.generatedAt}`, ''];
  for (const ns of names) {
    const title = ns === '' ? 'Cluster-scoped and policy files' : `Namespace ${ns}`;
    lines.push(...renderGroup(title, groups.get(ns) ?? [], options), '');
  }
  if (names.length === 0) lines.push('No findings.', '');
  lines.push(...summaryLines(report));
  return `${lines.join('\n')}\n`;
}
