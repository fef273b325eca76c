import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ANALYZERS, isFinding, summarize, type AuditReport } from '../../src/policy/index.js';
import { auditFile, builtinEngine, FIXTURES } from './helpers.js';

/**
 * Golden audits: each directory under fixtures/golden holds input.yaml and expected.yaml. A
 * `policy-<name>` case keeps only that policy's results, `analyzer-<code>` only that analyzer's;
 * other cases keep everything. UPDATE_GOLDEN=1 rewrites expected.yaml; a stale one fails.
 */
const GOLDEN = join(FIXTURES, 'golden');
const update = process.env['UPDATE_GOLDEN'] === '1';
const cases = readdirSync(GOLDEN, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

function focusOf(name: string): string | undefined {
  if (name.startsWith('policy-')) return name.slice('policy-'.length);
  if (name.startsWith('analyzer-')) return name.slice('analyzer-'.length).toUpperCase();
  return undefined;
}

function expectedOf(report: AuditReport, focus: string | undefined): Record<string, unknown> {
  const results = report.results.filter((r) => focus === undefined || r.policy === focus);
  const findings = results.filter(isFinding).map((r) => {
    const ref = r.resources[0];
    return {
      result: r.result,
      severity: r.severity,
      policy: r.policy,
      rule: r.rule,
      resource: ref ? `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}` : '-',
      line: Number(r.properties['line'] ?? 0),
      message: r.message.replace(`${GOLDEN}/`, ''),
    };
  });
  return { summary: summarize(results), findings };
}

describe('golden audits', () => {
  for (const name of cases) {
    it(name, async () => {
      const report = await auditFile(join(GOLDEN, name, 'input.yaml'));
      const actual = expectedOf(report, focusOf(name));
      const file = join(GOLDEN, name, 'expected.yaml');
      if (update) writeFileSync(file, stringify(actual, { lineWidth: 0 }));
      expect(
        existsSync(file),
        `${relative(process.cwd(), file)} missing: run with UPDATE_GOLDEN=1`,
      ).toBe(true);
      expect(actual).toEqual(parse(readFileSync(file, 'utf8')));
    });
  }

  it('covers every built-in policy and every analyzer with a finding', async () => {
    const engine = await builtinEngine();
    const covered = new Set<string>();
    for (const name of cases) {
      const expected = parse(readFileSync(join(GOLDEN, name, 'expected.yaml'), 'utf8')) as {
        findings: { policy: string }[];
      };
      for (const f of expected.findings) covered.add(f.policy);
    }
    const all = [...engine.policies.map((p) => p.name), ...ANALYZERS.map((a) => a.code)];
    expect(all.filter((n) => !covered.has(n))).toEqual([]);
  });
});
