import type { Severity } from '../metadata.js';
import type { AuditReport, AuditResult, PolicyInfo } from './result.js';
import { isFinding } from './result.js';

/** SARIF's result levels. */
type Level = 'error' | 'warning' | 'note';

const LEVELS: Readonly<Record<Severity, Level>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

function rule(info: PolicyInfo): Record<string, unknown> {
  return {
    id: info.name,
    name: info.name,
    shortDescription: { text: info.description || info.name },
    helpUri: info.docsUrl,
    defaultConfiguration: { level: LEVELS[info.severity] },
    properties: { category: info.category, severity: info.severity, kind: info.kind },
  };
}

function location(r: AuditResult): Record<string, unknown> {
  const ref = r.resources[0];
  const file = r.properties['file'];
  const line = Number(r.properties['line'] ?? '0');
  return {
    ...(file
      ? {
          physicalLocation: {
            artifactLocation: { uri: file },
            region: { startLine: line > 0 ? line : 1 },
          },
        }
      : {}),
    ...(ref
      ? {
          logicalLocations: [
            {
              fullyQualifiedName: [ref.namespace, ref.kind, ref.name].filter(Boolean).join('/'),
              kind: 'resource',
            },
          ],
        }
      : {}),
  };
}

function result(r: AuditResult, ruleIndex: Map<string, number>): Record<string, unknown> {
  const index = ruleIndex.get(r.policy);
  const where = location(r);
  return {
    ruleId: r.policy,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: LEVELS[r.severity],
    kind: 'fail',
    message: { text: r.message },
    ...(Object.keys(where).length > 0 ? { locations: [where] } : {}),
    properties: {
      rule: r.rule,
      result: r.result,
      severity: r.severity,
      category: r.category,
      ...r.properties,
    },
  };
}

/** Options of the SARIF writer. */
export interface SarifOptions {
  /** gangway's version, for `tool.driver.version`. */
  readonly toolVersion?: string;
}

/**
 * `-o sarif`: SARIF 2.1.0 for code scanning. One rule per policy or analyzer; one result per
 * finding (pass and skip are left out), located by manifest file and line when audited with
 * `--from`, and always by a logical location `namespace/Kind/name`.
 */
export function renderSarif(report: AuditReport, options: SarifOptions = {}): string {
  const ruleIndex = new Map(report.policies.map((p, i) => [p.name, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gangway',
            informationUri: 'https://github.com/gangway-mesh/gangway',
            version: options.toolVersion ?? '0.1.0',
            rules: report.policies.map(rule),
          },
        },
        results: report.results.filter(isFinding).map((r) => result(r, ruleIndex)),
        properties: {
          source: report.source,
          generatedAt: report.generatedAt,
          summary: report.summary,
        },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
