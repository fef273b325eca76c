import { GangwayError } from '../shared/errors.js';
import {
  exitCodeFor,
  formatJson,
  formatLines,
  formatTable,
  validateDocuments,
  type DocumentInput,
  type ValidationReport,
} from '../validation/index.js';
import {
  evaluateManifests,
  formatLevelVersion,
  parseLevelVersion,
  type LevelVersion,
  type ManifestResult,
} from '../podsecurity/index.js';
import { parseDocuments, readInputs, type DocumentError } from './documents.js';
import { ExitCode, parseFlags, requireChoice, type CliIo } from './usage.js';

const flags = {
  filename: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  strict: { type: 'boolean' },
  'pod-security': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const help = `Usage: gangway validate -f FILE|DIR|- [flags]

Validates mesh resources (VirtualService, DestinationRule, Gateway, ...) offline with the webhook's
rules, and with --pod-security also Pods and the pod templates of workloads.

  -f, --filename FILE|DIR|-     a YAML/JSON file, a directory (every .yaml/.yml/.json under it), or -
  -o, --output lines|table|json output format (lines: file:document path: message)
  --strict                      warnings fail too
  --pod-security LEVEL[:VER]    also evaluate pods against Pod Security, e.g. restricted:v1.30

Exit codes: 0 clean, 1 errors (or violations, or warnings with --strict), 2 usage.
`;

interface PodSecurityResult extends ManifestResult {
  source: string;
}

/** `gangway validate`: mesh config validation and Pod Security evaluation of manifests. */
export async function runValidate(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, flags);
  if (values.help) return (io.stdout(help), ExitCode.ok);
  if (!values.filename)
    throw new GangwayError('GANGWAY_ERR_CLI_USAGE', '-f FILE|DIR|- is required');
  const output = requireChoice('-o', values.output, ['lines', 'table', 'json'], 'lines');
  const level = parsePodSecurityFlag(values['pod-security']);
  const documents: DocumentInput[] = [];
  const yamlErrors: DocumentError[] = [];
  const podSecurity: PodSecurityResult[] = [];
  for (const input of await readInputs(values.filename, io)) {
    const parsed = parseDocuments(input.text, input.source);
    documents.push(...parsed.documents);
    yamlErrors.push(...parsed.errors);
    if (level) podSecurity.push(...podSecurityOf(parsed.documents, input.source, level));
  }
  const report = validateDocuments(documents);
  io.stdout(render(output, report, yamlErrors, podSecurity, level));
  const violated = podSecurity.some((r) => r.outcome !== 'allowed');
  const failed =
    yamlErrors.length > 0 ||
    violated ||
    exitCodeFor(report, { strict: values.strict === true }) === 1;
  return failed ? ExitCode.refused : ExitCode.ok;
}

function parsePodSecurityFlag(value: string | undefined): LevelVersion | undefined {
  if (value === undefined) return undefined;
  const parsed = parseLevelVersion(value);
  if (parsed.error !== undefined) {
    throw new GangwayError('GANGWAY_ERR_CLI_USAGE', `--pod-security "${value}": ${parsed.error}`);
  }
  return parsed.value;
}

function podSecurityOf(
  docs: readonly DocumentInput[],
  source: string,
  level: LevelVersion,
): PodSecurityResult[] {
  const results = evaluateManifests(
    docs.map((d) => d.object),
    level,
  );
  // evaluateManifests numbers the documents it was given; map back to their index in the source.
  return results.map((r) => ({ ...r, source, index: docs[r.index]?.index ?? r.index }));
}

function render(
  output: 'lines' | 'table' | 'json',
  report: ValidationReport,
  yamlErrors: readonly DocumentError[],
  podSecurity: readonly PodSecurityResult[],
  level: LevelVersion | undefined,
): string {
  if (output === 'json') {
    const podSecurityJson = level
      ? { level: formatLevelVersion(level), results: podSecurity }
      : undefined;
    return `${JSON.stringify({ yamlErrors, mesh: JSON.parse(formatJson(report)) as unknown, podSecurity: podSecurityJson }, null, 2)}\n`;
  }
  const yaml = yamlErrors.map(
    (e) =>
      `${e.source}:${e.index + 1}: YAML error at line ${e.line}, column ${e.column}: ${e.message}\n`,
  );
  const pods = podSecurity
    .filter((r) => r.outcome !== 'allowed')
    .map((r) => `${r.source}:${r.index + 1} ${r.kind}/${r.name} ${r.path}: ${r.message}\n`);
  const mesh = output === 'table' ? formatTable(report) : formatLines(report);
  const podSummary = level
    ? `Pod Security ${formatLevelVersion(level)}: ${podSecurity.length} pod specs evaluated, ${pods.length} violate\n`
    : '';
  return [...yaml, ...pods, mesh, podSummary].join('');
}
