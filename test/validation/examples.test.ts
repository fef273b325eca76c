import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateDocuments } from '../../src/validation/documents.js';
import { formatLines } from '../../src/validation/output.js';
import { meshKinds } from '../../src/validation/registry.js';
import { EXAMPLES_DIR, listExamples, loadYamlDocuments } from './load-examples.js';

function folderOf(kind: string): string {
  return kind.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
}

describe('examples from the public Istio docs', () => {
  it.each(listExamples())('%s/%s has no errors', (_kind, file, path) => {
    const report = validateDocuments(loadYamlDocuments(path, file));
    expect(report.summary.validated).toBeGreaterThan(0);
    expect(report.summary.errors, formatLines(report)).toBe(0);
  });

  it('covers every kind with at least one example holding that kind', () => {
    const folders = readdirSync(EXAMPLES_DIR);
    for (const kind of meshKinds) {
      expect(folders, kind.kind).toContain(folderOf(kind.kind));
      const kinds = listExamples()
        .filter(([folder]) => folder === folderOf(kind.kind))
        .flatMap(([, , path]) =>
          loadYamlDocuments(path).map((d) => (d.object as { kind?: string } | null)?.kind),
        );
      expect(kinds, kind.kind).toContain(kind.kind);
    }
  });
});
