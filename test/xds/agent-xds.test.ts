import './helpers/enable-rbac.js';
import * as grpc from '@grpc/grpc-js';
import { XdsChannelCredentials, XdsServer, XdsServerCredentials } from '@grpc/grpc-js-xds';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgent, type AgentHandle } from '../../src/agent/index.js';
import { createJwtAuthenticator } from '../../src/ca/auth/jwt-authenticator.js';
import { DEFAULT_SERVING_NAMES } from '../../src/ca/server/ca-server.js';
import { createServingIdentity } from '../../src/ca/server/serving-identity.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import { bearerTokenAuthenticator } from '../../src/xds/server/authenticate.js';
import { startTestCa, type TestCa } from '../ca/support/harness.js';
import { writeWorkloadCertificates } from './helpers/certs.js';
import { createEchoClient, echoHandler, echoService, type EchoClient } from './helpers/echo.js';
import {
  BOOTSTRAP_OPTION,
  bootstrapFor,
  eventually,
  startControlPlane,
  type ControlPlane,
} from './helpers/harness.js';
import { echoService as echoServiceYaml, echoWorkload } from './helpers/mesh-yaml.js';
import { namesOf, openRawAds } from './helpers/raw-ads.js';

const TARGET = 'xds:///echo.default.svc.cluster.local:7000';
const APP_ID = 'spiffe://cluster.local/ns/default/sa/app';
const NODE_ID = 'sidecar~127.0.0.1~app-0.default~default.svc.cluster.local';
const HOUR = 3_600_000;

/** A port nothing listens on now: grpc-js-xds servers ask for their listener before binding. */
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const strictMtls = stringify({
  apiVersion: 'security.istio.io/v1',
  kind: 'PeerAuthentication',
  metadata: { name: 'default', namespace: 'default' },
  spec: { mtls: { mode: 'STRICT' } },
});

/** The control plane's 15012: TLS with a certificate from the mesh CA, streams need a valid token. */
async function bindAuthenticatedPort(plane: ControlPlane, ca: TestCa): Promise<number> {
  const identity = createServingIdentity({
    authority: ca.ca.authority,
    names: DEFAULT_SERVING_NAMES,
    logger: createSilentLogger(),
  });
  identity.renew();
  const credentials = grpc.experimental.createCertificateProviderServerCredentials(
    identity,
    null,
    false,
  );
  const port = await plane.xds.server.bind('127.0.0.1:0', credentials);
  identity.close();
  return port;
}

describe('gangway agent: xDS proxy and gRPC bootstrap against a real control plane and CA', () => {
  let ca: TestCa;
  let plane: ControlPlane;
  let agent: AgentHandle;
  let dir: string;
  let tokenPath: string;
  let echo: XdsServer;
  const clients: EchoClient[] = [];

  beforeAll(async () => {
    ca = await startTestCa();
    const jwt = createJwtAuthenticator({ issuer: ca.issuer.issuer, keys: ca.issuer.keySet.getKey });
    plane = await startControlPlane(
      { 'service.yaml': echoServiceYaml(), 'policies.yaml': strictMtls },
      { authenticate: bearerTokenAuthenticator(jwt) },
    );
    const discoveryPort = await bindAuthenticatedPort(plane, ca);
    dir = await mkdtemp(join(tmpdir(), 'gangway-agent-xds-'));
    tokenPath = join(dir, 'token');
    await writeFile(tokenPath, await ca.issuer.token());
    await writeFile(join(dir, 'root-cert.pem'), ca.rootPem());
    await writeFile(join(dir, 'labels'), 'app="app"\nversion="v1"\n');
    agent = await runAgent({
      caAddress: ca.address,
      caServerName: 'localhost',
      caRootPath: join(dir, 'root-cert.pem'),
      tokenPath,
      certDir: join(dir, 'certs'),
      status: { port: 0, host: '127.0.0.1' },
      xds: {
        discoveryAddress: `127.0.0.1:${discoveryPort}`,
        serverName: 'localhost',
        listen: ['127.0.0.1:0', `unix://${join(dir, 'xds.sock')}`],
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
    for (const client of clients) client.close();
    echo?.forceShutdown();
    await agent?.close();
    await plane?.close();
    await ca?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const bootstrapText = (): Promise<string> =>
    eventually(() => readFile(agent.xds!.bootstrapPath, 'utf8'));

  it('writes the bootstrap after the certificate, pointing at its plaintext loopback endpoint', async () => {
    const text = await bootstrapText();
    expect(agent.ready()).toBe(true);
    const certDir = join(dir, 'certs');
    expect(agent.xds!.bootstrapPath).toBe(join(certDir, 'grpc-bootstrap.json'));
    expect((await stat(agent.xds!.bootstrapPath)).mode & 0o777).toBe(0o644);
    const watcher = { refresh_interval: '900s' };
    expect(JSON.parse(text)).toEqual({
      xds_servers: [
        {
          server_uri: `127.0.0.1:${agent.xds!.port}`,
          channel_creds: [{ type: 'insecure' }],
          server_features: ['xds_v3'],
        },
      ],
      node: {
        id: NODE_ID,
        cluster: 'app.default',
        metadata: {
          NAME: 'app-0',
          NAMESPACE: 'default',
          LABELS: { app: 'app', version: 'v1' },
          INSTANCE_IPS: '127.0.0.1',
          SERVICE_ACCOUNT: 'app',
          GENERATOR: 'grpc',
        },
        locality: {},
      },
      certificate_providers: {
        default: {
          plugin_name: 'file_watcher',
          config: {
            certificate_file: join(certDir, 'cert-chain.pem'),
            private_key_file: join(certDir, 'key.pem'),
            ca_certificate_file: join(certDir, 'root-cert.pem'),
            ...watcher,
          },
        },
        ROOTCA: {
          plugin_name: 'file_watcher',
          config: { ca_certificate_file: join(certDir, 'root-cert.pem'), ...watcher },
        },
      },
      server_listener_resource_name_template: 'xds.gangway.io/grpc/lds/inbound/%s',
    });
  });

  it('forwards a plain ADS stream over TLS with the pod token, on loopback and on the Unix socket', async () => {
    await bootstrapText();
    const meta = { NAMESPACE: 'default', GENERATOR: 'grpc', LABELS: { app: 'app' } };
    const viaLoopback = openRawAds(agent.xds!.port, NODE_ID, { metadata: meta });
    viaLoopback.send('cluster', []);
    const response = await viaLoopback.next(10_000);
    expect(namesOf(response)).toContain('outbound|7000||echo.default.svc.cluster.local');
    expect(agent.xds!.streams()).toBe(1);
    const metrics = await fetch(`http://127.0.0.1:${agent.statusPort}/stats/prometheus`);
    expect(await metrics.text()).toContain('gangway_agent_xds_streams 1');
    viaLoopback.close();

    const socketClient = new grpc.Client(
      `unix://${join(dir, 'xds.sock')}`,
      grpc.credentials.createInsecure(),
    );
    const ready = new Promise<void>((resolve, reject) =>
      socketClient.waitForReady(Date.now() + 5000, (e) => (e ? reject(e) : resolve())),
    );
    await expect(ready).resolves.toBeUndefined();
    socketClient.close();
  });

  it('reads the token again for each stream: a rotated-in expired token is refused upstream', async () => {
    await bootstrapText();
    const valid = await readFile(tokenPath, 'utf8');
    await writeFile(tokenPath, await ca.issuer.token({ nowMs: Date.now() - 2 * HOUR }));
    const refused = openRawAds(agent.xds!.port, NODE_ID, { metadata: { NAMESPACE: 'default' } });
    refused.send('cluster', []);
    const status = await refused.status();
    expect(status.code).toBe(grpc.status.UNAUTHENTICATED);
    refused.close();

    await writeFile(tokenPath, valid);
    const accepted = openRawAds(agent.xds!.port, NODE_ID, { metadata: { NAMESPACE: 'default' } });
    accepted.send('cluster', []);
    expect((await accepted.next(10_000)).type_url).toContain('Cluster');
    accepted.close();
  });

  it('lets a real grpc-js-xds client call over mTLS with the bootstrap and certificates it wrote', async () => {
    const port = await freePort();
    const serverCerts = await writeWorkloadCertificates(
      ca.ca.authority,
      join(dir, 'echo'),
      'spiffe://cluster.local/ns/default/sa/echo-v1',
    );
    await plane.write('workloads.yaml', echoWorkload('v1', port));
    echo = new XdsServer({
      [BOOTSTRAP_OPTION]: bootstrapFor(plane.port, {
        name: 'echo-v1',
        labels: { app: 'echo', version: 'v1' },
        serviceAccount: 'echo-v1',
        certificates: serverCerts,
      }),
    });
    echo.addService(echoService, echoHandler('v1'));
    await new Promise<void>((resolve, reject) =>
      echo.bindAsync(
        `0.0.0.0:${port}`,
        new XdsServerCredentials(grpc.ServerCredentials.createInsecure()),
        (e) => (e ? reject(e) : resolve()),
      ),
    );
    const client = createEchoClient(
      TARGET,
      new XdsChannelCredentials(grpc.credentials.createInsecure()),
      { [BOOTSTRAP_OPTION]: await bootstrapText() },
    );
    clients.push(client);
    const reply = await eventually(() => client.call(), 20_000);
    expect(reply.server).toBe('v1');
    expect(reply.peerSan).toContain(`URI:${APP_ID}`);
  });
});

describe('gangway agent: xDS never gates readiness', () => {
  let ca: TestCa;
  let dir: string;
  const agents: AgentHandle[] = [];

  beforeAll(async () => {
    ca = await startTestCa();
    dir = await mkdtemp(join(tmpdir(), 'gangway-agent-noxds-'));
    await writeFile(join(dir, 'token'), await ca.issuer.token());
    await writeFile(join(dir, 'root-cert.pem'), ca.rootPem());
  });

  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.close()));
    await ca?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const start = async (name: string, listen: string[]): Promise<AgentHandle> => {
    const agent = await runAgent({
      caAddress: ca.address,
      caServerName: 'localhost',
      caRootPath: join(dir, 'root-cert.pem'),
      tokenPath: join(dir, 'token'),
      certDir: join(dir, name),
      status: { enabled: false },
      sds: { enabled: false },
      xds: {
        discoveryAddress: `127.0.0.1:${await freePort()}`,
        listen,
        pod: { name: 'app-0', namespace: 'default', ip: '127.0.0.1' },
      },
    });
    agents.push(agent);
    return agent;
  };

  it('is ready and writes the bootstrap while the control plane is unreachable; streams fail UNAVAILABLE', async () => {
    const agent = await start('down', ['127.0.0.1:0']);
    const bootstrap = JSON.parse(
      await eventually(() => readFile(agent.xds!.bootstrapPath, 'utf8')),
    ) as { node: { metadata: Record<string, unknown> } };
    expect(agent.ready()).toBe(true);
    expect(bootstrap.node.metadata['LABELS']).toEqual({});
    const stream = openRawAds(agent.xds!.port, NODE_ID, { metadata: { NAMESPACE: 'default' } });
    stream.send('cluster', []);
    expect((await stream.status()).code).toBe(grpc.status.UNAVAILABLE);
    stream.close();
  });

  it('refuses to start when the local xDS port is taken', async () => {
    const first = await start('first', ['127.0.0.1:0']);
    const taken = `127.0.0.1:${first.xds!.port}`;
    await expect(start('second', [taken])).rejects.toThrow(/No address added out of total 1/);
  });
});
