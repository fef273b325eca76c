import * as grpc from '@grpc/grpc-js';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveServeConfig, startGangway, type RunningGangway } from '../../src/cli/serve.js';
import type { ServeConfig } from '../../src/config/serve-config.js';
import { createLogger, type Logger } from '../../src/shared/logger.js';
import {
  DEFAULT_RESOURCES,
  ISTIO_NETWORKING_RESOURCES,
  startFakeKubeApi,
  type FakeKubeApi,
  type KubeObject,
} from '../helpers/fake-kube-api.js';
import { review } from '../helpers/tls.js';
import { namesOf, openRawAds } from '../xds/helpers/raw-ads.js';

// `gangway serve` in a cluster: the real @kubernetes/client-node, through a kubeconfig, against a
// fake API server on loopback (the one thing that cannot run here). Namespace labels, mesh config,
// the CA's root Secret, its distributed ConfigMaps, TokenReview, the Lease and the audit's
// PolicyReports all go through the API server; the webhooks are called over real HTTPS with the
// generated CA pinned. Istio's networking CRDs are installed, its security CRDs are not.

const SYSTEM = 'gangway-system';
const TOKEN = 'workload-token';
const WRONG_AUDIENCE_TOKEN = 'token-for-another-audience';
const NODE_ID = 'sidecar~127.0.0.1~app-0.mesh~mesh.svc.cluster.local';
const ECHO_CLUSTER = 'outbound|7000||echo.mesh.svc.cluster.local';
const ECHO_SUBSET_CLUSTER = 'outbound|7000|v1|echo.mesh.svc.cluster.local';

let fake: FakeKubeApi;
let dir: string;
let config: ServeConfig;
let gangway: RunningGangway | undefined;
let servingCa: string;
const logLines: string[] = [];
let logger: Logger;

const namespace = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});

const pod = (ns: string, image = 'nginx:1.27'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: ns },
  spec: { containers: [{ name: 'app', image }] },
});

function seedCluster(api: FakeKubeApi): void {
  api.apply(namespace(SYSTEM));
  api.apply(namespace('locked', { 'pod-security.kubernetes.io/enforce': 'restricted' }));
  api.apply(namespace('open'));
  api.apply(namespace('mesh', { 'gangway.io/injection': 'enabled' }));
  api.apply(namespace('audited'));
  // Running already: the audit finds its unpinned image.
  api.apply(pod('audited', 'nginx:latest'));
  api.apply({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'echo', namespace: 'mesh' },
    spec: { selector: { app: 'echo' }, ports: [{ name: 'grpc', port: 7000, targetPort: 7000 }] },
  });
  api.apply({
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: 'echo', namespace: 'mesh' },
    spec: { host: 'echo', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
  });
  api.setToken(TOKEN, { username: 'system:serviceaccount:mesh:app', audiences: ['gangway-ca'] });
  api.setToken(WRONG_AUDIENCE_TOKEN, {
    username: 'system:serviceaccount:mesh:app',
    audiences: ['https://kubernetes.default.svc.cluster.local'],
  });
}

beforeAll(async () => {
  fake = await startFakeKubeApi({
    resources: [...DEFAULT_RESOURCES, ...ISTIO_NETWORKING_RESOURCES],
  });
  seedCluster(fake);
  dir = await mkdtemp(join(tmpdir(), 'gangway-serve-cluster-'));
  const kubeconfig = await fake.writeKubeconfig(join(dir, 'kubeconfig'));
  const resolved = resolveServeConfig(
    [
      ...['--host', '127.0.0.1', '--port', '0', '--health-port=-1', '--kubeconfig', kubeconfig],
      ...['--state-dir', join(dir, 'state'), '--config-dir', 'config', '--namespace', SYSTEM],
      // The audit runs once at start; an hour keeps it from running again during the test.
      ...['--xds-port', '0', '--grpc-port', '0', '--audit-interval', '1h'],
    ],
    {},
  );
  if (resolved === 'help') throw new Error('unexpected help');
  config = resolved;
  logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => void logLines.push(line) },
  });
  gangway = await startGangway(config, logger);
  servingCa = await readFile(join(dir, 'state', 'ca.crt'), 'utf8');
});

afterAll(async () => {
  await gangway?.close();
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Calls `check` until it returns something other than undefined, at most `attempts` times. */
async function pollUntil<T>(
  check: () => Promise<T | undefined> | T | undefined,
  attempts = 100,
): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const result = await check();
    if (result !== undefined) return result;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not met after ${attempts} attempts`);
}

function running(): RunningGangway {
  if (!gangway) throw new Error('gangway is not running');
  return gangway;
}

function post(path: '/validate' | '/inject', object: KubeObject) {
  const body = review(object, { namespace: object.metadata.namespace });
  return request(`https://127.0.0.1:${running().port}`)
    .post(path)
    .ca(servingCa)
    .set('content-type', 'application/json')
    .send(JSON.stringify(body));
}

const allowedOn = async (ns: string): Promise<boolean> =>
  (await post('/validate', pod(ns))).body.response.allowed as boolean;

const ref = (kind: string, name: string, ns?: string) => ({
  apiVersion: 'v1',
  kind,
  name,
  ...(ns ? { namespace: ns } : {}),
});

/** The CA's root bundle, from the Secret gangway keeps it in. */
function secretBundle(): string {
  const data = fake.get(ref('Secret', 'gangway-ca', SYSTEM))?.['data'] as Record<string, string>;
  return Buffer.from(data['root-cert.pem'] ?? '', 'base64').toString('utf8');
}

function configMapBundle(ns: string): string | undefined {
  const cm = fake.get(ref('ConfigMap', 'gangway-ca-root-cert', ns));
  return (cm?.['data'] as Record<string, string> | undefined)?.['root-cert.pem'];
}

/** Opens an xDS stream on the TLS port, pinned on `root`, with `token` as the bearer. */
function tlsAds(root: string, token: string) {
  const callMetadata = new grpc.Metadata();
  callMetadata.set('authorization', `Bearer ${token}`);
  return openRawAds(running().grpcPort ?? -1, NODE_ID, {
    metadata: { NAMESPACE: 'mesh', GENERATOR: 'grpc' },
    callMetadata,
    credentials: grpc.credentials.createSsl(Buffer.from(root)),
    serverName: 'localhost',
  });
}

describe('gangway serve in a cluster: readiness and namespaces from the API server', () => {
  it('is ready once the informers have listed', async () => {
    const res = await request(`https://127.0.0.1:${running().port}`).get('/readyz').ca(servingCa);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready' });
    const lists = fake.requests().filter((r) => r.method === 'GET' && r.query === '');
    expect(lists.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/api/v1/namespaces', '/api/v1/services', '/api/v1/pods']),
    );
  });

  it('denies a pod violating restricted in a namespace labelled restricted, admits it elsewhere', async () => {
    const denied = await post('/validate', pod('locked'));
    expect(denied.body.response.allowed).toBe(false);
    expect(denied.body.response.status.message).toContain('restricted');
    expect(await allowedOn('open')).toBe(true);
  });

  it('follows a label change made through the API server (a watch MODIFIED event)', async () => {
    fake.update(ref('Namespace', 'open'), (ns) => {
      ns.metadata.labels = {
        ...ns.metadata.labels,
        'pod-security.kubernetes.io/enforce': 'restricted',
      };
    });
    await pollUntil(async () => ((await allowedOn('open')) ? undefined : true));
    fake.update(ref('Namespace', 'open'), (ns) => {
      delete ns.metadata.labels?.['pod-security.kubernetes.io/enforce'];
    });
    await pollUntil(async () => ((await allowedOn('open')) ? true : undefined));
  });

  it('keeps following after the API server closes its watches (resumes from its resourceVersion)', async () => {
    const watchesBefore = fake.openWatches();
    fake.dropWatches();
    fake.update(ref('Namespace', 'open'), (ns) => {
      ns.metadata.labels = {
        ...ns.metadata.labels,
        'pod-security.kubernetes.io/enforce': 'restricted',
      };
    });
    await pollUntil(async () => ((await allowedOn('open')) ? undefined : true));
    await pollUntil(() => (fake.openWatches() === watchesBefore ? true : undefined));
  });

  it('injects a pod in a namespace labelled for injection and skips one elsewhere', async () => {
    const injected = await post('/inject', pod('mesh'));
    expect(injected.body.response).toMatchObject({ allowed: true, patchType: 'JSONPatch' });
    const patch = Buffer.from(injected.body.response.patch, 'base64').toString('utf8');
    expect(patch).toContain('gangway-proxy');
    const skipped = await post('/inject', pod('audited'));
    expect(skipped.body.response.allowed).toBe(true);
    expect(skipped.body.response.patch).toBeUndefined();
  });
});

describe('gangway serve in a cluster: the CA', () => {
  it('keeps its root in a Secret of its own namespace', () => {
    const secret = fake.get(ref('Secret', 'gangway-ca', SYSTEM));
    expect(secret?.['type']).toBe('gangway.io/ca-root');
    const root = new X509Certificate(secretBundle());
    expect(root.ca).toBe(true);
    expect(root.checkIssued(root)).toBe(true);
  });

  it('distributes the root as ConfigMap gangway-ca-root-cert to every namespace', async () => {
    const bundle = secretBundle();
    for (const ns of [SYSTEM, 'locked', 'open', 'mesh', 'audited']) {
      expect(await pollUntil(() => configMapBundle(ns))).toBe(bundle);
      const labels = fake.get(ref('ConfigMap', 'gangway-ca-root-cert', ns))?.metadata.labels;
      expect(labels).toEqual({ 'gangway.io/ca-root': 'true' });
    }
    const lease = fake.get({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      name: 'gangway-ca-root-distributor',
      namespace: SYSTEM,
    });
    expect((lease?.['spec'] as { holderIdentity?: string }).holderIdentity).toBeTruthy();
  });

  it('gives a namespace created later the ConfigMap, and repairs one deleted', async () => {
    fake.apply(namespace('late'));
    expect(await pollUntil(() => configMapBundle('late'))).toBe(secretBundle());
    fake.remove(ref('ConfigMap', 'gangway-ca-root-cert', 'mesh'));
    expect(await pollUntil(() => configMapBundle('mesh'))).toBe(secretBundle());
  });

  it('authenticates xDS on the TLS port through TokenReview (refusing a token for another audience), pinned on the distributed root', async () => {
    const root = configMapBundle('mesh') ?? '';
    const stream = tlsAds(root, TOKEN);
    stream.send('cluster', []);
    expect(namesOf(await stream.next(10_000))).toContain(ECHO_CLUSTER);
    stream.close();
    const refused = tlsAds(root, WRONG_AUDIENCE_TOKEN);
    refused.send('cluster', []);
    expect((await refused.status()).code).toBe(grpc.status.UNAUTHENTICATED);
    refused.close();
    const reviews = fake.requests().filter((r) => r.path.endsWith('/tokenreviews'));
    expect(reviews.length).toBeGreaterThanOrEqual(2);
  });
});

describe('gangway serve in a cluster: xDS and the audit', () => {
  it('serves the Services and installed Istio CRDs it watches on the plaintext xDS port', async () => {
    const stream = openRawAds(running().xdsPort ?? -1, NODE_ID, {
      metadata: { NAMESPACE: 'mesh', GENERATOR: 'grpc' },
    });
    stream.send('cluster', []);
    const names = namesOf(await stream.next(10_000));
    stream.close();
    expect(names).toEqual(expect.arrayContaining([ECHO_CLUSTER, ECHO_SUBSET_CLUSTER]));
  });

  it('skips the Istio CRDs that are not installed (404) instead of relisting them', () => {
    const skipped = logLines.filter((l) => l.includes('mesh config kind not watched'));
    expect(skipped.some((l) => l.includes('"PeerAuthentication"'))).toBe(true);
    expect(skipped.some((l) => l.includes('"DestinationRule"'))).toBe(false);
    const lists = fake
      .requests()
      .filter((r) => r.path === '/apis/security.istio.io/v1/peerauthentications');
    expect(lists).toHaveLength(1);
  });

  it('writes a PolicyReport for the namespace with a violating pod', async () => {
    const report = await pollUntil(() =>
      fake.get({
        apiVersion: 'wgpolicyk8s.io/v1alpha2',
        kind: 'PolicyReport',
        name: 'gangway-audit',
        namespace: 'audited',
      }),
    );
    const results = report['results'] as { policy: string; result: string }[];
    expect(results).toContainEqual(
      expect.objectContaining({ policy: 'gangway-workloads-image-tags', result: 'fail' }),
    );
    expect((report['summary'] as { fail: number }).fail).toBeGreaterThan(0);
  });
});

describe('gangway serve in a cluster: close and restart', () => {
  it('closes its watches and gives up the Lease on close', async () => {
    await running().close();
    gangway = undefined;
    await pollUntil(() => (fake.openWatches() === 0 ? true : undefined));
    const lease = fake.get({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      name: 'gangway-ca-root-distributor',
      namespace: SYSTEM,
    });
    expect((lease?.['spec'] as { holderIdentity?: string }).holderIdentity ?? '').toBe('');
  });

  it('reuses the root from the Secret after a restart', async () => {
    const before = fake.get(ref('Secret', 'gangway-ca', SYSTEM));
    const root = secretBundle();
    gangway = await startGangway(config, logger);
    expect(fake.get(ref('Secret', 'gangway-ca', SYSTEM))?.metadata.resourceVersion).toBe(
      before?.metadata.resourceVersion,
    );
    // The restarted CA's serving chain verifies against the root pinned before the restart.
    const stream = tlsAds(root, TOKEN);
    stream.send('cluster', []);
    expect(namesOf(await stream.next(10_000))).toContain(ECHO_CLUSTER);
    stream.close();
  });
});
