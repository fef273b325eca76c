import * as grpc from '@grpc/grpc-js';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createResource } from '../../src/xds/cache/resource.js';
import { createSnapshot, type Snapshot } from '../../src/xds/cache/snapshot.js';
import { createSnapshotCache, type SnapshotCache } from '../../src/xds/cache/snapshot-cache.js';
import {
  createXdsServer,
  type XdsServer,
  type XdsServerOptions,
} from '../../src/xds/server/ads-server.js';
import { namesOf, openRawAds, type RawAdsStream } from './helpers/raw-ads.js';

/** A snapshot of plain listeners, routes and clusters (no references), tagged to tell versions apart. */
function snapshotOf(parts: {
  listeners?: string[];
  routes?: Record<string, string>;
  clusters?: Record<string, string>;
}): Snapshot {
  const resources = [
    ...(parts.listeners ?? []).map((name) => createResource('listener', name, { name })),
    ...Object.entries(parts.routes ?? {}).map(([name, tag]) =>
      createResource('route', name, { name, virtual_hosts: [{ name: tag, domains: ['*'] }] }),
    ),
    ...Object.entries(parts.clusters ?? {}).map(([name, tag]) =>
      createResource('cluster', name, { name, type: 'STATIC', alt_stat_name: tag }),
    ),
  ];
  return createSnapshot(resources, { createdAt: Date.now() });
}

describe('ADS protocol (state of the world)', () => {
  let server: XdsServer;
  let cache: SnapshotCache;
  let port: number;
  const streams: RawAdsStream[] = [];

  const start = async (options: Partial<XdsServerOptions> = {}): Promise<void> => {
    cache = createSnapshotCache();
    server = createXdsServer({ cache, ...options });
    port = await server.bind('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), {
      anonymous: !options.authenticate,
    });
  };
  const open = (id = 'node-1', callMetadata?: grpc.Metadata): RawAdsStream => {
    const stream = openRawAds(port, id, callMetadata ? { callMetadata } : {});
    streams.push(stream);
    return stream;
  };

  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    await server.close(50);
  });

  it('answers with what exists of the requested names, never withholding the response', async () => {
    await start();
    cache.setSnapshot('node-1', snapshotOf({ listeners: ['a', 'c'] }));
    const ads = open();
    ads.send('listener', ['a', 'b']);
    const response = await ads.next();
    expect(namesOf(response)).toEqual(['a']);
    expect(response.version_info).toBe(cache.getSnapshot('node-1')!.sets.listener.version);
    expect(response.nonce).not.toBe('');
  });

  it('treats the last nonce with the same names as an ACK, and ignores stale nonces', async () => {
    await start();
    cache.setSnapshot('node-1', snapshotOf({ listeners: ['a', 'b'] }));
    const ads = open();
    ads.send('listener', ['a']);
    const first = await ads.next();
    ads.send('listener', ['a'], { nonce: first.nonce, version: first.version_info });
    expect(await ads.quiet()).toBe(true);
    ads.send('listener', ['a', 'b'], { nonce: 'stale-nonce' });
    expect(await ads.quiet()).toBe(true);
    ads.send('listener', ['a', 'b'], { nonce: first.nonce, version: first.version_info });
    expect(namesOf(await ads.next())).toEqual(['a', 'b']);
  });

  it('pushes changed routes only, and listeners and clusters in full', async () => {
    await start();
    cache.setSnapshot(
      'node-1',
      snapshotOf({ routes: { r1: 'x', r2: 'x' }, clusters: { c1: 'x', c2: 'x' } }),
    );
    const ads = open();
    ads.send('route', ['r1', 'r2']);
    ads.send('cluster', ['c1', 'c2']);
    const initial = [await ads.next(), await ads.next()];
    for (const r of initial)
      ads.send(
        r.type_url.endsWith('Cluster') ? 'cluster' : 'route',
        r.type_url.endsWith('Cluster') ? ['c1', 'c2'] : ['r1', 'r2'],
        { nonce: r.nonce },
      );
    cache.setSnapshot(
      'node-1',
      snapshotOf({ routes: { r1: 'x', r2: 'y' }, clusters: { c1: 'x', c2: 'y' } }),
    );
    const pushes = [await ads.next(), await ads.next()];
    const byType = Object.fromEntries(pushes.map((p) => [p.type_url.split('.').pop(), namesOf(p)]));
    expect(byType).toEqual({ Cluster: ['c1', 'c2'], RouteConfiguration: ['r2'] });
  });

  it('holds a push until the previous response is acknowledged, then sends the latest', async () => {
    await start();
    cache.setSnapshot('node-1', snapshotOf({ clusters: { c1: 'v1' } }));
    const ads = open();
    ads.send('cluster', ['c1']);
    const first = await ads.next();
    cache.setSnapshot('node-1', snapshotOf({ clusters: { c1: 'v2' } }));
    expect(await ads.quiet()).toBe(true);
    cache.setSnapshot('node-1', snapshotOf({ clusters: { c1: 'v3' } }));
    cache.setSnapshot('node-1', snapshotOf({ clusters: { c1: 'v4' } }));
    expect(await ads.quiet()).toBe(true);
    ads.send('cluster', ['c1'], { nonce: first.nonce });
    const latest = await ads.next();
    expect(latest.version_info).toBe(cache.getSnapshot('node-1')!.sets.cluster.version);
  });

  it('never lets a proxy that stops reading hold up the others', async () => {
    await start();
    cache.setSnapshot('group', snapshotOf({ clusters: { c1: 'v0' } }));
    const nodeKey = (): string => 'group';
    await server.close(10);
    server = createXdsServer({ cache, nodeKey });
    port = await server.bind('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), {
      anonymous: true,
    });
    const stuck = open('stuck');
    const live = open('live');
    stuck.send('cluster', ['c1']);
    live.send('cluster', ['c1']);
    await stuck.next();
    let last = await live.next();
    for (const tag of ['v1', 'v2', 'v3']) {
      live.send('cluster', ['c1'], { nonce: last.nonce });
      cache.setSnapshot('group', snapshotOf({ clusters: { c1: tag } }));
      last = await live.next();
      expect(last.version_info).toBe(cache.getSnapshot('group')!.sets.cluster.version);
    }
  });

  it('counts a NACK, does not resend, and answers later requests from the last accepted version', async () => {
    const registry = new Registry();
    await start({ registry });
    const good = snapshotOf({ routes: { r1: 'good' } });
    cache.setSnapshot('node-1', good);
    const ads = open();
    ads.send('route', ['r1']);
    const first = await ads.next();
    ads.send('route', ['r1'], { nonce: first.nonce, version: first.version_info });
    cache.setSnapshot('node-1', snapshotOf({ routes: { r1: 'bad', r2: 'bad' } }));
    const bad = await ads.next();
    ads.send('route', ['r1'], {
      nonce: bad.nonce,
      version: first.version_info,
      error: 'invalid route',
    });
    expect(await ads.quiet()).toBe(true);
    const nacks = await registry.getSingleMetric('gangway_xds_nacks_total')!.get();
    expect(nacks.values[0]?.value).toBe(1);
    const status = server
      .streams()[0]!
      .status()
      .find((s) => s.type === 'route');
    expect(status?.nack?.message).toBe('invalid route');
    ads.send('route', ['r1', 'r2'], { nonce: bad.nonce, version: first.version_info });
    const answer = await ads.next();
    expect(answer.version_info).toBe(good.sets.route.version);
    expect(namesOf(answer)).toEqual(['r1']);
  });

  it('treats empty cluster names on the first request as a wildcard', async () => {
    await start();
    cache.setSnapshot('node-1', snapshotOf({ clusters: { c1: 'x', c2: 'x' } }));
    const ads = open();
    ads.send('cluster', []);
    expect(namesOf(await ads.next())).toEqual(['c1', 'c2']);
  });

  it('answers a stream as soon as its group gets a first snapshot', async () => {
    const watched: string[] = [];
    await start({ onWatch: (key) => void watched.push(key) });
    const ads = open();
    ads.send('listener', ['a']);
    expect(await ads.quiet()).toBe(true);
    expect(watched).toEqual(['node-1']);
    cache.setSnapshot('node-1', snapshotOf({ listeners: ['a'] }));
    expect(namesOf(await ads.next())).toEqual(['a']);
  });

  it('refuses a stream without a node, an unauthenticated one, and one claiming another namespace', async () => {
    await start({
      authenticate: async (metadata) => {
        if (metadata.get('authorization')[0] !== 'Bearer good') throw new Error('bad token');
        return { namespace: 'team-a', serviceAccount: 'web' };
      },
    });
    const withToken = (): grpc.Metadata => {
      const m = new grpc.Metadata();
      m.set('authorization', 'Bearer good');
      return m;
    };
    const anonymous = open('sidecar~10.0.0.1~web.team-a~team-a.svc.cluster.local');
    anonymous.send('listener', []);
    expect((await anonymous.status()).code).toBe(grpc.status.UNAUTHENTICATED);
    const impostor = open('sidecar~10.0.0.1~web.team-b~team-b.svc.cluster.local', withToken());
    impostor.send('listener', []);
    expect((await impostor.status()).code).toBe(grpc.status.PERMISSION_DENIED);
    const ok = open('sidecar~10.0.0.1~web.team-a~team-a.svc.cluster.local', withToken());
    cache.setSnapshot(
      'sidecar~10.0.0.1~web.team-a~team-a.svc.cluster.local',
      snapshotOf({ listeners: ['a'] }),
    );
    ok.send('listener', []);
    expect(namesOf(await ok.next())).toEqual(['a']);
  });

  it('refuses a stream whose first request has no node', async () => {
    await start();
    const ads = openRawAds(port, 'ignored', { noNode: true });
    streams.push(ads);
    ads.send('listener', ['a']);
    expect((await ads.status()).code).toBe(grpc.status.INVALID_ARGUMENT);
  });
});
