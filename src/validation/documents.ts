import type { Finding } from './findings.js';
import { Reporter } from './findings.js';
import { meshKindOf, validateMeshObject } from './validate-object.js';

/** One parsed document handed in by the CLI. */
export interface DocumentInput {
  /** Where it came from: a file path, or `-` for standard input. */
  readonly source: string;
  /** 0-based position of the document within its source (YAML `---` separated). */
  readonly index: number;
  /** 1-based line where the document starts, when the reader knows it. */
  readonly line?: number;
  /** The parsed document (null for an empty YAML document). */
  readonly object: unknown;
}

/** What validation made of one document. */
export interface DocumentResult {
  readonly source: string;
  readonly index: number;
  readonly line?: number;
  /** `skipped`: empty, or not a mesh kind (e.g. a Deployment in the same file). */
  readonly status: 'valid' | 'warnings' | 'invalid' | 'skipped';
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly findings: readonly Finding[];
}

/** The results of a validation run and their totals. */
export interface ValidationReport {
  readonly documents: readonly DocumentResult[];
  readonly summary: {
    readonly documents: number;
    readonly validated: number;
    readonly skipped: number;
    readonly errors: number;
    readonly warnings: number;
  };
}

function notAnObject(): Finding[] {
  const root = new Reporter();
  root.report(
    'GW-MESH-NOT-OBJECT',
    'the document is not a Kubernetes object with apiVersion and kind',
  );
  return [...root.findings];
}

function identify(object: unknown): Pick<DocumentResult, 'kind' | 'name' | 'namespace'> {
  const o = object as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  const pick = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const out: { kind?: string; name?: string; namespace?: string } = {};
  const kind = pick(o.kind);
  const name = pick(o.metadata?.name);
  const namespace = pick(o.metadata?.namespace);
  if (kind !== undefined) out.kind = kind;
  if (name !== undefined) out.name = name;
  if (namespace !== undefined) out.namespace = namespace;
  return out;
}

function validateOne(doc: DocumentInput): DocumentResult {
  const base = {
    source: doc.source,
    index: doc.index,
    ...(doc.line === undefined ? {} : { line: doc.line }),
  };
  if (doc.object === null || doc.object === undefined)
    return { ...base, status: 'skipped', findings: [] };
  const typed =
    typeof doc.object === 'object' &&
    !Array.isArray(doc.object) &&
    typeof (doc.object as { apiVersion?: unknown }).apiVersion === 'string' &&
    typeof (doc.object as { kind?: unknown }).kind === 'string';
  if (!typed) return { ...base, status: 'invalid', findings: notAnObject() };
  const ids = identify(doc.object);
  if (!meshKindOf(doc.object)) return { ...base, ...ids, status: 'skipped', findings: [] };
  const findings = validateMeshObject(doc.object) ?? [];
  const status = findings.some((f) => f.severity === 'error')
    ? 'invalid'
    : findings.length > 0
      ? 'warnings'
      : 'valid';
  return { ...base, ...ids, status, findings };
}

/**
 * Validates parsed documents for `gangway validate`: mesh kinds are checked, other Kubernetes
 * objects are skipped, and anything that is not an object is an error. Pure: the CLI reads files.
 */
export function validateDocuments(docs: readonly DocumentInput[]): ValidationReport {
  const documents = docs.map(validateOne);
  const all = documents.flatMap((d) => d.findings);
  return {
    documents,
    summary: {
      documents: documents.length,
      validated: documents.filter((d) => d.status !== 'skipped').length,
      skipped: documents.filter((d) => d.status === 'skipped').length,
      errors: all.filter((f) => f.severity === 'error').length,
      warnings: all.filter((f) => f.severity === 'warning').length,
    },
  };
}

/** The exit code of a run: 1 when there are errors (or, with `strict`, warnings), else 0. */
export function exitCodeFor(report: ValidationReport, options: { strict?: boolean } = {}): 0 | 1 {
  const { errors, warnings } = report.summary;
  return errors > 0 || (options.strict === true && warnings > 0) ? 1 : 0;
}
