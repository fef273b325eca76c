import type { ProtoObject } from '../resources/envoy-protos.js';
import { EMBEDDED_TYPE_URLS } from '../resources/type-urls.js';
import type { Resource } from './resource.js';

/** A resource that names another resource the snapshot does not hold. */
export interface DanglingReference {
  readonly from: string;
  readonly kind: 'route' | 'cluster' | 'endpoint';
  readonly name: string;
}

/** The resources of a snapshot, by kind and name. */
export interface ResourceMaps {
  readonly listener: ReadonlyMap<string, Resource>;
  readonly route: ReadonlyMap<string, Resource>;
  readonly cluster: ReadonlyMap<string, Resource>;
  readonly endpoint: ReadonlyMap<string, Resource>;
}

/**
 * Every reference in the snapshot that does not resolve: listeners to route configurations and
 * clusters, routes to clusters (weighted and mirrored too), EDS clusters to load assignments.
 */
export function findDanglingReferences(maps: ResourceMaps): DanglingReference[] {
  const problems: DanglingReference[] = [];
  const need = (from: string, kind: DanglingReference['kind'], name: string): void => {
    const pool = maps[kind];
    if (!pool.has(name)) problems.push({ from, kind, name });
  };
  for (const listener of maps.listener.values()) {
    for (const hcm of findTyped(listener.value, EMBEDDED_TYPE_URLS.httpConnectionManager)) {
      const rds = hcm['rds'] as ProtoObject | undefined;
      if (typeof rds?.['route_config_name'] === 'string')
        need(listener.name, 'route', rds['route_config_name']);
      const inline = hcm['route_config'] as ProtoObject | undefined;
      if (inline) for (const c of clustersOfRoutes(inline)) need(listener.name, 'cluster', c);
    }
    for (const tcp of findTyped(listener.value, EMBEDDED_TYPE_URLS.tcpProxy)) {
      if (typeof tcp['cluster'] === 'string') need(listener.name, 'cluster', tcp['cluster']);
    }
  }
  for (const route of maps.route.values())
    for (const c of clustersOfRoutes(route.value)) need(route.name, 'cluster', c);
  for (const cluster of maps.cluster.values()) {
    if (cluster.value['type'] !== 'EDS') continue;
    const eds = cluster.value['eds_cluster_config'] as ProtoObject | undefined;
    const serviceName = eds?.['service_name'];
    need(cluster.name, 'endpoint', typeof serviceName === 'string' ? serviceName : cluster.name);
  }
  return problems;
}

/** Every nested object carrying `@type` equal to typeUrl. */
function findTyped(value: unknown, typeUrl: string, out: ProtoObject[] = []): ProtoObject[] {
  if (Array.isArray(value)) {
    for (const item of value) findTyped(item, typeUrl, out);
  } else if (typeof value === 'object' && value !== null) {
    const object = value as ProtoObject;
    if (object['@type'] === typeUrl) out.push(object);
    for (const field of Object.values(object)) findTyped(field, typeUrl, out);
  }
  return out;
}

/** The clusters a route configuration sends to. */
function clustersOfRoutes(routeConfig: ProtoObject): string[] {
  const names: string[] = [];
  const hosts = (routeConfig['virtual_hosts'] as ProtoObject[] | undefined) ?? [];
  for (const host of hosts) {
    for (const route of (host['routes'] as ProtoObject[] | undefined) ?? []) {
      const action = route['route'] as ProtoObject | undefined;
      if (!action) continue;
      if (typeof action['cluster'] === 'string') names.push(action['cluster']);
      const weighted = action['weighted_clusters'] as ProtoObject | undefined;
      for (const c of (weighted?.['clusters'] as ProtoObject[] | undefined) ?? [])
        if (typeof c['name'] === 'string') names.push(c['name']);
      for (const m of (action['request_mirror_policies'] as ProtoObject[] | undefined) ?? [])
        if (typeof m['cluster'] === 'string') names.push(m['cluster']);
    }
  }
  return names;
}
