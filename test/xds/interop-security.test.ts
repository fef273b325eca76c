import './helpers/enable-rbac.js';
import * as grpc from '@grpc/grpc-js';
import { XdsChannelCredentials, XdsServer, XdsServerCredentials } from '@grpc/grpc-js-xds';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, writeWorkloadCertificates } from './helpers/certs.js';
import { createEchoClient, echoHandler, echoService, type EchoClient } from './helpers/echo.js';
import {
  BOOTSTRAP_OPTION,
  bootstrapFor,
  eventually,
  startControlPlane,
  type ControlPlane,
} from './helpers/harness.js';
import { echoService as echoServiceYaml, echoWorkload } from './helpers/mesh-yaml.js';
import { makeServingMaterial } from '../helpers/tls.js';
import { readFile } from 'node:fs/promises';
import { createNodeFileSystem } from '../../src/shared/fs/index.js';
import { bearerTokenAuthenticator } from '../../src/xds/server/authenticate.js';
import { createXdsProxy, type XdsProxy } from '../../src/xds/proxy/xds-proxy.js';
import { grpcNodeId, writeGrpcBootstrap } from '../../src/xds/proxy/grpc-bootstrap.js';

const TARGET = 'xds:///echo.default.svc.cluster.local:7000';
const spiffe = (sa: string): string => `spiffe://cluster.local/ns/default/sa/${sa}`;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const policies =
  stringify({
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'default', namespace: 'default' },
    spec: { mtls: { mode: 'STRICT' } },
  }) +
  '---\n' +
  stringify({
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'deny-bad', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'echo' } },
      action: 'DENY',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/default/sa/bad'] } }] }],
    },
  });

describe('interop with @grpc/grpc-js-xds: mTLS and RBAC', () => {
  let plane: ControlPlane;
  let dir: string;
  let server: XdsServer;
  let closeCa: () => void;
  let proxy: XdsProxy | undefined;
  const clients: EchoClient[] = [];

  const clientFor = async (sa: string): Promise<EchoClient> => {
    const { ca } = await caReady;
    const certificates = await writeWorkloadCertificates(ca, join(dir, sa), spiffe(sa));
    const bootstrap = bootstrapFor(plane.port, { name: sa, serviceAccount: sa, certificates });
    const client = createEchoClient(
      TARGET,
      new XdsChannelCredentials(grpc.credentials.createInsecure()),
      {
        [BOOTSTRAP_OPTION]: bootstrap,
      },
    );
    clients.push(client);
    return client;
  };
  let caReady: ReturnType<typeof createTestCa>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gangway-xds-tls-'));
    caReady = createTestCa();
    const testCa = await caReady;
    const ca = testCa.ca;
    closeCa = () => testCa.close();
    const port = await freePort();
    const tokens = {
      authenticate: async (token: string) => {
        if (token !== 'pod-token') throw new Error('unknown token');
        return { namespace: 'default', serviceAccount: 'proxied' };
      },
    };
    plane = await startControlPlane(
      {
        'service.yaml': echoServiceYaml(),
        'workloads.yaml': echoWorkload('v1', port),
        'policies.yaml': policies,
      },
      { authenticate: bearerTokenAuthenticator(tokens) },
    );
    const certificates = await writeWorkloadCertificates(ca, join(dir, 'echo'), spiffe('echo-v1'));
    const labels = { app: 'echo', version: 'v1' };
    const bootstrap = bootstrapFor(plane.port, {
      name: 'echo-v1',
      labels,
      serviceAccount: 'echo-v1',
      certificates,
    });
    server = new XdsServer({ [BOOTSTRAP_OPTION]: bootstrap });
    server.addService(echoService, echoHandler('v1'));
    await new Promise<void>((resolve, reject) =>
      server.bindAsync(
        `0.0.0.0:${port}`,
        new XdsServerCredentials(grpc.ServerCredentials.createInsecure()),
        (e) => (e ? reject(e) : resolve()),
      ),
    );
  });

  afterAll(async () => {
    await proxy?.close();
    for (const client of clients) client.close();
    server?.forceShutdown();
    await plane?.close();
    closeCa?.();
    await rm(dir, { recursive: true, force: true });
  });

  it('connects with mutual TLS from the file_watcher certificates', async () => {
    const client = await clientFor('client');
    const reply = await eventually(() => client.call());
    expect(reply.server).toBe('v1');
    expect(reply.peerSan).toContain(`URI:${spiffe('client')}`);
  });

  it('refuses plaintext clients when PeerAuthentication is STRICT', async () => {
    const plain = createEchoClient(TARGET, grpc.credentials.createInsecure(), {
      [BOOTSTRAP_OPTION]: bootstrapFor(plane.port, { name: 'plain' }),
    });
    clients.push(plain);
    const error = await plain.call({ deadlineMs: 3000 }).catch((e: unknown) => e);
    expect((error as { code?: number }).code).toBe(grpc.status.UNAVAILABLE);
  });

  it('denies the identity an AuthorizationPolicy DENY names, and only it', async () => {
    const bad = await clientFor('bad');
    const error = await eventually(async () => {
      const outcome = await bad.call().then(
        () => undefined,
        (e: unknown) => e,
      );
      return (outcome as { code?: number } | undefined)?.code === grpc.status.PERMISSION_DENIED
        ? outcome
        : undefined;
    });
    expect((error as { code: number }).code).toBe(grpc.status.PERMISSION_DENIED);
    const good = await clientFor('good');
    expect((await eventually(() => good.call())).server).toBe('v1');
  });

  it('reaches the control plane through the agent xDS proxy (TLS, pod token) with a bootstrap file', async () => {
    const material = await makeServingMaterial();
    const serverCredentials = grpc.ServerCredentials.createSsl(null, [
      {
        cert_chain: await readFile(material.certFile),
        private_key: await readFile(material.keyFile),
      },
    ]);
    const tlsPort = await plane.xds.server.bind('127.0.0.1:0', serverCredentials);
    const socket = join(dir, 'xds.sock');
    proxy = createXdsProxy({
      upstreamAddress: `127.0.0.1:${tlsPort}`,
      upstreamCredentials: grpc.credentials.createSsl(Buffer.from(material.ca)),
      upstreamOptions: { 'grpc.ssl_target_name_override': 'localhost' },
      token: async () => 'pod-token',
      listen: `unix://${socket}`,
    });
    await proxy.start();
    const { ca } = await caReady;
    const certificates = await writeWorkloadCertificates(
      ca,
      join(dir, 'proxied'),
      spiffe('proxied'),
    );
    const path = join(dir, 'bootstrap', 'grpc-bootstrap.json');
    await writeGrpcBootstrap(createNodeFileSystem(), path, {
      serverUri: `unix://${socket}`,
      nodeId: grpcNodeId({ ip: '127.0.0.1', pod: 'proxied-0', namespace: 'default' }),
      metadata: { NAMESPACE: 'default', LABELS: { app: 'proxied' }, SERVICE_ACCOUNT: 'proxied' },
      certificates,
    });
    // The process-wide xDS client reads GRPC_XDS_BOOTSTRAP on first use: no channel here used it yet.
    process.env['GRPC_XDS_BOOTSTRAP'] = path;
    const client = createEchoClient(
      TARGET,
      new XdsChannelCredentials(grpc.credentials.createInsecure()),
    );
    clients.push(client);
    const reply = await eventually(() => client.call());
    expect(reply.peerSan).toContain(`URI:${spiffe('proxied')}`);
    expect(proxy.streams()).toBe(1);
    await rm(material.dir, { recursive: true, force: true });
  });
});
