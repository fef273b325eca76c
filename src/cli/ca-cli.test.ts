import * as grpc from '@grpc/grpc-js';
import { X509Certificate, webcrypto } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callCa } from '../../test/ca/support/harness.js';
import { makeCsr } from '../../test/ca/support/csr.js';
import { createTestIssuer } from '../../test/ca/support/test-issuer.js';
import { ROOT_CONFIGMAP_KEY, ROOT_CONFIGMAP_NAME } from '../ca/distribution/root-distributor.js';
import { createMemoryKube } from '../ca/kube/memory-kube.js';
import { loadCaProto } from '../ca/server/ca-proto.js';
import { toPem } from '../ca/crypto/signing-key.js';
import { x509 } from '../ca/crypto/x509.js';
import { isGangwayError } from '../shared/errors.js';
import { createSilentLogger } from '../shared/logger.js';
import { main } from '../main.js';
import { startCaCommand, type CaCommandHandle, type CaCommandOverrides } from './ca.js';
import type { CliIo } from './usage.js';

const io: CliIo = { stdout: () => undefined, stderr: () => undefined, readStdin: async () => '' };
const NOT_IN_CLUSTER: NodeJS.ProcessEnv = {};
const IN_CLUSTER: NodeJS.ProcessEnv = {
  KUBERNETES_SERVICE_HOST: '10.0.0.1',
  KUBERNETES_SERVICE_PORT: '443',
};

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    readStdin: async () => '',
  });
  return { code, out, err };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gangway-ca-cli-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts `gangway ca` in-process on loopback; stopped after the test. */
async function startCommand(
  argv: string[],
  overrides: CaCommandOverrides = {},
): Promise<CaCommandHandle> {
  const handle = await startCaCommand(['--listen', '127.0.0.1:0', ...argv], io, {
    env: NOT_IN_CLUSTER,
    logger: createSilentLogger(),
    ...overrides,
  });
  if (!handle) throw new Error('the command printed its help instead of starting');
  cleanups.push(() => handle.close());
  return handle;
}

/** Requests a certificate for `identity` from the started CA, pinned to its trust bundle. */
async function requestCertificate(handle: CaCommandHandle, token: string, identity: string) {
  const { Client } = loadCaProto();
  const rootPem = handle.ca.signers.trustBundle().join('');
  const client = new Client(
    `127.0.0.1:${handle.port}`,
    grpc.credentials.createSsl(Buffer.from(rootPem)),
    { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' },
  );
  try {
    const { pem } = await makeCsr({ uris: [identity] });
    return await callCa(client, { csr: pem, token });
  } finally {
    client.close();
  }
}

/** The leaf's SAN, after checking the call succeeded. */
function leafSan(outcome: Awaited<ReturnType<typeof requestCertificate>>): string | undefined {
  if (!outcome.ok) throw new Error(`refused: ${outcome.reason ?? outcome.details}`);
  return new X509Certificate(outcome.response.cert_chain[0] ?? '').subjectAltName;
}

/** An HTTPS server on 127.0.0.1 with a self-signed certificate for that address. */
async function startHttpsServer(
  handle: (request: IncomingMessage, body: string, response: ServerResponse) => void,
): Promise<{ url: string; caPem: string }> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=test server',
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 3_600_000),
    keys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }]),
    ],
  });
  const keyDer = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const caPem = certificate.toString('pem');
  const server = createServer({ cert: caPem, key: toPem('PRIVATE KEY', keyDer) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, caPem };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

describe('gangway ca: usage errors (exit 2)', () => {
  const cases: [string, string[], string][] = [
    ['an unknown --auth', ['--auth', 'oidc'], '--auth must be one of jwt, token-review'],
    ['jwt without --issuer', ['--jwks', 'k.json'], '--auth jwt needs --issuer'],
    [
      'jwt flags with token-review',
      ['--auth', 'token-review', '--issuer', 'https://i', '--jwks', 'k.json'],
      '--issuer, --jwks only apply to --auth jwt',
    ],
    [
      '--jwks with discovery flags',
      ['--issuer', 'https://i', '--jwks', 'k.json', '--jwks-discovery'],
      '--jwks-discovery only apply to discovery',
    ],
    [
      'discovery from a non-https issuer',
      ['--issuer', 'kubernetes/serviceaccount'],
      'key discovery needs an https:// --issuer',
    ],
    [
      'a plug-in CA with a root store',
      ['--issuer', 'https://i', '--plugin-dir', 'd', '--root-store', 'directory'],
      'it takes no --root-store',
    ],
    [
      'an unknown root store',
      ['--issuer', 'https://i', '--root-store', 'vault'],
      '--root-store must be one of directory, secret',
    ],
    [
      'a zero --max-ttl',
      ['--issuer', 'https://i', '--max-ttl', '0'],
      '--max-ttl must be a positive whole number of seconds',
    ],
    [
      'a fractional --default-ttl',
      ['--issuer', 'https://i', '--default-ttl', '1.5'],
      '--default-ttl must be a positive whole number of seconds',
    ],
    ['an empty --audience', ['--issuer', 'https://i', '--audience', ''], '--audience'],
    [
      'a default lifetime above the maximum',
      ['--issuer', 'https://i', '--default-ttl', '7200', '--max-ttl', '3600'],
      '--default-ttl 7200 exceeds the longest lifetime',
    ],
    [
      'a namespace that is not a DNS label',
      ['--issuer', 'https://i', '--namespace', 'Mesh_System'],
      '--namespace must be a Kubernetes namespace name',
    ],
    [
      'an unknown flag',
      ['--issuer', 'https://i', '--jwks-url', 'x'],
      "Unknown option '--jwks-url'",
    ],
  ];
  for (const [name, argv, message] of cases) {
    it(`refuses ${name}`, async () => {
      const { code, err } = await run(['ca', ...argv]);
      expect(code).toBe(2);
      expect(err).toContain('GANGWAY_ERR_CLI_USAGE');
      expect(err).toContain(message);
    });
  }

  const clusterCases: [string, string[], string][] = [
    ['token-review', ['--auth', 'token-review'], '--auth token-review needs a cluster'],
    [
      'the Secret store',
      ['--issuer', 'https://i', '--root-store', 'secret'],
      '--root-store secret needs a cluster',
    ],
    [
      'root distribution',
      ['--issuer', 'https://i', '--jwks', 'k.json', '--distribute-roots'],
      '--distribute-roots needs a cluster',
    ],
  ];
  for (const [name, argv, message] of clusterCases) {
    it(`refuses ${name} outside a cluster without --kubeconfig`, async () => {
      const error: unknown = await startCaCommand(argv, io, { env: NOT_IN_CLUSTER }).catch(
        (caught: unknown) => caught,
      );
      expect(isGangwayError(error) && error.code).toBe('GANGWAY_ERR_CLI_USAGE');
      expect((error as Error).message).toContain(message);
    });
  }

  it('refuses a --state-dir with the Secret store', async () => {
    const argv = ['--auth', 'token-review', '--root-store', 'secret', '--state-dir', 'x'];
    const error: unknown = await startCaCommand(argv, io, { env: IN_CLUSTER }).catch(
      (caught: unknown) => caught,
    );
    expect(isGangwayError(error) && error.code).toBe('GANGWAY_ERR_CLI_USAGE');
  });

  it('prints every flag with --help and exits 0', async () => {
    const { code, out } = await run(['ca', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--auth', '--jwks-discovery', '--issuer-ca', '--issuer-token'])
      expect(out).toContain(flag);
    for (const flag of ['--kubeconfig', '--root-store', '--distribute-roots', '--namespace'])
      expect(out).toContain(flag);
    for (const flag of ['--identity', '--audience', '--default-ttl', '--max-ttl', '--log-level'])
      expect(out).toContain(flag);
  });
});

describe('gangway ca: local JWT verification', () => {
  it('verifies tokens against a JWKS file and writes the root bundle to the state dir', async () => {
    const dir = await tempDir();
    const issuer = await createTestIssuer();
    await writeFile(join(dir, 'jwks.json'), JSON.stringify(issuer.jwks));
    const stateDir = join(dir, 'state');
    const argv = ['--issuer', issuer.issuer, '--jwks', join(dir, 'jwks.json')];
    const handle = await startCommand([...argv, '--state-dir', stateDir, '--max-ttl', '7200']);
    expect(handle.rootBundle).toBe(join(stateDir, 'root-cert.pem'));
    const bundle = await readFile(join(stateDir, 'root-cert.pem'), 'utf8');
    expect(bundle).toBe(handle.ca.signers.trustBundle().join(''));
    const identity = 'spiffe://cluster.local/ns/shop/sa/web';
    const token = await issuer.token({ namespace: 'shop', serviceAccount: 'web' });
    expect(leafSan(await requestCertificate(handle, token, identity))).toBe(`URI:${identity}`);
    const wrongAudience = await issuer.token({ audience: 'other' });
    const refused = await requestCertificate(handle, wrongAudience, identity);
    expect(refused.ok || refused.reason).toBe('wrong-audience');
  });

  it('exits 1 with a coded error naming a JWKS file that cannot be read', async () => {
    const dir = await tempDir();
    const missing = join(dir, 'missing.json');
    const argv = ['--listen', '127.0.0.1:0', '--log-level', 'silent'];
    const { code, err } = await run([
      ...['ca', ...argv, '--issuer', 'https://issuer.example', '--jwks', missing],
      ...['--state-dir', join(dir, 'state')],
    ]);
    expect(code).toBe(1);
    expect(err).toContain('GANGWAY_ERR_CA_AUTH_CONFIG');
    expect(err).toContain(`cannot read ${missing}: ENOENT`);
  });

  it('discovers the keys from the issuer, with --issuer-ca and --issuer-token', async () => {
    const dir = await tempDir();
    const seen: (string | undefined)[] = [];
    const published: { jwks?: unknown } = {};
    let url = '';
    const server = await startHttpsServer((request, _body, response) => {
      seen.push(request.headers.authorization);
      if (request.url === '/.well-known/openid-configuration')
        sendJson(response, 200, { issuer: url, jwks_uri: `${url}/openid/v1/jwks` });
      else if (request.url === '/openid/v1/jwks') sendJson(response, 200, published.jwks);
      else sendJson(response, 404, {});
    });
    url = server.url;
    const issuer = await createTestIssuer(url);
    published.jwks = issuer.jwks;
    await writeFile(join(dir, 'issuer-ca.pem'), server.caPem);
    await writeFile(join(dir, 'token'), 'reader-token\n');
    const handle = await startCommand([
      ...['--issuer', url, '--state-dir', join(dir, 'state')],
      ...['--issuer-ca', join(dir, 'issuer-ca.pem'), '--issuer-token', join(dir, 'token')],
      ...['--trust-domain', 'example.org', '--audience', 'istio-ca', '--audience', 'gangway-ca'],
    ]);
    const identity = 'spiffe://example.org/ns/shop/sa/web';
    const token = await issuer.token({
      namespace: 'shop',
      serviceAccount: 'web',
      audience: 'istio-ca',
    });
    expect(leafSan(await requestCertificate(handle, token, identity))).toBe(`URI:${identity}`);
    expect(seen).toEqual(['Bearer reader-token', 'Bearer reader-token']);
  });

  it('fails to start when discovery cannot verify the issuer (no --issuer-ca)', async () => {
    const dir = await tempDir();
    const server = await startHttpsServer((_request, _body, response) =>
      sendJson(response, 200, {}),
    );
    const error: unknown = await startCaCommand(
      ['--listen', '127.0.0.1:0', '--issuer', server.url, '--state-dir', join(dir, 'state')],
      io,
      { env: NOT_IN_CLUSTER, logger: createSilentLogger() },
    ).catch((caught: unknown) => caught);
    expect(isGangwayError(error) && error.code).toBe('GANGWAY_ERR_CA_AUTH_CONFIG');
    expect((error as Error).message).toContain(`cannot fetch ${server.url}/.well-known`);
    expect((error as Error).message).toMatch(/certificate/i);
  });
});

describe('gangway ca: in a cluster', () => {
  it('--auth token-review and --root-store secret go through the API server of --kubeconfig', async () => {
    const dir = await tempDir();
    const reviews: { token: string; audiences: string[] }[] = [];
    const authorizations = new Set<string | undefined>();
    let secret: Record<string, unknown> | undefined;
    const secretPath = '/api/v1/namespaces/mesh-system/secrets';
    const api = await startHttpsServer((request, body, response) => {
      authorizations.add(request.headers.authorization);
      const route = `${request.method ?? ''} ${request.url ?? ''}`;
      if (route === 'POST /apis/authentication.k8s.io/v1/tokenreviews') {
        const spec = (JSON.parse(body) as { spec: { token: string; audiences: string[] } }).spec;
        reviews.push(spec);
        const user = { username: 'system:serviceaccount:shop:web' };
        const status =
          spec.token === 'good-token'
            ? { authenticated: true, user, audiences: spec.audiences }
            : { authenticated: false, error: 'invalid bearer token' };
        sendJson(response, 201, {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenReview',
          status,
        });
      } else if (route === `GET ${secretPath}/gangway-ca`) {
        if (secret) sendJson(response, 200, secret);
        else sendJson(response, 404, { kind: 'Status', apiVersion: 'v1', code: 404 });
      } else if (route === `POST ${secretPath}`) {
        const created = JSON.parse(body) as { metadata: Record<string, unknown> };
        secret = { ...created, metadata: { ...created.metadata, resourceVersion: '7' } };
        sendJson(response, 201, secret);
      } else {
        sendJson(response, 404, { kind: 'Status', apiVersion: 'v1', code: 404 });
      }
    });
    const kubeconfig = join(dir, 'kubeconfig');
    await writeFile(kubeconfig, kubeconfigFor(api.url, api.caPem));
    const handle = await startCommand([
      ...['--auth', 'token-review', '--kubeconfig', kubeconfig],
      ...['--root-store', 'secret', '--namespace', 'mesh-system'],
    ]);
    expect(handle.rootBundle).toBeUndefined();
    const stored = (secret?.['data'] ?? {}) as Record<string, string>;
    const storedBundle = Buffer.from(stored['root-cert.pem'] ?? '', 'base64').toString('utf8');
    expect(storedBundle).toBe(handle.ca.signers.trustBundle().join(''));
    const identity = 'spiffe://cluster.local/ns/shop/sa/web';
    expect(leafSan(await requestCertificate(handle, 'good-token', identity))).toBe(
      `URI:${identity}`,
    );
    const refused = await requestCertificate(handle, 'bad-token', identity);
    expect(refused.ok || refused.reason).toBe('token-rejected');
    expect(reviews).toEqual([
      { token: 'good-token', audiences: ['gangway-ca'] },
      { token: 'bad-token', audiences: ['gangway-ca'] },
    ]);
    expect([...authorizations]).toEqual(['Bearer kube-token']);
  });

  it('--distribute-roots publishes the bundle in every namespace', async () => {
    const dir = await tempDir();
    const kube = createMemoryKube();
    kube.addNamespace('shop');
    kube.addNamespace('mesh-system');
    const tokenReviewer = {
      review: async (_token: string, audiences: readonly string[]) => ({
        authenticated: true,
        username: 'system:serviceaccount:shop:web',
        audiences,
      }),
    };
    const handle = await startCommand(
      [
        ...['--auth', 'token-review', '--root-store', 'directory', '--distribute-roots'],
        ...['--state-dir', join(dir, 'state'), '--identity', 'gangway-0'],
      ],
      {
        env: { ...IN_CLUSTER, POD_NAMESPACE: 'mesh-system' },
        kubeApis: { ...kube, tokenReviewer },
      },
    );
    const distribution = handle.ca.distribution;
    expect(distribution).toBeDefined();
    await distribution?.elector.tryAcquireOrRenew();
    expect(distribution?.elector.isLeader()).toBe(true);
    const lease = await kube.leases.read('mesh-system', 'gangway-ca-root-distributor');
    expect(lease?.holderIdentity).toBe('gangway-0');
    await distribution?.distributor.reconcileAll();
    const bundle = handle.ca.signers.trustBundle().join('');
    for (const namespace of ['shop', 'mesh-system']) {
      const configMap = kube.configMap(namespace, ROOT_CONFIGMAP_NAME);
      expect(configMap?.data[ROOT_CONFIGMAP_KEY]).toBe(bundle);
    }
  });
});

/** A kubeconfig for the fake API server, with a bearer token. */
function kubeconfigFor(server: string, caPem: string): string {
  const caData = Buffer.from(caPem).toString('base64');
  return `apiVersion: v1
kind: Config
clusters:
- name: test
  cluster: {server: "${server}", certificate-authority-data: "${caData}"}
users:
- name: test
  user: {token: kube-token}
contexts:
- name: test
  context: {cluster: test, user: test}
current-context: test
`;
}
