import type { Severity } from '../../metadata.js';
import { SEVERITIES, severityRank } from '../../metadata.js';
import type { AuditReport, AuditResult } from '../result.js';
import { countBySeverity, isFinding, namespaceOfResult } from '../result.js';
import { SCRIPT, STYLES } from './assets.js';
import type { Bar } from './charts.js';
import { renderBarChart } from './charts.js';
import { escapeHtml } from './escape.js';

const SEVERITY_COLORS: Readonly<Record<Severity, string>> = {
  critical: '#8f1111',
  high: '#e04f16',
  medium: '#f79009',
  low: '#2e90fa',
  info: '#98a2b3',
};

// The namespace and policy charts show the largest bars only, so a big cluster stays readable.
const TOP_BARS = 12;

function topBars(counts: Map<string, number>): Bar[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP_BARS)
    .map(([label, value]) => ({ label, value }));
}

function countBy(
  findings: readonly AuditResult[],
  key: (r: AuditResult) => string,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of findings) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
  return counts;
}

function totals(report: AuditReport, findings: readonly AuditResult[]): string {
  const bySeverity = countBySeverity(report.results);
  const cell = (id: string, value: number, label: string): string =>
    `<div class="total" id="${id}"><b>${value}</b><span>${label}</span></div>`;
  return [
    '<section class="totals">',
    cell('total-findings', findings.length, 'findings'),
    ...SEVERITIES.map((s) => cell(`count-${s}`, bySeverity[s], s)),
    ...(['pass', 'fail', 'warn', 'error', 'skip'] as const).map((r) =>
      cell(`result-${r}`, report.summary[r], r),
    ),
    '</section>',
  ].join('');
}

function charts(findings: readonly AuditResult[]): string {
  const bySeverity = countBy(findings, (r) => r.severity);
  const severityBars = SEVERITIES.map((s) => ({
    label: s,
    value: bySeverity.get(s) ?? 0,
    color: SEVERITY_COLORS[s],
  }));
  return [
    '<section class="charts">',
    renderBarChart('Findings by severity', severityBars, 'chart-severity'),
    renderBarChart(
      'Findings by namespace',
      topBars(countBy(findings, (r) => namespaceOfResult(r) || '(cluster)')),
      'chart-namespace',
    ),
    renderBarChart(
      'Findings by policy',
      topBars(countBy(findings, (r) => r.policy)),
      'chart-policy',
    ),
    '</section>',
  ].join('');
}

function options(id: string, label: string, values: readonly string[]): string {
  const items = values.map(
    (v) => `<option value="${escapeHtml(v)}">${escapeHtml(v || '(cluster)')}</option>`,
  );
  return `<select id="${id}" aria-label="${label}"><option value="">all ${label}</option>${items.join('')}</select>`;
}

function filters(findings: readonly AuditResult[]): string {
  const distinct = (key: (r: AuditResult) => string): string[] =>
    [...new Set(findings.map(key))].sort();
  return [
    '<section class="filters">',
    '<input id="filter-text" type="search" placeholder="Filter findings" aria-label="filter">',
    options(
      'filter-severity',
      'severities',
      SEVERITIES.filter((s) => findings.some((r) => r.severity === s)),
    ),
    options(
      'filter-result',
      'results',
      distinct((r) => r.result),
    ),
    options('filter-namespace', 'namespaces', distinct(namespaceOfResult)),
    options(
      'filter-policy',
      'policies',
      distinct((r) => r.policy),
    ),
    `<span>Showing <b id="visible-count">${findings.length}</b> of ${findings.length}</span>`,
    '</section>',
  ].join('');
}

function row(r: AuditResult, docs: ReadonlyMap<string, string>): string {
  const ref = r.resources[0];
  const resource = ref ? `${ref.kind}/${ref.name}` : (r.properties['file'] ?? '-');
  const ns = namespaceOfResult(r);
  const href = docs.get(r.policy);
  const policy = href
    ? `<a href="${escapeHtml(href)}">${escapeHtml(r.policy)}</a>`
    : escapeHtml(r.policy);
  const data = `data-severity="${r.severity}" data-rank="${severityRank(r.severity)}" data-result="${r.result}" data-namespace="${escapeHtml(ns)}" data-policy="${escapeHtml(r.policy)}"`;
  return [
    `<tr ${data}>`,
    `<td class="sev sev-${r.severity}">${r.severity}</td><td>${r.result}</td>`,
    `<td>${escapeHtml(ns || '(cluster)')}</td><td>${escapeHtml(resource)}</td>`,
    `<td>${policy}</td><td>${escapeHtml(r.rule)}</td><td>${escapeHtml(r.message)}</td></tr>`,
  ].join('');
}

function table(findings: readonly AuditResult[], report: AuditReport): string {
  const docs = new Map(report.policies.map((p) => [p.name, p.docsUrl]));
  const head = [
    ['rank', 'Severity'],
    ['result', 'Result'],
    ['namespace', 'Namespace'],
    ['', 'Resource'],
    ['policy', 'Policy'],
    ['', 'Rule'],
    ['', 'Message'],
  ]
    .map(([key, label]) => `<th data-key="${key ?? ''}" scope="col">${label ?? ''}</th>`)
    .join('');
  const rows = findings.map((r) => row(r, docs)).join('\n');
  return `<table id="findings"><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/**
 * `-o html`: one self-contained page (inline CSS, SVG and script; no network): totals by
 * severity and result, charts by severity, namespace and policy, and a filterable, sortable
 * table of findings linking each policy to its documentation.
 */
export function renderHtml(report: AuditReport): string {
  const findings = report.results.filter((r) => isFinding(r) || r.result === 'skip');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>gangway audit: ${escapeHtml(report.source)}</title>`,
    `<style>${STYLES}</style></head><body>`,
    `<h1>gangway audit</h1><div class="meta">${escapeHtml(report.source)} · ${escapeHtml(report.generatedAt)}</div>`,
    totals(report, report.results.filter(isFinding)),
    charts(report.results.filter(isFinding)),
    filters(findings),
    table(findings, report),
    `<script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
