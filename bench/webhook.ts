import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import https from 'node:https';
import autocannon from 'autocannon';
import type { AdmissionHandler } from '../src/admission/handler.js';
import { completeResponseJson } from '../src/admission/response.js';
import { decodeAdmissionReview } from '../src/admission/review.js';
import { buildWebhookHandlers } from '../src/cli/webhook-handlers.js';
import {
  loadMeshConfig,
  loadNamespacesTable,
  loadPodSecurityConfig,
} from '../src/cli/load-config.js';
import { createStaticNamespaceLookup } from '../src/kube/namespaces.js';
import { loadServePolicies } from '../src/cli/serve-policy.js';
import { ServeConfigSchema } from '../src/config/serve-config.js';
import { createSilentLogger } from '../src/shared/logger.js';

/** A free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** A typical application pod, as the API server sends it for a Deployment's replica. */
export function typicalPodReview(uid: string): string {
  const probe = { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 };
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: { group: '', version: 'v1', kind: 'Pod' },
      resource: { group: '', version: 'v1', resource: 'pods' },
      namespace: 'default',
      operation: 'CREATE',
      userInfo: { username: 'system:serviceaccount:kube-system:replicaset-controller' },
      object: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          generateName: 'web-7d4b9c-',
          namespace: 'default',
          labels: { app: 'web', version: 'v1', 'pod-template-hash': '7d4b9c' },
          annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090' },
        },
        spec: {
          serviceAccountName: 'web',
          containers: [
            {
              name: 'web',
              image: 'registry.example/web:1.4.2',
              ports: [{ containerPort: 8080, name: 'http' }],
              env: [{ name: 'MODE', value: 'prod' }],
              resources: { requests: { cpu: '200m', memory: '256Mi' } },
              livenessProbe: probe,
              readinessProbe: probe,
            },
            {
              name: 'log-shipper',
              image: 'registry.example/shipper:2.0',
              args: ['--tail', '/var/log/app'],
            },
          ],
          volumes: [{ name: 'logs', emptyDir: {} }],
        },
      },
      dryRun: false,
    },
  });
}

/**
 * Starts `gangway serve` in a child process (one Node thread: one core) and waits until ready;
 * `extraArgs` are added to its command line.
 */
export async function startServerProcess(extraArgs: readonly string[] = []): Promise<{
  child: ChildProcess;
  port: number;
  ca: string;
}> {
  const port = await freePort();
  const stateDir = await mkdtemp(join(tmpdir(), 'gangway-bench-'));
  const child = spawn(
    process.execPath,
    [
      'dist/src/main.js',
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--health-port=-1',
      '--state-dir',
      stateDir,
      '--config-dir',
      'config',
      '--noop-route',
      // The webhooks alone: no xDS or CA ports to collide with, no audit competing for the CPU.
      '--xds-port=-1',
      '--grpc-port=-1',
      '--audit-interval=0',
      '--cluster-version',
      '1.30',
      ...extraArgs,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const ca = await readFile(join(stateDir, 'ca.crt'), 'utf8');
      await new Promise<void>((resolve, reject) => {
        https
          .get(
            { host: '127.0.0.1', port, path: '/readyz', ca },
            (res) => (
              res.resume(),
              res.statusCode === 200 ? resolve() : reject(new Error(String(res.statusCode)))
            ),
          )
          .on('error', reject);
      });
      return { child, port, ca };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill();
  throw new Error('gangway serve did not become ready');
}

/** Peak resident set size of a process, from /proc (Linux). */
export async function peakRssMb(pid: number | undefined): Promise<number> {
  if (pid === undefined) return Number.NaN;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmHWM:\s+(\d+)/.exec(status)?.[1];
  return kb ? Math.round(Number(kb) / 1024) : Number.NaN;
}

/** One measured run of one route. */
export interface RouteFigures {
  /** Answers per second, p50 and p99 latency (ms), as autocannon saw them. */
  rps: number;
  p50: number;
  p99: number;
  /** False when any answer was not 2xx or any request failed. */
  ok: boolean;
  /** Server process CPU (all threads, process.cpuUsage via its /metrics) per request, µs. */
  serverUs: number;
  /** CPU of the server's JavaScript thread per request, µs (Linux /proc; NaN elsewhere). */
  mainThreadUs: number;
  /** CPU of the load generator (this process) per request, µs. */
  clientUs: number;
}

/** The server's process_cpu_seconds_total from its /metrics: prom-client reads process.cpuUsage(). */
async function serverCpuSeconds(port: number, ca: string): Promise<number> {
  const text = await new Promise<string>((resolve, reject) => {
    https
      .get({ host: '127.0.0.1', port, path: '/metrics', ca }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
  const value = /^process_cpu_seconds_total (\S+)$/m.exec(text)?.[1];
  return value === undefined ? Number.NaN : Number(value);
}

/**
 * CPU ms of a process's main thread (the one running JavaScript), from /proc on Linux: utime and
 * stime in clock ticks of 10 ms (USER_HZ is 100 on Linux). NaN where /proc is missing.
 */
async function mainThreadCpuMs(pid: number | undefined): Promise<number> {
  if (pid === undefined) return Number.NaN;
  const stat = await readFile(`/proc/${pid}/task/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return stat === '' ? Number.NaN : (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Where the benchmark's server runs: its port, pinned CA and process id. */
export interface BenchServer {
  port: number;
  ca: string;
  pid: number | undefined;
}

/**
 * Drives one route with autocannon over keep-alive HTTPS and returns throughput and latency, and
 * the CPU each request cost the server and the load generator: on a shared 2-core machine the
 * throughput depends on what else runs, the CPU per request much less.
 */
export async function drive(
  server: BenchServer,
  path: string,
  body: string,
  connections: number,
  seconds: number,
): Promise<RouteFigures> {
  const [serverBefore, mainBefore] = await Promise.all([
    serverCpuSeconds(server.port, server.ca),
    mainThreadCpuMs(server.pid),
  ]);
  const clientBefore = process.cpuUsage();
  const result = await autocannon({
    url: `https://127.0.0.1:${server.port}${path}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    pipelining: 1,
    duration: seconds,
  });
  const client = process.cpuUsage(clientBefore);
  const [serverAfter, mainAfter] = await Promise.all([
    serverCpuSeconds(server.port, server.ca),
    mainThreadCpuMs(server.pid),
  ]);
  const requests = Math.max(result.requests.total, 1);
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result.non2xx === 0 && result.errors === 0,
    serverUs: Math.round(((serverAfter - serverBefore) * 1e6) / requests),
    mainThreadUs: Math.round(((mainAfter - mainBefore) * 1000) / requests),
    clientUs: Math.round((client.user + client.system) / requests),
  };
}

/**
 * The typical pod's review as /validate sees it: in a namespace enforcing restricted. As it is,
 * the pod is refused (no restricted security context); `compliant` adds the security context
 * `restricted` asks for, so the pod is admitted: the common case in a cluster that enforces it.
 */
export function validateReview(options: { compliant?: boolean } = {}): string {
  const review = JSON.parse(typicalPodReview('bench-validate')) as {
    request: {
      namespace: string;
      object: {
        metadata: { namespace: string };
        spec: { securityContext?: unknown; containers: { securityContext?: unknown }[] };
      };
    };
  };
  review.request.namespace = 'shop';
  const pod = review.request.object;
  pod.metadata.namespace = 'shop';
  if (options.compliant) {
    pod.spec.securityContext = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
    for (const container of pod.spec.containers) {
      container.securityContext = {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      };
    }
  }
  return JSON.stringify(review);
}

/** Minimum CPU µs per call of an async function over batches: the least disturbed by other load. */
async function cpuMicrosPerCall(fn: () => Promise<unknown>, batches = 40): Promise<number> {
  for (let i = 0; i < 5000; i++) await fn();
  let best = Number.POSITIVE_INFINITY;
  for (let batch = 0; batch < batches; batch++) {
    const start = process.cpuUsage();
    for (let i = 0; i < 500; i++) await fn();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 500);
  }
  return Math.round(best * 10) / 10;
}

/**
 * What one review costs the webhook's own code, without HTTP and TLS: JSON.parse of the body,
 * decoding, the handler as `gangway serve` builds it (config/), and the response JSON.
 */
export async function benchWebhookHandlers(): Promise<void> {
  const configDir = 'config';
  const deps = {
    mesh: await loadMeshConfig({ configDir }),
    podSecurity: await loadPodSecurityConfig({ configDir }),
    namespaces: createStaticNamespaceLookup(await loadNamespacesTable(configDir)),
    clusterVersion: { major: 1, minor: 30 },
  };
  const handlers = buildWebhookHandlers(deps);
  // What `gangway serve` mounts by default: the same handlers with the built-in policy packs.
  const policies = await loadServePolicies(ServeConfigSchema.parse({}), createSilentLogger());
  const served = buildWebhookHandlers({ ...deps, policies });
  const context = { signal: new AbortController().signal, dryRun: false };
  const review = (handler: AdmissionHandler, body: string) => async () => {
    const request = decodeAdmissionReview(JSON.parse(body));
    return completeResponseJson(request.uid, await handler.handle(request, context));
  };
  const inject = await cpuMicrosPerCall(review(handlers.inject, typicalPodReview('bench')));
  const refused = validateReview();
  const admitted = validateReview({ compliant: true });
  const rows = [
    ['/validate Pod Security only, pod refused', handlers.validate, refused],
    ['/validate Pod Security only, pod admitted', handlers.validate, admitted],
    ['/validate with the built-in policies (as served), pod refused', served.validate, refused],
    ['/validate with the built-in policies (as served), pod admitted', served.validate, admitted],
  ] as const;
  const figures: string[] = [];
  for (const [name, handler, body] of rows) {
    figures.push(`| ${name} | ${await cpuMicrosPerCall(review(handler, body))} |`);
  }
  console.log('\n## Webhook handlers in-process (parse, decode, handler, response JSON)');
  console.log('| review | µs/review (CPU, best batch of 500) |');
  console.log('|---|---|');
  console.log(`| /inject typical Deployment pod, injected | ${inject} |`);
  for (const row of figures) console.log(row);
}

function percent(part: number, whole: number): string {
  return Number.isFinite(part / whole) ? `${Math.round((part / whole) * 100)}%` : 'n/a';
}

/** The route's CPU row: server process and main thread per review, what one core could do. */
function cpuRow(route: string, figures: RouteFigures): string {
  const capacity = Math.round(1e6 / figures.mainThreadUs);
  return `| ${route} | ${figures.rps} | ${figures.serverUs} | ${figures.mainThreadUs} | ${Number.isFinite(capacity) ? capacity : 'n/a'} | ${figures.clientUs} |`;
}

/**
 * The webhook benchmark: /inject and /validate against /noop on the same server. Each route is
 * warmed up first (so that JIT compilation is not charged to the measured reviews); besides
 * throughput and latency it prints the CPU per review of the server and of the load generator.
 */
export async function benchWebhook(seconds = 5): Promise<void> {
  await benchWebhookHandlers();
  const { child, port, ca } = await startServerProcess();
  const server: BenchServer = { port, ca, pid: child.pid };
  const at32: Record<string, RouteFigures> = {};
  try {
    const body = typicalPodReview('bench-uid');
    const validateBody = validateReview();
    const admittedBody = validateReview({ compliant: true });
    for (const [path, warmBody] of [
      ['/noop', body],
      ['/inject', body],
      ['/validate', validateBody],
      ['/validate', admittedBody],
    ] as const) {
      await drive(server, path, warmBody, 32, Math.min(2, seconds));
    }
    console.log('\n## /inject over keep-alive HTTPS (server: one Node process)');
    console.log(
      '| concurrency | inject reviews/s | p50 ms | p99 ms | noop req/s | noop p99 ms | inject/noop |',
    );
    console.log('|---|---|---|---|---|---|---|');
    for (const c of [1, 16, 32, 64]) {
      const noop = await drive(server, '/noop', body, c, seconds);
      const inject = await drive(server, '/inject', body, c, seconds);
      if (c === 32) Object.assign(at32, { '/noop': noop, '/inject': inject });
      const flag = inject.ok && noop.ok ? '' : ' (non-2xx or errors seen)';
      console.log(
        `| ${c} | ${inject.rps} | ${inject.p50} | ${inject.p99} | ${noop.rps} | ${noop.p99} | ${percent(inject.rps, noop.rps)}${flag} |`,
      );
    }
    console.log(
      '\n## /validate as served (Pod Security + built-in policies), namespace enforcing restricted, concurrency 32',
    );
    for (const [label, key, validateBodyOf] of [
      ['pod admitted', '/validate (admitted)', admittedBody],
      ['pod refused', '/validate (refused)', validateBody],
    ] as const) {
      const v = await drive(server, '/validate', validateBodyOf, 32, seconds);
      at32[key] = v;
      console.log(
        `${label}: validations/s ${v.rps}, p50 ${v.p50} ms, p99 ${v.p99} ms${v.ok ? '' : ' (non-2xx or errors seen)'}`,
      );
    }
    console.log(`server peak RSS: ${await peakRssMb(child.pid)} MB`);
  } finally {
    child.kill('SIGTERM');
  }
  Object.assign(at32, await benchPodSecurityOnly(seconds));
  printCpuTable(at32);
}

/**
 * /validate on a server started with `--no-builtin-policies`: the validating webhook as the Pod
 * Security issue defines it (Pod Security and mesh validation, no admission policies).
 */
async function benchPodSecurityOnly(seconds: number): Promise<Record<string, RouteFigures>> {
  const { child, port, ca } = await startServerProcess(['--no-builtin-policies']);
  const server: BenchServer = { port, ca, pid: child.pid };
  const figures: Record<string, RouteFigures> = {};
  try {
    console.log(
      '\n## /validate with Pod Security only (--no-builtin-policies), namespace enforcing restricted, concurrency 32',
    );
    for (const [label, compliant] of [
      ['pod admitted', true],
      ['pod refused', false],
    ] as const) {
      const body = validateReview({ compliant });
      await drive(server, '/validate', body, 32, Math.min(2, seconds));
      const v = await drive(server, '/validate', body, 32, seconds);
      figures[`/validate PSA only (${compliant ? 'admitted' : 'refused'})`] = v;
      console.log(
        `${label}: validations/s ${v.rps}, p50 ${v.p50} ms, p99 ${v.p99} ms${v.ok ? '' : ' (non-2xx or errors seen)'}`,
      );
    }
  } finally {
    child.kill('SIGTERM');
  }
  return figures;
}

function printCpuTable(at32: Record<string, RouteFigures>): void {
  console.log(
    '\n## CPU per review at concurrency 32 (µs; less sensitive to other load than req/s)',
  );
  console.log(
    '| route | req/s | server process µs/req | server JS thread µs/req | one-core capacity req/s | load generator µs/req |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const [route, figures] of Object.entries(at32)) console.log(cpuRow(route, figures));
  const noop = at32['/noop'];
  const inject = at32['/inject'];
  const validate = at32['/validate (admitted)'];
  if (noop && inject && validate) {
    console.log(
      `inject/noop by server JS-thread CPU: ${percent(noop.mainThreadUs, inject.mainThreadUs)}; validate (admitted)/noop: ${percent(noop.mainThreadUs, validate.mainThreadUs)}`,
    );
  }
}
