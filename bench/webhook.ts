import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import https from 'node:https';
import autocannon from 'autocannon';

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

/** Starts `gangway serve` in a child process (one Node thread: one core) and waits until ready. */
export async function startServerProcess(): Promise<{
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
      '--cluster-version',
      '1.30',
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

/** Drives one route with autocannon over keep-alive HTTPS and returns reviews/s, p50 and p99 (ms). */
export async function drive(
  port: number,
  path: string,
  body: string,
  connections: number,
  seconds: number,
) {
  const result = await autocannon({
    url: `https://127.0.0.1:${port}${path}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    pipelining: 1,
    duration: seconds,
  });
  const ok = result.non2xx === 0 && result.errors === 0;
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
  };
}

/** The typical pod's review as /validate sees it: in a namespace enforcing restricted. */
function validateReview(): string {
  const review = JSON.parse(typicalPodReview('bench-validate')) as {
    request: {
      namespace: string;
      object: { metadata: { namespace: string }; spec: Record<string, unknown> };
    };
  };
  review.request.namespace = 'shop';
  review.request.object.metadata.namespace = 'shop';
  return JSON.stringify(review);
}

/** The webhook benchmark: /inject and /validate against /noop on the same server. */
export async function benchWebhook(seconds = 5): Promise<void> {
  const { child, port } = await startServerProcess();
  try {
    const body = typicalPodReview('bench-uid');
    const validateBody = validateReview();
    console.log('\n## /inject over keep-alive HTTPS (server: one Node process)');
    console.log(
      '| concurrency | inject reviews/s | p50 ms | p99 ms | noop req/s | noop p99 ms | inject/noop |',
    );
    console.log('|---|---|---|---|---|---|---|');
    for (const c of [1, 16, 32, 64]) {
      const noop = await drive(port, '/noop', body, c, seconds);
      const inject = await drive(port, '/inject', body, c, seconds);
      const ratio = `${Math.round((inject.rps / noop.rps) * 100)}%`;
      const flag = inject.ok && noop.ok ? '' : ' (non-2xx or errors seen)';
      console.log(
        `| ${c} | ${inject.rps} | ${inject.p50} | ${inject.p99} | ${noop.rps} | ${noop.p99} | ${ratio}${flag} |`,
      );
    }
    console.log('\n## /validate (Pod Security, namespace enforcing restricted) at concurrency 32');
    const v = await drive(port, '/validate', validateBody, 32, seconds);
    console.log(
      `validations/s ${v.rps}, p50 ${v.p50} ms, p99 ${v.p99} ms${v.ok ? '' : ' (non-2xx or errors seen)'}`,
    );
    console.log(`server peak RSS: ${await peakRssMb(child.pid)} MB`);
  } finally {
    child.kill('SIGTERM');
  }
}
