import { loadKubeConfig, type KubeConnectOptions } from '../kube/client.js';
import {
  ANALYZERS,
  applyReports,
  auditSnapshot,
  buildAuditScope,
  buildPolicyEngine,
  createKubeAuditCluster,
  formatLoadProblem,
  hasFindingAtLeast,
  OUTPUT_FORMATS,
  paramKindToList,
  parseSelectorText,
  renderPolicyReports,
  renderReport,
  SEVERITIES,
  snapshotFromManifests,
  type AuditCluster,
  type AuditReport,
  type ClusterSnapshot,
  type JsonObject,
  type OutputFormat,
  type PolicyEngine,
  type ReportBounds,
  type ReportFlavour,
  type SnapshotProgress,
} from '../policy/index.js';
import { GangwayError } from '../shared/errors.js';
import { readPolicyDocuments, resolveBuiltinPolicies } from './policy-files.js';
import { ExitCode, parseFlags, requireChoice, type CliIo } from './usage.js';

const flags = {
  from: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  'all-namespaces': { type: 'boolean', short: 'A' },
  selector: { type: 'string', short: 'l' },
  output: { type: 'string', short: 'o' },
  policies: { type: 'string', multiple: true },
  'no-builtin': { type: 'boolean' },
  'no-analyzers': { type: 'boolean' },
  'fail-on': { type: 'string' },
  'write-reports': { type: 'boolean' },
  'report-api': { type: 'string' },
  'omit-pass': { type: 'boolean' },
  'max-results': { type: 'string' },
  kubeconfig: { type: 'string' },
  'in-cluster': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const help = `Usage: gangway audit [--from DIR] [flags]

Audits a cluster (or, with --from, a directory of manifests and no cluster) against the built-in
policy packs (policies/), your own ValidatingAdmissionPolicies, and the cross-resource analyzers.

  --from DIR|FILE|-        audit manifests instead of a cluster (YAML/JSON, Lists expanded)
  -n, --namespace NS       only report resources of this namespace
  -A, --all-namespaces     report every namespace (the default)
  -l, --selector SEL       only report resources whose labels match (kubectl syntax)
  -o, --output FORMAT      ${OUTPUT_FORMATS.join('|')} (table)
  --policies DIR           also load policies from DIR (repeatable)
  --no-builtin             do not load the built-in packs
  --no-analyzers           do not run the analyzers
  --fail-on SEVERITY       exit 1 when a fail, warn or error result is at least this severe
                           (${SEVERITIES.join('|')})
  --write-reports          create or update PolicyReports in the cluster (not with --from)
  --report-api API         policyreport|openreports, for --write-reports (policyreport)
  --omit-pass              leave pass results out of written reports (still counted)
  --max-results N          at most N results per written report (summaries stay exact)
  --kubeconfig FILE        kubeconfig to use (default: KUBECONFIG or ~/.kube/config)
  --in-cluster             use the pod's service account

Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage.
`;

/** What runAudit takes from its surroundings; tests replace it. */
export interface AuditCliDeps {
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly now: () => number;
  /** The directory of the built-in packs. */
  readonly builtinPolicies: () => string;
  readonly connect: (
    access: KubeConnectOptions & {
      namespace?: string | undefined;
      extraKinds: ReturnType<typeof paramKindToList>[];
    },
  ) => AuditCluster;
}

const defaultDeps: AuditCliDeps = {
  stdoutIsTTY: process.stdout.isTTY,
  stderrIsTTY: process.stderr.isTTY,
  now: () => Date.now(),
  builtinPolicies: resolveBuiltinPolicies,
  connect: (access) => createKubeAuditCluster(loadKubeConfig(access), access),
};

type Values = ReturnType<typeof parseFlags<typeof flags>>['values'];

function scopeOf(values: Values): ((object: JsonObject) => boolean) | undefined {
  const selector = values.selector === undefined ? undefined : parseSelectorText(values.selector);
  if (values.selector !== undefined && !selector) {
    throw new GangwayError('GANGWAY_ERR_CLI_USAGE', `-l: cannot parse "${values.selector}"`);
  }
  return buildAuditScope({
    namespace: values['all-namespaces'] ? undefined : values.namespace,
    selector,
  });
}

function boundsOf(values: Values): ReportBounds {
  const max = values['max-results'];
  if (max !== undefined && !/^[1-9]\d*$/.test(max)) {
    throw new GangwayError('GANGWAY_ERR_CLI_USAGE', '--max-results must be a positive integer');
  }
  return {
    includePass: !values['omit-pass'],
    ...(max ? { maxResultsPerReport: Number(max) } : {}),
  };
}

function progress(io: CliIo, enabled: boolean): (text: string) => void {
  if (!enabled) return () => undefined;
  return (text) => io.stderr(`\r\u001b[2K${text}`);
}

function exitCodeOf(report: AuditReport, failOn: string | undefined): number {
  if (failOn === undefined) return ExitCode.ok;
  const threshold = requireChoice('--fail-on', failOn, SEVERITIES, 'high');
  return hasFindingAtLeast(report, threshold) ? ExitCode.refused : ExitCode.ok;
}

/** The flags that shape an audit, checked before anything is read. */
interface AuditPlan {
  readonly output: OutputFormat;
  readonly reportApi: ReportFlavour;
  readonly bounds: ReportBounds;
  readonly inScope: ((object: JsonObject) => boolean) | undefined;
}

function planOf(values: Values): AuditPlan {
  const output = requireChoice('-o', values.output, OUTPUT_FORMATS, 'table');
  const apis = ['policyreport', 'openreports'] as const;
  const reportApi = requireChoice('--report-api', values['report-api'], apis, 'policyreport');
  if (values['fail-on'] !== undefined)
    requireChoice('--fail-on', values['fail-on'], SEVERITIES, 'high');
  if (values['write-reports'] && values.from !== undefined) {
    throw new GangwayError('GANGWAY_ERR_CLI_USAGE', '--write-reports needs a cluster, not --from');
  }
  return { output, reportApi, bounds: boundsOf(values), inScope: scopeOf(values) };
}

async function loadEngine(
  values: Values,
  deps: AuditCliDeps,
  io: CliIo,
): Promise<ReturnType<typeof buildPolicyEngine>> {
  const dirs = [
    ...(values['no-builtin'] ? [] : [deps.builtinPolicies()]),
    ...(values.policies ?? []),
  ];
  const documents = (await Promise.all(dirs.map((d) => readPolicyDocuments(d, io)))).flat();
  const loaded = buildPolicyEngine(documents);
  for (const p of loaded.problems) io.stderr(`policy: ${formatLoadProblem(p)}\n`);
  return loaded;
}

function connect(
  values: Values,
  engine: PolicyEngine,
  deps: AuditCliDeps,
): AuditCluster | undefined {
  if (values.from !== undefined) return undefined;
  const extraKinds = engine.policies.flatMap((p) =>
    p.paramKind ? [paramKindToList(p.paramKind)] : [],
  );
  const namespace = values['all-namespaces'] ? undefined : values.namespace;
  const kubeconfig = values.kubeconfig ? { kubeconfig: values.kubeconfig } : {};
  try {
    return deps.connect({
      inCluster: values['in-cluster'] ?? false,
      ...kubeconfig,
      namespace,
      extraKinds,
    });
  } catch (error) {
    const why = (error as Error).message;
    throw new GangwayError(
      'GANGWAY_ERR_CLI_INPUT',
      `cannot reach the cluster (${why}); use --from DIR for manifests`,
    );
  }
}

async function snapshotOf(
  values: Values,
  cluster: AuditCluster | undefined,
  io: CliIo,
  show: (text: string) => void,
): Promise<ClusterSnapshot> {
  if (cluster) {
    const onProgress = (p: SnapshotProgress): void => show(`${p.step} (${p.done}/${p.total})`);
    const fail = (error: unknown): never => {
      throw new GangwayError(
        'GANGWAY_ERR_CLI_INPUT',
        `${cluster.source.description}: ${(error as Error).message}`,
      );
    };
    return cluster.source.fetch({ onProgress }).catch(fail);
  }
  const from = values.from ?? '-';
  return snapshotFromManifests(await readPolicyDocuments(from, io), `dir:${from}`);
}

async function writeReports(
  cluster: AuditCluster,
  report: AuditReport,
  plan: AuditPlan,
  io: CliIo,
): Promise<boolean> {
  const outcome = await applyReports(
    cluster.store,
    renderPolicyReports(report, plan.reportApi, plan.bounds),
  );
  io.stderr(
    `reports: ${outcome.created} created, ${outcome.updated} updated, ${outcome.failed.length} failed\n`,
  );
  for (const f of outcome.failed) io.stderr(`  ${f}\n`);
  return outcome.failed.length === 0;
}

/** `gangway audit`: policies and analyzers over a cluster or a directory of manifests. */
export async function runAudit(
  argv: string[],
  io: CliIo,
  deps: AuditCliDeps = defaultDeps,
): Promise<number> {
  const { values } = parseFlags(argv, flags);
  if (values.help) return (io.stdout(help), ExitCode.ok);
  const plan = planOf(values);
  const { engine, problems } = await loadEngine(values, deps, io);
  const show = progress(io, deps.stderrIsTTY);
  const cluster = connect(values, engine, deps);
  const snapshot = await snapshotOf(values, cluster, io, show);
  const report = auditSnapshot(snapshot, {
    engine,
    analyzers: values['no-analyzers'] ? [] : ANALYZERS,
    problems,
    now: deps.now(),
    ...(plan.inScope ? { inScope: plan.inScope } : {}),
    onProgress: (done, total) => show(`evaluating ${done}/${total} objects`),
  });
  show('');
  const color = deps.stdoutIsTTY && plan.output === 'table';
  io.stdout(renderReport(report, plan.output, { color, bounds: plan.bounds }));
  if (values['write-reports'] && cluster && !(await writeReports(cluster, report, plan, io))) {
    return ExitCode.refused;
  }
  return exitCodeOf(report, values['fail-on']);
}
