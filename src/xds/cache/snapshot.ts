import { GangwayError } from '../../shared/errors.js';
import { RESOURCE_KINDS, type ResourceKind } from '../resources/type-urls.js';
import { findDanglingReferences } from './consistency.js';
import { digest, type Resource } from './resource.js';

/** The resources of one kind in a snapshot, with a version derived from their content. */
export interface ResourceSet {
  readonly version: string;
  readonly items: ReadonlyMap<string, Resource>;
}

/**
 * What one group of proxies should run: every listener, route configuration, cluster and load
 * assignment, versioned per kind. Immutable; a change is a new snapshot.
 */
export interface Snapshot {
  readonly sets: Readonly<Record<ResourceKind, ResourceSet>>;
  /** A digest of the four kind versions. */
  readonly version: string;
  /** When the snapshot was built (ms since the epoch). */
  readonly createdAt: number;
  /** When the earliest config change it reflects happened, for convergence time. */
  readonly triggeredAt: number;
}

/** When a snapshot was made and what triggered it. */
export interface SnapshotTimes {
  readonly createdAt: number;
  readonly triggeredAt?: number;
}

/**
 * Builds a snapshot after checking it: names are unique per kind and every reference resolves (a
 * listener's route configuration, a route's clusters, an EDS cluster's load assignment). A snapshot
 * that fails is never published; the error says what dangles.
 */
export function createSnapshot(resources: Iterable<Resource>, times: SnapshotTimes): Snapshot {
  const maps: Record<ResourceKind, Map<string, Resource>> = {
    listener: new Map(),
    route: new Map(),
    cluster: new Map(),
    endpoint: new Map(),
  };
  for (const resource of resources) {
    const map = maps[resource.kind];
    if (map.has(resource.name))
      throw new GangwayError(
        'GANGWAY_ERR_CONFIG_INVALID',
        `xDS snapshot has two ${resource.kind} resources named ${resource.name}`,
      );
    map.set(resource.name, resource);
  }
  const dangling = findDanglingReferences(maps);
  if (dangling.length > 0) {
    const shown = dangling.slice(0, 5).map((d) => `${d.from} -> ${d.kind} ${d.name}`);
    throw new GangwayError(
      'GANGWAY_ERR_CONFIG_INVALID',
      `xDS snapshot is inconsistent: ${shown.join('; ')}${dangling.length > 5 ? ` (+${dangling.length - 5})` : ''}`,
    );
  }
  const sets = Object.fromEntries(
    RESOURCE_KINDS.map((kind) => [kind, toResourceSet(maps[kind])]),
  ) as Record<ResourceKind, ResourceSet>;
  return Object.freeze({
    sets: Object.freeze(sets),
    version: digest(RESOURCE_KINDS.map((kind) => sets[kind].version).join('/')),
    createdAt: times.createdAt,
    triggeredAt: times.triggeredAt ?? times.createdAt,
  });
}

function toResourceSet(map: Map<string, Resource>): ResourceSet {
  const names = [...map.keys()].sort();
  const sorted = new Map(names.map((name) => [name, map.get(name)!]));
  const version = digest(names.map((name) => `${name}=${sorted.get(name)!.hash}`).join('\n'));
  return Object.freeze({ version, items: sorted });
}
