import * as grpc from '@grpc/grpc-js';
import { parseAllDocuments } from 'yaml';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigObjects } from '../../src/xds/model/config-set.js';
import { createStaticSource } from '../../src/xds/sources/config-source.js';
import { startXds, type RunningXds } from '../../src/xds/start.js';
import { echoService, echoVirtualService, echoWorkload, splitRoutes } from './helpers/mesh-yaml.js';
import { namesOf, openRawAds, type RawAdsStream } from './helpers/raw-ads.js';

const configOf = (...docs: string[]) =>
  parseConfigObjects(parseAllDocuments(docs.join('---\n')).map((d) => d.toJS() as unknown)).config;

describe('debug handlers and metrics', () => {
  const source = createStaticSource(
    configOf(echoService(), echoWorkload('v1', 9001), echoWorkload('v2', 9002)),
  );
  const registry = new Registry();
  let xds: RunningXds;
  let ads: RawAdsStream;
  const listenerName = 'echo.default.svc.cluster.local:7000';

  beforeAll(async () => {
    xds = startXds({ source, registry, debounce: { quietMs: 20, maxMs: 1000 } });
    const port = await xds.server.bind('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), {
      anonymous: true,
    });
    ads = openRawAds(port, 'sidecar~10.0.0.1~client-0.default~default.svc.cluster.local', {
      metadata: { GENERATOR: 'grpc', NAMESPACE: 'default', LABELS: { app: 'client' } },
    });
  });
  afterAll(async () => {
    ads.close();
    await xds.close(50);
  });

  it('dumps what a proxy subscribed to and was sent', async () => {
    ads.send('listener', [listenerName]);
    const response = await ads.next();
    expect(namesOf(response)).toEqual([listenerName]);
    ads.send('listener', [listenerName], { nonce: response.nonce, version: response.version_info });
    const dump = xds.debug.configDump({
      proxy: 'sidecar~10.0.0.1~client-0.default~default.svc.cluster.local',
    });
    expect(dump.status).toBe(200);
    const body = dump.body as {
      types: { listener: { resources: Record<string, unknown>; sentVersion: string } };
      proxyInfo: { generator: string };
    };
    expect(Object.keys(body.types.listener.resources)).toEqual([listenerName]);
    expect(body.proxyInfo.generator).toBe('grpc');
    expect(xds.debug.configDump({}).status).toBe(400);
    expect(xds.debug.configDump({ proxy: 'nobody' }).status).toBe(404);
  });

  it('reports every stream in syncz and counts pushes, connections and convergence', async () => {
    source.set(
      configOf(
        echoService(),
        echoWorkload('v1', 9001),
        echoWorkload('v2', 9002),
        echoVirtualService(splitRoutes(50, 50)),
      ),
    );
    // The VirtualService adds fault routes, so the listener gains the fault filter: a debounced push.
    const push = await ads.next();
    expect(namesOf(push)).toEqual([listenerName]);
    ads.send('listener', [listenerName], { nonce: push.nonce, version: push.version_info });
    ads.send('route', ['outbound|7000||echo.default.svc.cluster.local']);
    const route = await ads.next();
    ads.send('route', ['outbound|7000||echo.default.svc.cluster.local'], { nonce: route.nonce });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const syncz = xds.debug.syncz().body as {
      streams: { types: { type: string; ackedVersion?: string }[] }[];
      lastPublish?: unknown;
    };
    expect(syncz.streams).toHaveLength(1);
    expect(syncz.streams[0]!.types.map((t) => t.type).sort()).toEqual(['listener', 'route']);
    expect(syncz.lastPublish).toMatchObject({ groups: 1, failed: [] });
    const metrics = await registry.metrics();
    expect(metrics).toMatch(/gangway_xds_connected_clients 1/);
    expect(metrics).toMatch(/gangway_xds_pushes_total\{type="listener"\} 2/);
    expect(metrics).toMatch(/gangway_xds_convergence_seconds_count\{type="listener"\} 1/);
  });
});
