import { resolveBuiltinPolicies } from '../src/cli/policy-files.js';
import { parseDocuments, readInputs } from '../src/cli/documents.js';
import {
  ANALYZERS,
  auditSnapshot,
  buildPolicyEngine,
  renderHtml,
  renderPolicyReports,
  type ClusterSnapshot,
  type JsonObject,
} from '../src/policy/index.js';

const NAMESPACES = 200;
const PODS = 10_000;
const MESH = 1_000;

function namespace(i: number): JsonObject {
  const labels: Record<string, string> = { 'gangway.io/injection': 'enabled', team: `t${i % 17}` };
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${i}`, labels } };
}

/** A pod as a replica of a typical app: some pinned and limited, some not, some privileged. */
function pod(i: number): JsonObject {
  const app = `app-${i % 25}`;
  const limits =
    i % 3 === 0 ? {} : { limits: { cpu: '500m', memory: '256Mi' }, requests: { memory: '128Mi' } };
  const probe = { httpGet: { path: '/healthz', port: 8080 } };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${app}-${i}`,
      namespace: `ns-${i % NAMESPACES}`,
      labels: { app, version: i % 2 === 0 ? 'v1' : 'v2' },
      ...(i % 4 === 0
        ? {}
        : { annotations: { 'sidecar.gangway.io/status': '{"revision":"default"}' } }),
    },
    spec: {
      securityContext:
        i % 5 === 0 ? {} : { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'app',
          image:
            i % 7 === 0
              ? `registry.example.com/${app}:latest`
              : `registry.example.com/${app}:1.${i % 9}.0`,
          resources: limits,
          readinessProbe: probe,
          ...(i % 6 === 0 ? {} : { livenessProbe: probe }),
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            privileged: i % 50 === 0,
          },
        },
      ],
    },
    status: { phase: 'Running' },
  };
}

/** Mesh resources cycling through the kinds the packs and analyzers read. */
function mesh(i: number): JsonObject {
  const ns = `ns-${i % NAMESPACES}`;
  const app = `app-${i % 25}`;
  const meta = { name: `${app}-${Math.floor(i / NAMESPACES)}`, namespace: ns };
  const host = `${app}.${ns}.svc.cluster.local`;
  const kinds: JsonObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta,
      spec: { selector: { app }, ports: [{ port: 80, name: 'http' }] },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: meta,
      spec: { hosts: [host], http: [{ route: [{ destination: { host, subset: 'v1' } }] }] },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: meta,
      spec: { host, subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
    },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: meta,
      spec: { selector: { matchLabels: { app } }, action: 'ALLOW' },
    },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: meta,
      spec: { selector: { matchLabels: { app } }, mtls: { mode: 'STRICT' } },
    },
  ];
  return kinds[Math.floor(i / NAMESPACES) % kinds.length] ?? kinds[0]!;
}

function generate(): ClusterSnapshot {
  const objects: JsonObject[] = [];
  for (let i = 0; i < NAMESPACES; i++) objects.push(namespace(i));
  for (let i = 0; i < PODS; i++) objects.push(pod(i));
  for (let i = 0; i < MESH; i++) objects.push(mesh(i));
  return { source: 'bench:generated', objects: objects.map((object) => ({ object })) };
}

function sampleRss(): { stop: () => number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

/** Runs a step and records how long it took. */
function timed<T>(steps: [string, number][], label: string, fn: () => T): T {
  const start = performance.now();
  const value = fn();
  steps.push([label, Math.round(performance.now() - start)]);
  return value;
}

async function loadBuiltinEngine(): Promise<ReturnType<typeof buildPolicyEngine>> {
  const silent = { stdout: () => undefined, stderr: () => undefined, readStdin: async () => '' };
  const inputs = await readInputs(resolveBuiltinPolicies(), silent);
  return buildPolicyEngine(inputs.flatMap((i) => parseDocuments(i.text, i.source).documents));
}

/**
 * `gangway audit` at scale: 200 namespaces, 10,000 pods and 1,000 mesh resources against every
 * built-in policy and analyzer. Target: under 10 s and 500 MB RSS. Prints figures, never asserts.
 */
export async function benchAudit(): Promise<void> {
  const rss = sampleRss();
  const steps: [string, number][] = [];
  const loadStart = performance.now();
  const { engine, problems } = await loadBuiltinEngine();
  steps.push(['load and compile policies', Math.round(performance.now() - loadStart)]);
  const snapshot = timed(
    steps,
    `generate snapshot (${NAMESPACES + PODS + MESH} objects)`,
    generate,
  );
  const report = timed(steps, 'audit (policies + analyzers)', () =>
    auditSnapshot(snapshot, { engine, analyzers: ANALYZERS, now: Date.now() }),
  );
  const bounds = { includePass: false, maxResultsPerReport: 1000 };
  const reports = timed(steps, 'PolicyReports (bounded)', () =>
    renderPolicyReports(report, 'policyreport', bounds),
  );
  const html = timed(steps, 'HTML report', () => renderHtml(report));
  const peak = rss.stop();
  const auditMs = steps[2]?.[1] ?? 0;
  const s = report.summary;
  console.log(`\n## gangway audit: ${NAMESPACES} namespaces, ${PODS} pods, ${MESH} mesh resources`);
  console.log(
    `policies: ${engine.policies.length} (${problems.length} load problems), analyzers: ${ANALYZERS.length}`,
  );
  console.log('| step | ms |\n|---|---|');
  for (const [label, took] of steps) console.log(`| ${label} | ${took} |`);
  console.log(`reports: ${reports.length}; HTML: ${mb(html.length)} MB`);
  console.log(
    `results: ${report.results.length} (${s.pass} pass, ${s.fail} fail, ${s.warn} warn, ${s.error} error, ${s.skip} skip); ${Math.round(snapshot.objects.length / (auditMs / 1000))} objects/s`,
  );
  console.log(
    `peak RSS: ${mb(peak)} MB (target < 500 MB); audit ${auditMs} ms (target < 10000 ms)`,
  );
}
