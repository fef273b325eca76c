import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import * as ajvFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import {
  renderPolicyReports,
  renderReport,
  summarize,
  type AuditReport,
} from '../../src/policy/index.js';
import { auditFile, FIXTURES } from './helpers.js';

function schema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(import.meta.dirname, 'schemas', name), 'utf8')) as Record<
    string,
    unknown
  >;
}

// ajv-formats is CommonJS: its function is module.exports, which ESM sees as the default.
const addFormats = ajvFormats.default as unknown as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(schema('policy-report.schema.json'), 'policy-report.schema.json');
const validatePolicyReport = ajv.getSchema('policy-report.schema.json')!;
const validateOpenReport = ajv.compile(schema('openreports.schema.json'));
const validateSarif = ajv.compile(schema('sarif-2.1.0.schema.json'));

let report: AuditReport;
beforeAll(async () => {
  report = await auditFile(join(FIXTURES, 'golden', 'shop-end-to-end', 'input.yaml'));
});

describe('PolicyReport and OpenReports', () => {
  it('renders one report per namespace and a cluster report, valid against the CRD schema', () => {
    const reports = renderPolicyReports(report, 'policyreport');
    expect(reports.map((r) => `${r.kind}/${r.metadata.namespace ?? ''}`)).toEqual([
      'PolicyReport/istio-system',
      'PolicyReport/shop',
      'ClusterPolicyReport/',
    ]);
    for (const r of reports)
      expect(validatePolicyReport(r), ajv.errorsText(validatePolicyReport.errors)).toBe(true);
    const total = reports.reduce((n, r) => n + r.summary.pass + r.summary.fail + r.summary.warn, 0);
    expect(total).toBe(report.summary.pass + report.summary.fail + report.summary.warn);
  });

  it('keeps summaries exact when pass results are omitted and reports are capped', () => {
    const full = renderPolicyReports(report, 'policyreport');
    const bounded = renderPolicyReports(report, 'policyreport', {
      includePass: false,
      maxResultsPerReport: 3,
    });
    for (const [i, r] of bounded.entries()) {
      expect(r.summary).toEqual(full[i]?.summary);
      expect(r.results.length).toBeLessThanOrEqual(3);
      expect(r.results.every((x) => x['result'] !== 'pass')).toBe(true);
      expect(validatePolicyReport(r)).toBe(true);
    }
    const shop = bounded.find((r) => r.metadata.namespace === 'shop');
    expect(Number(shop?.metadata.annotations?.['gangway.io/omitted-results'])).toBe(
      (full[1]?.results.length ?? 0) - 3,
    );
  });

  it('renders OpenReports with source and limits', () => {
    const reports = renderPolicyReports(report, 'openreports', {
      includePass: false,
      maxResultsPerReport: 50,
    });
    expect(reports.map((r) => r.kind)).toEqual(['Report', 'Report', 'ClusterReport']);
    for (const r of reports)
      expect(validateOpenReport(r), ajv.errorsText(validateOpenReport.errors)).toBe(true);
    expect(reports[0]?.['configuration']).toEqual({
      limits: { maxResults: 50, statusFilter: ['fail', 'warn', 'error', 'skip'] },
    });
  });

  it('prints as a multi-document YAML stream', () => {
    const docs = parseAllDocuments(renderReport(report, 'policyreport')).map(
      (d) => d.toJS() as { kind: string },
    );
    expect(docs.map((d) => d.kind)).toEqual([
      'PolicyReport',
      'PolicyReport',
      'ClusterPolicyReport',
    ]);
  });
});

describe('SARIF', () => {
  it('is valid SARIF 2.1.0 with one result per finding, located by file and line', () => {
    const sarif = JSON.parse(renderReport(report, 'sarif')) as {
      runs: {
        results: {
          ruleId: string;
          locations: { physicalLocation: { region: { startLine: number } } }[];
        }[];
        tool: { driver: { rules: { id: string }[] } };
      }[];
    };
    expect(validateSarif(sarif), ajv.errorsText(validateSarif.errors)).toBe(true);
    const run = sarif.runs[0]!;
    expect(run.results).toHaveLength(
      report.summary.fail + report.summary.warn + report.summary.error,
    );
    expect(run.results.every((r) => r.locations[0]!.physicalLocation.region.startLine >= 1)).toBe(
      true,
    );
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(run.results.every((r) => ids.includes(r.ruleId))).toBe(true);
  });
});

describe('JUnit, JSON, YAML and table', () => {
  it('JUnit counts one testcase per result', () => {
    const xml = renderReport(report, 'junit');
    expect(xml.match(/<testcase /g)).toHaveLength(report.results.length);
    expect(xml).toContain(`failures="${report.summary.fail + report.summary.warn}"`);
    expect(xml).not.toMatch(/message="[^"]*[<>][^"]*"/);
  });

  it('JSON and YAML carry the same report with exact counts', () => {
    const json = JSON.parse(renderReport(report, 'json')) as {
      summary: unknown;
      results: AuditReport['results'];
    };
    expect(json.summary).toEqual(summarize(json.results));
    expect(parse(renderReport(report, 'yaml'))).toEqual(json);
  });

  it('the table groups findings by namespace, colours only when asked', () => {
    const plain = renderReport(report, 'table');
    expect(plain).toContain('Namespace shop\n');
    expect(plain).toContain('Cluster-scoped and policy files');
    expect(plain).not.toContain('\u001b[');
    expect(plain.trimEnd().split('\n').at(-2)).toBe(
      `${report.summary.pass} pass, ${report.summary.fail} fail, ${report.summary.warn} warn, 0 error, 0 skip`,
    );
    expect(renderReport(report, 'table', { color: true })).toContain('\u001b[');
  });
});

describe('the schemas themselves', () => {
  it('reject a misspelt result field, an unknown severity and a bad SARIF level', () => {
    const good = renderPolicyReports(report, 'policyreport')[0]!;
    const misspelt = { ...good, results: [{ ...good.results[0], mesage: 'x' }] };
    expect(validatePolicyReport(misspelt)).toBe(false);
    const severity = { ...good, results: [{ ...good.results[0], severity: 'severe' }] };
    expect(validatePolicyReport(severity)).toBe(false);
    const sarif = JSON.parse(renderReport(report, 'sarif')) as {
      runs: { results: { level: string }[] }[];
    };
    sarif.runs[0]!.results[0]!.level = 'fatal';
    expect(validateSarif(sarif)).toBe(false);
  });
});
