import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastJsonPatch from 'fast-json-patch';
import { parseAllDocuments, parse as parseYaml, stringify } from 'yaml';
import { z } from 'zod';
import { MeshConfigSchema } from '../../../src/config/mesh-config.js';
import { parseClusterVersion } from '../../../src/config/serve-config.js';
import type { InjectManifestsOptions, ManifestResult } from '../../../src/injection/index.js';

/**
 * The golden cases of the injector: `<name>.yaml` inputs whose leading comment block is a YAML
 * header with the case's settings (see test/golden/README.md), and `<name>.injected` outputs.
 */

/** A case's settings, read from the comment header of its input. */
export const CaseHeaderSchema = z.strictObject({
  description: z.string().min(1),
  namespace: z.string().default('default'),
  namespaceLabels: z.record(z.string(), z.string()).default({ 'gangway.io/injection': 'enabled' }),
  clusterVersion: z.string().optional(),
  mesh: z.record(z.string(), z.unknown()).default({}),
  expect: z.array(z.string()).min(1),
});
export type CaseHeader = z.infer<typeof CaseHeaderSchema>;

/** One golden case, read from disk. */
export interface GoldenCase {
  readonly name: string;
  readonly header: CaseHeader;
  readonly docs: unknown[];
  readonly options: InjectManifestsOptions & { namespaceLabels: Record<string, string> };
}

/** The directory of the cases. */
export const CASES_DIR = join(import.meta.dirname);

/** Reads the leading `#` lines of a file as a YAML header. */
function readHeader(text: string): unknown {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    lines.push(line.replace(/^# ?/, ''));
  }
  return parseYaml(lines.join('\n'));
}

/** Parses YAML documents into plain values; a YAML error fails the case. */
export function parseDocs(text: string, source: string): unknown[] {
  return parseAllDocuments(text).map((doc, index) => {
    if (doc.errors.length > 0)
      throw new Error(`${source}: document ${index}: ${doc.errors[0]!.message}`);
    return doc.toJS() as unknown;
  });
}

/** Loads a case by name. */
export function loadCase(name: string): GoldenCase {
  const text = readFileSync(join(CASES_DIR, `${name}.yaml`), 'utf8');
  const header = CaseHeaderSchema.parse(readHeader(text));
  const clusterVersion = parseClusterVersion(header.clusterVersion);
  const options = {
    mesh: MeshConfigSchema.parse(header.mesh),
    namespace: header.namespace,
    namespaceLabels: header.namespaceLabels,
    clusterVersion,
  };
  return { name, header, docs: parseDocs(text, `${name}.yaml`), options };
}

/** A result as the header's `expect` list spells it. */
export function outcomeOf(result: ManifestResult): string {
  if (result.outcome === 'skipped') return `skipped:${result.reason}`;
  if (result.outcome === 'refused') return `refused:${result.code}`;
  return result.outcome;
}

function describeResult(result: ManifestResult): string[] {
  const where = `[${result.index}${result.path}] ${result.kind} ${result.namespace}/${result.name}`;
  return [
    `# ${where}: ${outcomeOf(result)}: ${result.message}`,
    ...result.warnings.map((w) => `#   warning: ${w}`),
  ];
}

/** The text of a `.injected` golden: the results as comments, then the documents. */
export function renderGolden(
  name: string,
  results: readonly ManifestResult[],
  docs: readonly unknown[],
): string {
  const header = [
    `# Generated from ${name}.yaml by test/golden/injection.test.ts; UPDATE_GOLDEN=1 regenerates.`,
    ...results.flatMap(describeResult),
  ];
  const body = docs
    .map((doc) => stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false }))
    .join('---\n');
  return `${header.join('\n')}\n${body}`;
}

/** The pod the webhook sees for a result: a Pod itself, a template wrapped as a v1 Pod. */
export function podFor(doc: unknown, result: ManifestResult): Record<string, unknown> {
  const found = fastJsonPatch.getValueByPointer(doc, result.path) as Record<string, unknown>;
  return result.kind === 'Pod'
    ? structuredClone(found)
    : { apiVersion: 'v1', kind: 'Pod', ...structuredClone(found) };
}
