import * as grpc from '@grpc/grpc-js';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { webcrypto } from 'node:crypto';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Registry } from 'prom-client';
import { createFileKeySet } from '../src/ca/auth/jwks-source.js';
import { toPem } from '../src/ca/crypto/signing-key.js';
import { x509 } from '../src/ca/crypto/x509.js';
import { createDirectoryRootStore } from '../src/ca/roots/root-store.js';
import { loadCaProto, type IstioCertificateResponse } from '../src/ca/server/ca-proto.js';
import { startCa } from '../src/ca/start-ca.js';
import { createMemoryFileSystem } from '../src/shared/fs/memory-file-system.js';

/** Concurrency of the load: calls in flight at any time. */
const CONCURRENCY = 16;
/** Calls measured, after a warm-up; enough for a stable p99 (100 samples above it). */
const CALLS = 10_000;
const WARMUP = 500;
/** Distinct workloads: each has its own key, CSR and token, as a real fleet would. */
const WORKLOADS = 64;
const ISSUER = 'https://kubernetes.default.svc.cluster.local';

type CaClient = grpc.Client & {
  CreateCertificate(
    body: unknown,
    metadata: grpc.Metadata,
    callback: (error: grpc.ServiceError | null, response?: IstioCertificateResponse) => void,
  ): grpc.ClientUnaryCall;
};

/** A fleet of workloads: one CSR and one service-account token each. */
async function buildWorkloads(): Promise<{ jwks: string; requests: Workload[] }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'ES256' }],
  });
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const requests = [];
  for (let index = 0; index < WORKLOADS; index++) {
    const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
    const uri = `spiffe://cluster.local/ns/bench/sa/w${index}`;
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      keys,
      signingAlgorithm: algorithm,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'url', value: uri }])],
    });
    const token = await new SignJWT({
      'kubernetes.io': { namespace: 'bench', serviceaccount: { name: `w${index}` } },
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'k' })
      .setIssuer(ISSUER)
      .setSubject(`system:serviceaccount:bench:w${index}`)
      .setAudience('gangway-ca')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    requests.push({ csr: toPem('CERTIFICATE REQUEST', Buffer.from(csr.rawData)), token });
  }
  return { jwks, requests };
}

function call(client: CaClient, request: { csr: string; token: string }): Promise<void> {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${request.token}`);
  return new Promise((resolve, reject) => {
    client.CreateCertificate({ csr: request.csr, validity_duration: 0 }, metadata, (error) =>
      error ? reject(error) : resolve(),
    );
  });
}

/** Runs `total` calls with CONCURRENCY in flight; returns each call's latency in ms. */
async function load(client: CaClient, requests: Workload[], total: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const request = requests[next++ % requests.length]!;
      const started = performance.now();
      await call(client, request);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return latencies;
}

interface Workload {
  csr: string;
  token: string;
}

interface LoadJob {
  role: 'ca-load';
  address: string;
  rootPem: string;
  requests: Workload[];
}

interface LoadResult {
  latencies: number[];
  seconds: number;
}

/** Warm-up, then the measured run, from a client pinned to the CA root. */
async function runLoad(job: LoadJob): Promise<LoadResult> {
  const { Client } = loadCaProto();
  const credentials = grpc.credentials.createSsl(Buffer.from(job.rootPem));
  const client = new Client(job.address, credentials, {
    'grpc.ssl_target_name_override': 'localhost',
    'grpc.default_authority': 'localhost',
  }) as unknown as CaClient;
  try {
    await load(client, job.requests, WARMUP);
    const started = performance.now();
    const latencies = await load(client, job.requests, CALLS);
    return { latencies, seconds: (performance.now() - started) / 1000 };
  } finally {
    client.close();
  }
}

/**
 * The load runs in a worker thread when this module is compiled JavaScript (`npm run bench`), so
 * that the client's own CPU does not count against the CA, as in a cluster where callers are other
 * pods. From TypeScript sources (a worker cannot load them) it runs in this thread.
 */
function runLoadSomewhere(job: LoadJob): Promise<LoadResult & { mode: string }> {
  if (!import.meta.url.endsWith('.js'))
    return runLoad(job).then((result) => ({ ...result, mode: 'in-process' }));
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    worker.once('message', (result: LoadResult) =>
      resolve({ ...result, mode: 'worker-thread client' }),
    );
    worker.once('error', reject);
  });
}

if (!isMainThread && (workerData as Partial<LoadJob> | null)?.role === 'ca-load') {
  void runLoad(workerData as LoadJob).then((result) => parentPort?.postMessage(result));
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

/**
 * Certificates issued per second and latency percentiles over the real gRPC API (TLS, token
 * verification, CSR checks, signing) at concurrency 16.
 */
export async function benchCa(): Promise<Record<string, number | string>> {
  const { jwks, requests } = await buildWorkloads();
  const files = createMemoryFileSystem({ '/issuer/jwks.json': jwks });
  const ca = await startCa({
    trustDomain: 'cluster.local',
    registry: new Registry(),
    signing: { mode: 'self-signed', store: createDirectoryRootStore({ files, dir: '/state' }) },
    authentication: {
      mode: 'jwt',
      issuer: ISSUER,
      keys: createFileKeySet({ files, path: '/issuer/jwks.json' }),
    },
  });
  try {
    const port = await ca.server.bind('127.0.0.1:0');
    const rootPem = ca.signers.trustBundle().join('');
    const job: LoadJob = { role: 'ca-load', address: `127.0.0.1:${port}`, rootPem, requests };
    const before = process.cpuUsage();
    const { latencies, seconds, mode } = await runLoadSomewhere(job);
    // CPU time rather than wall time: it does not grow when other processes share the machine.
    // It covers the whole process, so the client's share (about a third) is included.
    const cpu = process.cpuUsage(before);
    latencies.sort((a, b) => a - b);
    return {
      'ca.mode': mode,
      'ca.concurrency': CONCURRENCY,
      'ca.calls': CALLS,
      'ca.certs_per_second': Math.round(CALLS / seconds),
      'ca.p50_ms': Number(percentile(latencies, 0.5).toFixed(2)),
      'ca.p99_ms': Number(percentile(latencies, 0.99).toFixed(2)),
      'ca.max_ms': Number((latencies.at(-1) ?? NaN).toFixed(2)),
      'ca.cpu_us_per_cert_with_client': Math.round((cpu.user + cpu.system) / (CALLS + WARMUP)),
      'ca.target': '>= 2000/s, p99 < 5 ms',
    };
  } finally {
    await ca.close();
  }
}
