import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { DocumentInput } from '../../src/validation/documents.js';

/** The folder holding the public Istio docs examples, one subfolder per kind. */
export const EXAMPLES_DIR = join(import.meta.dirname, 'examples');

/** Parses every YAML document of a file into validateDocuments input. */
export function loadYamlDocuments(path: string, source = path): DocumentInput[] {
  const text = readFileSync(path, 'utf8');
  return parseAllDocuments(text).map((doc, index) => {
    if (doc.errors.length > 0) throw new Error(`${path}#${index}: ${doc.errors[0]?.message ?? ''}`);
    return { source, index, object: doc.toJS() as unknown };
  });
}

/** Every example file, as `[kindFolder, fileName, absolutePath]`. */
export function listExamples(): Array<[string, string, string]> {
  return readdirSync(EXAMPLES_DIR).flatMap((kind) =>
    readdirSync(join(EXAMPLES_DIR, kind))
      .filter((f) => f.endsWith('.yaml'))
      .map((f): [string, string, string] => [kind, f, join(EXAMPLES_DIR, kind, f)]),
  );
}
