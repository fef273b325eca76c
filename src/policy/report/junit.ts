import type { AuditReport, AuditResult } from './result.js';

/** Whether a code point may appear in XML 1.0 (tab, newlines and everything from space up). */
function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || code >= 0x20;
}

/** Escapes text for an XML attribute or element, dropping characters XML cannot carry. */
export function escapeXml(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (!isXmlChar(code)) continue;
    out += '<>&"\''.includes(ch) ? `&#${code};` : ch;
  }
  return out;
}

function caseName(r: AuditResult): string {
  const ref = r.resources[0];
  const what = ref
    ? `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`
    : (r.properties['file'] ?? 'policy file');
  return `${what} ${r.rule}`;
}

function testCase(r: AuditResult): string {
  const open = `    <testcase name="${escapeXml(caseName(r))}" classname="${escapeXml(r.policy)}"`;
  const message = escapeXml(r.message);
  switch (r.result) {
    case 'pass':
      return `${open}/>`;
    case 'skip':
      return `${open}>\n      <skipped message="${message}"/>\n    </testcase>`;
    case 'error':
      return `${open}>\n      <error message="${message}" type="${r.severity}">${message}</error>\n    </testcase>`;
    default:
      return `${open}>\n      <failure message="${message}" type="${r.severity}">${message}</failure>\n    </testcase>`;
  }
}

function counts(results: readonly AuditResult[]): string {
  const n = (s: AuditResult['result'][]): number =>
    results.filter((r) => s.includes(r.result)).length;
  return `tests="${results.length}" failures="${n(['fail', 'warn'])}" errors="${n(['error'])}" skipped="${n(['skip'])}"`;
}

/**
 * `-o junit`: one testsuite per policy or analyzer, one testcase per result; fail and warn are
 * failures (typed by severity), error is an error, skip is skipped. CI systems show it as tests.
 */
export function renderJunit(report: AuditReport): string {
  const byPolicy = new Map<string, AuditResult[]>();
  for (const r of report.results) byPolicy.set(r.policy, [...(byPolicy.get(r.policy) ?? []), r]);
  const suites = [...byPolicy.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([policy, results]) =>
      [
        `  <testsuite name="${escapeXml(policy)}" ${counts(results)} timestamp="${report.generatedAt}">`,
        ...results.map(testCase),
        '  </testsuite>',
      ].join('\n'),
    );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gangway audit" ${counts(report.results)}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
