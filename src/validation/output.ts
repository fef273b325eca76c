import type { DocumentResult, ValidationReport } from './documents.js';
import type { Finding } from './findings.js';

/** The `file:document` locator of a document: its 1-based number within the source. */
export function documentLocator(doc: Pick<DocumentResult, 'source' | 'index'>): string {
  return `${doc.source}:${doc.index + 1}`;
}

/** One finding as a line: `file:document path: message [severity CODE]`. */
export function formatFindingLine(doc: DocumentResult, finding: Finding): string {
  return `${documentLocator(doc)} ${finding.path}: ${finding.message} [${finding.severity} ${finding.code}]`;
}

/** A one-line summary such as `3 documents: 2 validated, 1 skipped; 1 error, 0 warnings`. */
export function formatSummary(report: ValidationReport): string {
  const s = report.summary;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(s.documents, 'document')}: ${s.validated} validated, ${s.skipped} skipped; ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`;
}

/** Every finding as a line, then the summary: the CLI's default output. */
export function formatLines(report: ValidationReport): string {
  const lines = report.documents.flatMap((doc) =>
    doc.findings.map((f) => formatFindingLine(doc, f)),
  );
  return [...lines, formatSummary(report)].join('\n') + '\n';
}

const HEADERS = ['DOCUMENT', 'OBJECT', 'SEVERITY', 'CODE', 'PATH', 'MESSAGE'] as const;

function rowsOf(report: ValidationReport): string[][] {
  return report.documents.flatMap((doc) => {
    const object = `${doc.kind ?? '?'}/${doc.name ?? '?'}`;
    return doc.findings.map((f) => [
      documentLocator(doc),
      object,
      f.severity,
      f.code,
      f.path,
      f.message,
    ]);
  });
}

/** The findings as an aligned table (`-o table`), then the summary. */
export function formatTable(report: ValidationReport): string {
  const rows = rowsOf(report);
  if (rows.length === 0) return `${formatSummary(report)}\n`;
  const all = [[...HEADERS], ...rows];
  const widths = HEADERS.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const render = (row: readonly string[]): string =>
    row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join('  ');
  return [...all.map(render), '', formatSummary(report)].join('\n') + '\n';
}

/** The whole report as JSON (`-o json`): documents with findings, and the summary. */
export function formatJson(report: ValidationReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
