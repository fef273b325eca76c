import { stringify } from 'yaml';
import { GangwayError } from '../shared/errors.js';
import { parseClusterVersion } from '../config/serve-config.js';
import { injectManifests, type ManifestResult } from '../injection/index.js';
import { createPodSecurityEvaluatorGate } from '../injection/pod-security-evaluator-gate.js';
import { PodSecurityConfigSchema } from '../podsecurity/index.js';
import { parseDocuments, readInputs } from './documents.js';
import { loadMeshConfig } from './load-config.js';
import { ExitCode, parseFlags, parseKeyValueList, requireChoice, type CliIo } from './usage.js';

const flags = {
  filename: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'mesh-config': { type: 'string' },
  'namespace-labels': { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  'cluster-version': { type: 'string' },
  explain: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const help = `Usage: gangway inject -f FILE|- [flags]

Injects the sidecar into Pods and the pod templates of Deployments, StatefulSets, DaemonSets,
ReplicaSets, ReplicationControllers, Jobs and CronJobs (also inside a List), with the same core as
the webhook. Other documents pass through unchanged.

  -f, --filename FILE|-     input: a multi-document YAML or JSON file, or - for stdin (required)
  -o, --output yaml|json    output format (yaml)
  --mesh-config FILE        mesh config (docs/configuration.md); the defaults otherwise
  --namespace-labels k=v,.. labels of the target namespace (default gangway.io/injection=enabled)
  -n, --namespace NS        namespace of documents that name none (default)
  --cluster-version X.Y     Kubernetes version (native sidecars from 1.29; default 1.30)
  --explain                 print, on stderr, why each workload was injected or skipped

Exit codes: 0 ok, 1 a document was refused (bad YAML, invalid annotation, Pod Security), 2 usage.
`;

/** `gangway inject`: offline injection through the webhook's core. */
export async function runInject(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(argv, flags);
  if (values.help) return (io.stdout(help), ExitCode.ok);
  if (!values.filename) throw new GangwayError('GANGWAY_ERR_CLI_USAGE', '-f FILE|- is required');
  const output = requireChoice('-o', values.output, ['yaml', 'json'], 'yaml');
  const labels =
    values['namespace-labels'] === undefined
      ? { 'gangway.io/injection': 'enabled' }
      : parseKeyValueList('--namespace-labels', values['namespace-labels']);
  const mesh = await loadMeshConfig({ meshConfig: values['mesh-config'] });
  const clusterVersion = parseClusterVersion(values['cluster-version'] ?? '1.30');
  if (!clusterVersion)
    throw new GangwayError('GANGWAY_ERR_CLI_USAGE', '--cluster-version must look like 1.30');
  let refused = false;
  const outputs: unknown[] = [];
  for (const input of await readInputs(values.filename, io)) {
    const { documents, errors } = parseDocuments(input.text, input.source);
    for (const e of errors) {
      io.stderr(
        `${e.source}: document ${e.index}: YAML error at line ${e.line}, column ${e.column}: ${e.message}\n`,
      );
      refused = true;
    }
    if (errors.length > 0) continue;
    const { docs, results } = injectManifests(
      documents.map((d) => d.object),
      {
        mesh,
        namespace: values.namespace ?? 'default',
        namespaceLabels: labels,
        clusterVersion,
        // The same gate as the webhook: the full Pod Security evaluator.
        podSecurityGate: createPodSecurityEvaluatorGate(PodSecurityConfigSchema.parse({})),
      },
    );
    outputs.push(...docs);
    for (const r of results) {
      if (r.outcome === 'refused') refused = true;
      if (values.explain || r.outcome === 'refused') io.stderr(explainLine(input.source, r));
    }
  }
  if (!refused) io.stdout(render(outputs, output));
  return refused ? ExitCode.refused : ExitCode.ok;
}

function explainLine(source: string, r: ManifestResult): string {
  return `${source}: document ${r.index} ${r.kind}/${r.name}: ${r.outcome}: ${r.message}\n`;
}

function render(docs: unknown[], output: 'yaml' | 'json'): string {
  if (output === 'json') {
    return docs.length === 1
      ? `${JSON.stringify(docs[0], null, 2)}\n`
      : `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: docs }, null, 2)}\n`;
  }
  return docs
    .map((d) => stringify(d, { lineWidth: 0, aliasDuplicateObjects: false }))
    .join('---\n');
}
