import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveServeConfig, startGangway, type RunningGangway } from '../../src/cli/serve.js';
import { createSilentLogger } from '../../src/shared/logger.js';
import {
  callMany,
  createEchoClient,
  startEchoServer,
  type EchoClient,
} from '../xds/helpers/echo.js';
import { BOOTSTRAP_OPTION, bootstrapFor, eventually } from '../xds/helpers/harness.js';
import {
  echoService,
  echoVirtualService,
  echoWorkload,
  toSubset,
} from '../xds/helpers/mesh-yaml.js';

// `gangway serve` runs the xDS control plane beside the webhooks: the real @grpc/grpc-js-xds
// client dials its plaintext port, and an edit of the --mesh-dir files reroutes it without restart.

const TARGET = 'xds:///echo.default.svc.cluster.local:7000';
const routeTo = (subset: string): string =>
  echoVirtualService([{ name: `all-${subset}`, route: [toSubset(subset)] }]);

let gangway: RunningGangway;
let meshDir: string;
let client: EchoClient;
const echoServers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'gangway-serve-xds-'));
  meshDir = join(stateDir, 'mesh');
  await mkdir(meshDir);
  const v1 = await startEchoServer('v1');
  const v2 = await startEchoServer('v2');
  echoServers.push(v1, v2);
  await writeFile(join(meshDir, 'service.yaml'), echoService());
  await writeFile(
    join(meshDir, 'workloads.yaml'),
    `${echoWorkload('v1', v1.port)}---\n${echoWorkload('v2', v2.port)}`,
  );
  await writeFile(join(meshDir, 'routes.yaml'), routeTo('v2'));
  const config = resolveServeConfig(
    [
      ...['--host', '127.0.0.1', '--port', '0', '--health-port', '0', '--kube', 'off'],
      ...['--state-dir', stateDir, '--config-dir', 'config', '--mesh-dir', meshDir],
      ...['--xds-port', '0', '--grpc-port=-1', '--audit-interval=0'],
    ],
    {},
  );
  if (config === 'help') throw new Error('unexpected help');
  gangway = await startGangway(config, createSilentLogger());
  const bootstrap = bootstrapFor(gangway.xdsPort ?? -1, { name: 'client' });
  client = createEchoClient(TARGET, grpc.credentials.createInsecure(), {
    [BOOTSTRAP_OPTION]: bootstrap,
  });
});

afterAll(async () => {
  client?.close();
  await gangway?.close();
  await Promise.all(echoServers.map((s) => s.close()));
});

describe('gangway serve runs the xDS control plane', () => {
  it('binds the plaintext port and routes a real xDS client by the --mesh-dir config', async () => {
    expect(gangway.xdsPort).toBeGreaterThan(0);
    const { servers, errors } = await callMany(client, 50);
    expect(errors).toEqual({});
    expect(servers).toEqual({ v2: 50 });
  });

  it('reroutes the client when a file of --mesh-dir changes, without a restart', async () => {
    await writeFile(join(meshDir, 'routes.yaml'), routeTo('v1'));
    const seen = await eventually(async () => {
      const { servers } = await callMany(client, 20);
      return servers['v1'] === 20 ? servers : undefined;
    });
    expect(seen).toEqual({ v1: 20 });
  });

  it('serves /debug/syncz and /debug/config_dump on the health port', async () => {
    const health = `http://127.0.0.1:${gangway.healthPort}`;
    const syncz = await request(health).get('/debug/syncz');
    expect(syncz.status).toBe(200);
    const streams = syncz.body.streams as { proxy: string }[];
    expect(streams.length).toBeGreaterThan(0);
    const proxy = streams[0]!.proxy;
    const dump = await request(health).get('/debug/config_dump').query({ proxy });
    expect(dump.status).toBe(200);
    expect(JSON.stringify(dump.body)).toContain('echo.default.svc.cluster.local');
    const unknown = await request(health).get('/debug/config_dump').query({ proxy: 'nobody' });
    expect(unknown.status).toBe(404);
  });
});
