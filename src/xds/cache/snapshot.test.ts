import { describe, expect, it } from 'vitest';
import { createResource, createResourceInterner } from './resource.js';
import { createSnapshot } from './snapshot.js';
import { createSnapshotCache } from './snapshot-cache.js';

const HCM =
  'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';

const listener = createResource('listener', 'l', {
  name: 'l',
  api_listener: { api_listener: { '@type': HCM, rds: { route_config_name: 'r' } } },
});
const route = createResource('route', 'r', {
  name: 'r',
  virtual_hosts: [
    { routes: [{ route: { weighted_clusters: { clusters: [{ name: 'c1' }, { name: 'c2' }] } } }] },
  ],
});
const eds = (name: string) =>
  createResource('cluster', name, {
    name,
    type: 'EDS',
    eds_cluster_config: { service_name: name },
  });
const cla = (name: string) => createResource('endpoint', name, { cluster_name: name });

describe('snapshots', () => {
  it('publishes a consistent snapshot with per-kind versions from content', () => {
    const one = createSnapshot([listener, route, eds('c1'), eds('c2'), cla('c1'), cla('c2')], {
      createdAt: 5,
    });
    const two = createSnapshot([cla('c2'), cla('c1'), eds('c2'), eds('c1'), route, listener], {
      createdAt: 6,
    });
    expect(one.version).toBe(two.version);
    expect(Object.isFrozen(one)).toBe(true);
    expect([...one.sets.cluster.items.keys()]).toEqual(['c1', 'c2']);
  });

  it('refuses dangling references and duplicate names', () => {
    expect(() => createSnapshot([listener], { createdAt: 0 })).toThrow(/l -> route r/);
    expect(() => createSnapshot([listener, route, eds('c1'), cla('c1')], { createdAt: 0 })).toThrow(
      /r -> cluster c2/,
    );
    expect(() => createSnapshot([eds('c1')], { createdAt: 0 })).toThrow(/c1 -> endpoint c1/);
    expect(() => createSnapshot([cla('x'), cla('x')], { createdAt: 0 })).toThrow(/two endpoint/);
  });

  it('shares equal resources across builds through the interner', () => {
    const interner = createResourceInterner();
    const a = interner.intern('endpoint', 'x', { cluster_name: 'x' });
    interner.sweep();
    expect(interner.intern('endpoint', 'x', { cluster_name: 'x' })).toBe(a);
    interner.sweep();
    interner.sweep();
    expect(interner.intern('endpoint', 'x', { cluster_name: 'x' })).not.toBe(a);
  });

  it('notifies watchers of a key, and stops when asked', () => {
    const cache = createSnapshotCache();
    const seen: string[] = [];
    const stop = cache.watch('k', (s) => void seen.push(s.version));
    const snapshot = createSnapshot([cla('a')], { createdAt: 0 });
    cache.setSnapshot('k', snapshot);
    cache.setSnapshot('k', snapshot);
    expect(seen).toEqual([snapshot.version]);
    expect(cache.watchedKeys()).toEqual(['k']);
    stop();
    expect(cache.watchedKeys()).toEqual([]);
  });
});
