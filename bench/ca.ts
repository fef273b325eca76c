import * as grpc from '@grpc/grpc-js';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { fork } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import * as http2 from 'node:http2';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { createCachedAuthenticator } from '../src/ca/auth/cached-authenticator.js';
import { createFileKeySet } from '../src/ca/auth/jwks-source.js';
import { createJwtAuthenticator } from '../src/ca/auth/jwt-authenticator.js';
import { toPem } from '../src/ca/crypto/signing-key.js';
import { x509 } from '../src/ca/crypto/x509.js';
import { createDirectoryRootStore } from '../src/ca/roots/root-store.js';
import {
  CA_SERVICE_NAME,
  loadCaProto,
  type IstioCertificateResponse,
} from '../src/ca/server/ca-proto.js';
import { startCa, type RunningCa } from '../src/ca/start-ca.js';
import { createMemoryFileSystem } from '../src/shared/fs/memory-file-system.js';

/** Concurrency of the load: calls in flight at any time. */
const CONCURRENCY = 16;
/** Calls measured, after a warm-up; enough for a stable p99 (100 samples above it). */
const CALLS = 10_000;
const WARMUP = 1_000;
/** Issuances of the in-process figure (no gRPC, no TLS). */
const IN_PROCESS_CALLS = 5_000;
/** Distinct workloads: each has its own key, CSR and token, made once before the load. */
const WORKLOADS = 64;
const ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** Marks the child process that drives the load. */
const LOAD_ROLE_ENV = 'GANGWAY_BENCH_CA_LOAD';

type CaClient = grpc.Client & {
  CreateCertificate(
    body: unknown,
    metadata: grpc.Metadata,
    callback: (error: grpc.ServiceError | null, response?: IstioCertificateResponse) => void,
  ): grpc.ClientUnaryCall;
};

interface Workload {
  csr: string;
  token: string;
  identity: string;
}

/** A fleet of workloads: one CSR and one service-account token each. */
async function buildWorkloads(): Promise<{ jwks: string; requests: Workload[] }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'ES256' }],
  });
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const requests: Workload[] = [];
  for (let index = 0; index < WORKLOADS; index++) {
    const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
    const identity = `spiffe://cluster.local/ns/bench/sa/w${index}`;
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      keys,
      signingAlgorithm: algorithm,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'url', value: identity }])],
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
    const csrPem = toPem('CERTIFICATE REQUEST', Buffer.from(csr.rawData));
    requests.push({ csr: csrPem, token, identity });
  }
  return { jwks, requests };
}

/** One certificate call; rejects unless the CA answered with a certificate chain. */
type Call = (request: Workload) => Promise<void>;

/** Runs `total` calls with CONCURRENCY in flight; returns each call's latency in ms. */
async function load(call: Call, requests: Workload[], total: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const request = requests[next++ % requests.length]!;
      const started = performance.now();
      await call(request);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return latencies;
}

/** Which client drives the load: grpc-js, or a minimal gRPC-over-HTTP/2 client (the default). */
type ClientKind = 'grpc-js' | 'http2';

interface LoadJob {
  address: string;
  rootPem: string;
  requests: Workload[];
  client: ClientKind;
}

interface LoadResult {
  latencies: number[];
  seconds: number;
  /** CPU time of the load generator during the measured calls, µs. */
  clientCpuMicros: number;
}

/** A grpc-js client pinned to the CA root, as Istio's agents call the CA. */
function connectGrpcJs(job: LoadJob): { call: Call; close(): void } {
  const { Client } = loadCaProto();
  const credentials = grpc.credentials.createSsl(Buffer.from(job.rootPem));
  const client = new Client(job.address, credentials, {
    'grpc.ssl_target_name_override': 'localhost',
    'grpc.default_authority': 'localhost',
  }) as unknown as CaClient;
  const call: Call = (request) => {
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${request.token}`);
    return new Promise((resolve, reject) => {
      client.CreateCertificate({ csr: request.csr, validity_duration: 0 }, metadata, (error) =>
        error ? reject(error) : resolve(),
      );
    });
  };
  return { call, close: () => client.close() };
}

/**
 * The same calls over one HTTP/2 TLS connection with each request message encoded once up front.
 * grpc-js costs its caller more CPU per call than the CA spends serving it; on a 2-core machine that
 * client would take the core the server needs, so the figures would measure the client.
 */
function connectHttp2(job: LoadJob): { call: Call; close(): void } {
  const session = http2.connect(`https://${job.address}`, {
    ca: job.rootPem,
    servername: 'localhost',
  });
  const bodies = new Map(job.requests.map((request) => [request, grpcFrame(request.csr)]));
  const path = `/${CA_SERVICE_NAME}/CreateCertificate`;
  const call: Call = (request) =>
    new Promise((resolve, reject) => {
      const stream = session.request({
        ':method': 'POST',
        ':path': path,
        'content-type': 'application/grpc',
        te: 'trailers',
        authorization: `Bearer ${request.token}`,
      });
      let received = 0;
      stream.on('data', (chunk: Buffer) => (received += chunk.length));
      stream.on('trailers', (trailers) => {
        const status = trailers['grpc-status'];
        // A reply carries a chain of two PEM certificates: anything short of that is not one.
        if (status === '0' && received > 1000) resolve();
        else
          reject(new Error(`grpc-status ${String(status)}: ${String(trailers['grpc-message'])}`));
      });
      stream.on('error', reject);
      stream.end(bodies.get(request));
    });
  return { call, close: () => session.close() };
}

/** A length-prefixed gRPC message holding IstioCertificateRequest { csr = 1 } (defaults omitted). */
function grpcFrame(csr: string): Buffer {
  const text = Buffer.from(csr, 'utf8');
  const length: number[] = [];
  for (let rest = text.length; ; rest >>>= 7) {
    if (rest < 0x80) {
      length.push(rest);
      break;
    }
    length.push((rest & 0x7f) | 0x80);
  }
  const message = Buffer.concat([Buffer.from([0x0a, ...length]), text]);
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/**
 * Warm-up, then the measured run. `onMeasuring` is called between the two, so that the server can
 * start its CPU clock on the measured calls only.
 */
async function runLoad(job: LoadJob, onMeasuring: () => void): Promise<LoadResult> {
  const client = job.client === 'grpc-js' ? connectGrpcJs(job) : connectHttp2(job);
  try {
    await load(client.call, job.requests, WARMUP);
    onMeasuring();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const latencies = await load(client.call, job.requests, CALLS);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    return { latencies, seconds, clientCpuMicros: cpu.user + cpu.system };
  } finally {
    client.close();
  }
}

type ChildMessage = { measuring: true } | { result: LoadResult };

/**
 * The load runs in a child process when this module is compiled JavaScript (`npm run bench`), so
 * that the CA's process holds the server alone, as in a cluster where callers are other pods, and
 * its CPU time is the server's alone. From TypeScript sources (node cannot run them) it runs in this
 * process, and the server CPU figure then includes the client.
 */
function runLoadSomewhere(
  job: LoadJob,
  onMeasuring: () => void,
): Promise<LoadResult & { mode: string }> {
  if (!import.meta.url.endsWith('.js')) {
    return runLoad(job, onMeasuring).then((result) => ({ ...result, mode: 'in-process client' }));
  }
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, [LOAD_ROLE_ENV]: '1' },
      serialization: 'advanced',
    });
    child.on('message', (message: ChildMessage) => {
      if ('measuring' in message) onMeasuring();
      else resolve({ ...message.result, mode: 'client in a child process' });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`load process exited with ${code}`)));
    child.send(job);
  });
}

if (process.env[LOAD_ROLE_ENV] === '1' && process.send) {
  process.once('message', (job: LoadJob) => {
    void runLoad(job, () => process.send?.({ measuring: true })).then((result) =>
      process.send?.({ result }, () => process.exit(0)),
    );
  });
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

/** CPU µs per issuance without gRPC or TLS: cached token check, CSR checks, signing. */
async function measureInProcess(ca: RunningCa, jwks: string, requests: Workload[]) {
  const files = createMemoryFileSystem({ '/issuer/jwks.json': jwks });
  const keys = createFileKeySet({ files, path: '/issuer/jwks.json' });
  await keys.load();
  const authenticator = createCachedAuthenticator(
    createJwtAuthenticator({ issuer: ISSUER, keys: keys.getKey }),
  );
  const issue = async (count: number): Promise<void> => {
    for (let index = 0; index < count; index++) {
      const request = requests[index % requests.length]!;
      await authenticator.authenticate(request.token);
      ca.authority.issueWorkloadCertificate({
        csrPem: request.csr,
        identity: request.identity,
        requestedTtlSeconds: 0,
      });
    }
  };
  await issue(WARMUP);
  const before = process.cpuUsage();
  await issue(IN_PROCESS_CALLS);
  const cpu = process.cpuUsage(before);
  keys.close();
  return Math.round((cpu.user + cpu.system) / IN_PROCESS_CALLS);
}

/**
 * Certificates issued per second and latency percentiles over the real gRPC API (TLS, token
 * verification, CSR checks, signing) at concurrency 16, and the server's CPU per certificate.
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
    const inProcessCpu = await measureInProcess(ca, jwks, requests);
    const port = await ca.server.bind('127.0.0.1:0');
    const rootPem = ca.signers.trustBundle().join('');
    const client: ClientKind = process.env['BENCH_CA_CLIENT'] === 'grpc-js' ? 'grpc-js' : 'http2';
    const job: LoadJob = { address: `127.0.0.1:${port}`, rootPem, requests, client };
    let before = process.cpuUsage();
    const result = await runLoadSomewhere(job, () => (before = process.cpuUsage()));
    // CPU time rather than wall time: it does not grow when other processes share the machine.
    const cpu = process.cpuUsage(before);
    const serverCpuPerCert = (cpu.user + cpu.system) / CALLS;
    const latencies = result.latencies.sort((a, b) => a - b);
    return {
      'ca.mode': `${client} ${result.mode}`,
      'ca.concurrency': CONCURRENCY,
      'ca.calls': CALLS,
      'ca.certs_per_second': Math.round(CALLS / result.seconds),
      'ca.p50_ms': Number(percentile(latencies, 0.5).toFixed(2)),
      'ca.p99_ms': Number(percentile(latencies, 0.99).toFixed(2)),
      'ca.max_ms': Number((latencies.at(-1) ?? NaN).toFixed(2)),
      'ca.server_cpu_us_per_cert': Math.round(serverCpuPerCert),
      'ca.server_certs_per_cpu_second': Math.round(1e6 / serverCpuPerCert),
      'ca.server_cores_busy': Number(((cpu.user + cpu.system) / 1e6 / result.seconds).toFixed(2)),
      'ca.client_cpu_us_per_cert': Math.round(result.clientCpuMicros / CALLS),
      'ca.in_process_cpu_us_per_cert': inProcessCpu,
      'ca.target': '>= 2000/s on one core, p99 < 5 ms',
    };
  } finally {
    await ca.close();
  }
}
