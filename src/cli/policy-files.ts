import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PolicyInputDocument } from '../policy/load.js';
import { GangwayError } from '../shared/errors.js';
import { parseDocuments, readInputs } from './documents.js';
import type { CliIo } from './usage.js';

/** Finds `policies/` at the package root, from the sources or the build. */
export function resolveBuiltinPolicies(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'policies');
    if (existsSync(join(candidate, 'workloads'))) return candidate;
    const parent = resolve(dir, '..');
    if (parent === dir)
      throw new GangwayError('GANGWAY_ERR_CLI_INPUT', 'built-in policies/ not found');
    dir = parent;
  }
}

/**
 * Reads every YAML/JSON document under a path (policies or manifests), printing YAML errors on
 * stderr and keeping the documents that parsed; `gangway serve` uses it to load policies too.
 */
export async function readPolicyDocuments(path: string, io: CliIo): Promise<PolicyInputDocument[]> {
  const documents: PolicyInputDocument[] = [];
  for (const input of await readInputs(path, io)) {
    const parsed = parseDocuments(input.text, input.source);
    for (const e of parsed.errors)
      io.stderr(`${e.source}:${e.line}:${e.column}: YAML error: ${e.message}\n`);
    documents.push(...parsed.documents);
  }
  return documents;
}
