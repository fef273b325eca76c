import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocuments, readInputs } from '../../src/cli/documents.js';
import { resolveBuiltinPolicies } from '../../src/cli/policy-files.js';
import type { CliIo } from '../../src/cli/usage.js';
import {
  ANALYZERS,
  auditSnapshot,
  buildPolicyEngine,
  snapshotFromManifests,
  type AuditReport,
  type PolicyEngine,
  type PolicyInputDocument,
} from '../../src/policy/index.js';

/** The directory of the policy test fixtures. */
export const FIXTURES = join(import.meta.dirname, 'fixtures');

/** A fixed audit time, so reports are reproducible. */
export const FIXED_NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

/** A CliIo that records what was written. */
export function recordingIo(stdin = ''): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readStdin: () => Promise.resolve(stdin),
  };
}

/** Parses YAML text into policy input documents. */
export function documentsOf(text: string, source = 'inline.yaml'): PolicyInputDocument[] {
  const { documents, errors } = parseDocuments(text, source);
  if (errors.length > 0) throw new Error(`${source}: ${errors[0]?.message ?? 'YAML error'}`);
  return documents;
}

/** Reads every YAML file under a path into documents. */
export async function readDocumentsAt(path: string): Promise<PolicyInputDocument[]> {
  const inputs = await readInputs(path, recordingIo());
  return inputs.flatMap((input) => documentsOf(input.text, input.source));
}

let builtin: Promise<PolicyEngine> | undefined;

/** The engine over the built-in packs (loaded once per test file); fails on any load problem. */
export function builtinEngine(): Promise<PolicyEngine> {
  builtin ??= readDocumentsAt(resolveBuiltinPolicies()).then((docs) => {
    const { engine, problems } = buildPolicyEngine(docs);
    if (problems.length > 0) throw new Error(`built-in policies: ${JSON.stringify(problems)}`);
    return engine;
  });
  return builtin;
}

/** Audits a manifests file with the built-in packs and every analyzer. */
export async function auditFile(file: string): Promise<AuditReport> {
  const engine = await builtinEngine();
  const snapshot = snapshotFromManifests(
    documentsOf(readFileSync(file, 'utf8'), file),
    `dir:${file}`,
  );
  return auditSnapshot(snapshot, { engine, analyzers: ANALYZERS, now: FIXED_NOW });
}
