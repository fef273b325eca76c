import { describe, expect, it } from 'vitest';
import { exitCodeFor, validateDocuments } from '../../src/validation/documents.js';
import {
  formatFindingLine,
  formatJson,
  formatLines,
  formatTable,
} from '../../src/validation/output.js';

const vs = (weight: number) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews' },
  spec: {
    hosts: ['reviews'],
    http: [
      {
        route: [
          { destination: { host: 'a' }, weight: 50 },
          { destination: { host: 'b' }, weight },
        ],
      },
    ],
  },
});
const warnOnly = {
  apiVersion: 'security.istio.io/v1',
  kind: 'PeerAuthentication',
  metadata: { name: 'pa' },
  spec: { selector: {} },
};
const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: {} };

describe('validateDocuments', () => {
  const report = validateDocuments([
    { source: 'mesh.yaml', index: 0, line: 1, object: vs(-5) },
    { source: 'mesh.yaml', index: 1, line: 20, object: deployment },
    { source: 'mesh.yaml', index: 2, object: null },
    { source: 'other.yaml', index: 0, object: warnOnly },
    { source: '-', index: 0, object: 'just a string' },
  ]);

  it('validates mesh kinds, skips other objects and empty documents, rejects non-objects', () => {
    expect(report.documents.map((d) => d.status)).toEqual([
      'invalid',
      'skipped',
      'skipped',
      'warnings',
      'invalid',
    ]);
    expect(report.summary).toEqual({
      documents: 5,
      validated: 3,
      skipped: 2,
      errors: 2,
      warnings: 1,
    });
    expect(report.documents[4]?.findings[0]?.code).toBe('GW-MESH-NOT-OBJECT');
    expect(report.documents[0]).toMatchObject({ kind: 'VirtualService', name: 'reviews', line: 1 });
  });

  it('renders `file:document path: message` lines', () => {
    const doc = report.documents[0];
    const finding = doc?.findings[0];
    expect(doc && finding && formatFindingLine(doc, finding)).toBe(
      'mesh.yaml:1 spec.http[0].route[1].weight: must be >= 0 (got -5) [error GW-VS-WEIGHT-NEGATIVE]',
    );
    expect(formatLines(report)).toContain(
      '5 documents: 3 validated, 2 skipped; 2 errors, 1 warning',
    );
  });

  it('renders an aligned table and JSON', () => {
    const table = formatTable(report).split('\n');
    expect(table[0]).toMatch(/^DOCUMENT\s+OBJECT\s+SEVERITY\s+CODE\s+PATH\s+MESSAGE$/);
    expect(table[1]).toContain('VirtualService/reviews');
    const json = JSON.parse(formatJson(report)) as { summary: unknown; documents: unknown[] };
    expect(json.summary).toEqual(report.summary);
    expect(json.documents).toHaveLength(5);
  });

  it('exits 1 on errors, 0 on warnings unless strict', () => {
    expect(exitCodeFor(report)).toBe(1);
    const warnings = validateDocuments([{ source: 'a', index: 0, object: warnOnly }]);
    expect(exitCodeFor(warnings)).toBe(0);
    expect(exitCodeFor(warnings, { strict: true })).toBe(1);
    const clean = validateDocuments([{ source: 'a', index: 0, object: vs(50) }]);
    expect(exitCodeFor(clean, { strict: true })).toBe(0);
    expect(formatTable(clean)).toBe('1 document: 1 validated, 0 skipped; 0 errors, 0 warnings\n');
  });
});
