import * as grpc from '@grpc/grpc-js';
import { X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgent, type AgentHandle } from '../../src/agent/index.js';
import { resolveServeConfig, startGangway, type RunningGangway } from '../../src/cli/serve.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { createTestIssuer, type TestIssuer } from '../ca/support/test-issuer.js';
import {
  callMany,
  createEchoClient,
  startEchoServer,
  type EchoClient,
} from '../xds/helpers/echo.js';
import { BOOTSTRAP_OPTION, eventually } from '../xds/helpers/harness.js';
import { echoService, echoWorkload } from '../xds/helpers/mesh-yaml.js';
import { namesOf, openRawAds } from '../xds/helpers/raw-ads.js';

// `gangway serve` runs the CA and authenticated xDS on one TLS port; a real `gangway agent` gets
// its workload certificate there, proxies xDS from there with the pod's token, and a real
// @grpc/grpc-js-xds client routes through the agent's bootstrap.

const TARGET = 'xds:///echo.default.svc.cluster.local:7000';
const NODE_ID = 'sidecar~127.0.0.1~app-0.default~default.svc.cluster.local';

let gangway: RunningGangway;
let issuer: TestIssuer;
let dir: string;
let agent: AgentHandle;
let client: EchoClient | undefined;
const echoServers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gangway-serve-ca-'));
  issuer = await createTestIssuer();
  await writeFile(join(dir, 'jwks.json'), JSON.stringify(issuer.jwks));
  const meshDir = join(dir, 'mesh');
  await mkdir(meshDir);
  const v1 = await startEchoServer('v1');
  echoServers.push(v1);
  await writeFile(
    join(meshDir, 'mesh.yaml'),
    `${echoService()}---\n${echoWorkload('v1', v1.port)}`,
  );
  const config = resolveServeConfig(
    [
      ...['--host', '127.0.0.1', '--port', '0', '--health-port=-1', '--kube', 'off'],
      ...['--state-dir', join(dir, 'state'), '--config-dir', 'config', '--mesh-dir', meshDir],
      ...['--xds-port=-1', '--grpc-port', '0', '--audit-interval=0'],
      ...['--ca-issuer', issuer.issuer, '--ca-jwks', join(dir, 'jwks.json')],
    ],
    {},
  );
  if (config === 'help') throw new Error('unexpected help');
  gangway = await startGangway(config, createSilentLogger());
  const tokenPath = join(dir, 'token');
  await writeFile(tokenPath, await issuer.token({ namespace: 'default', serviceAccount: 'app' }));
  await writeFile(join(dir, 'labels'), 'app="app"\n');
  const address = `127.0.0.1:${gangway.grpcPort}`;
  agent = await runAgent({
    caAddress: address,
    caServerName: 'localhost',
    caRootPath: gangway.caRootBundle ?? '',
    tokenPath,
    certDir: join(dir, 'certs'),
    trustDomain: 'cluster.local',
    status: { port: 0, host: '127.0.0.1' },
    logger: createSilentLogger(),
    xds: {
      discoveryAddress: address,
      serverName: 'localhost',
      listen: ['127.0.0.1:0'],
      pod: {
        name: 'app-0',
        namespace: 'default',
        ip: '127.0.0.1',
        serviceAccount: 'app',
        labelsPath: join(dir, 'labels'),
      },
    },
  });
});

afterAll(async () => {
  client?.close();
  await agent?.close();
  await gangway?.close();
  await Promise.all(echoServers.map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

describe('gangway serve runs the CA and authenticated xDS on one TLS port', () => {
  it('issues the agent a SPIFFE certificate that chains to the root bundle it wrote', async () => {
    const chainPem = await eventually(() =>
      readFile(join(dir, 'certs', 'cert-chain.pem'), 'utf8').catch(() => undefined),
    );
    const leaf = new X509Certificate(chainPem);
    expect(leaf.subjectAltName).toBe('URI:spiffe://cluster.local/ns/default/sa/app');
    const roots = (await readFile(gangway.caRootBundle ?? '', 'utf8'))
      .split(/(?=-----BEGIN CERTIFICATE-----)/)
      .map((pem) => new X509Certificate(pem));
    const chain = chainPem
      .split(/(?=-----BEGIN CERTIFICATE-----)/)
      .map((pem) => new X509Certificate(pem));
    const top = chain[chain.length - 1]!;
    expect(roots.some((root) => top.verify(root.publicKey))).toBe(true);
    expect(agent.ready()).toBe(true);
  });

  it('routes a real xDS client through the agent, which proxies xDS from serve with the token', async () => {
    const bootstrap = await eventually(() =>
      readFile(agent.xds!.bootstrapPath, 'utf8').catch(() => undefined),
    );
    client = createEchoClient(TARGET, grpc.credentials.createInsecure(), {
      [BOOTSTRAP_OPTION]: bootstrap,
    });
    const { servers, errors } = await callMany(client, 20);
    expect(errors).toEqual({});
    expect(servers).toEqual({ v1: 20 });
  });

  it('refuses an xDS stream without a token on the TLS port, UNAUTHENTICATED', async () => {
    const root = await readFile(gangway.caRootBundle ?? '');
    const credentials = grpc.credentials.createSsl(root);
    const stream = openRawAds(gangway.grpcPort ?? -1, NODE_ID, {
      metadata: { NAMESPACE: 'default' },
      credentials,
      serverName: 'localhost',
    });
    stream.send('cluster', []);
    expect((await stream.status()).code).toBe(grpc.status.UNAUTHENTICATED);
    stream.close();
  });

  it('serves an xDS stream with a valid token on the TLS port', async () => {
    const root = await readFile(gangway.caRootBundle ?? '');
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${await issuer.token()}`);
    const stream = openRawAds(gangway.grpcPort ?? -1, NODE_ID, {
      metadata: { NAMESPACE: 'default', GENERATOR: 'grpc' },
      callMetadata: metadata,
      credentials: grpc.credentials.createSsl(root),
      serverName: 'localhost',
    });
    stream.send('cluster', []);
    expect(namesOf(await stream.next(10_000))).toContain(
      'outbound|7000||echo.default.svc.cluster.local',
    );
    stream.close();
  });
});
