import type { JsonObject } from '../cel/values.js';
import { groupOf, identityOf, nameOf, namespaceOf, stringAt } from './objects.js';

/**
 * A read-only view of the cluster: what analyzers, `clusterResources()` and paramRef resolution
 * read. The audit builds one from a snapshot; `serve` keeps one refreshed by the background audit,
 * so admission never waits on the API server. Tests build one from manifests.
 */
export interface ClusterState {
  /** Objects of one kind (`group` is `` for core), in one namespace or, when omitted, in all. */
  list(group: string, kind: string, namespace?: string): readonly JsonObject[];
  /** The Namespace object of that name. */
  namespace(name: string): JsonObject | undefined;
  /** The names of every namespace known, sorted. */
  namespaceNames(): readonly string[];
}

const EMPTY: readonly JsonObject[] = Object.freeze([]);

function kindKey(group: string, kind: string): string {
  return `${group}/${kind}`;
}

/** Indexes objects by kind and namespace; the namespace names include those only objects mention. */
export function createClusterState(objects: readonly JsonObject[]): ClusterState {
  const byKind = new Map<string, JsonObject[]>();
  const byKindNamespace = new Map<string, JsonObject[]>();
  const namespaces = new Map<string, JsonObject>();
  const names = new Set<string>();
  for (const object of objects) {
    const key = kindKey(groupOf(stringAt(object, 'apiVersion')), stringAt(object, 'kind'));
    const ns = namespaceOf(object);
    push(byKind, key, object);
    if (ns !== '') {
      push(byKindNamespace, `${key}/${ns}`, object);
      names.add(ns);
    }
    if (key === '/Namespace') {
      namespaces.set(nameOf(object), object);
      names.add(nameOf(object));
    }
  }
  const sortedNames = [...names].sort();
  return {
    list: (group, kind, namespace) =>
      (namespace === undefined
        ? byKind.get(kindKey(group, kind))
        : byKindNamespace.get(`${kindKey(group, kind)}/${namespace}`)) ?? EMPTY,
    namespace: (name) => namespaces.get(name),
    namespaceNames: () => sortedNames,
  };
}

function push(map: Map<string, JsonObject[]>, key: string, object: JsonObject): void {
  const list = map.get(key);
  if (list) list.push(object);
  else map.set(key, [object]);
}

/**
 * The state as it would be after an admission request: `object` replaces the stored object of the
 * same identity (or is added), or, for a DELETE, the stored one is removed.
 */
export function overlayClusterState(
  base: ClusterState,
  object: JsonObject,
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT',
): ClusterState {
  const identity = identityOf(object);
  const group = groupOf(stringAt(object, 'apiVersion'));
  const kind = stringAt(object, 'kind');
  const ns = namespaceOf(object);
  const replace = (items: readonly JsonObject[], inScope: boolean): readonly JsonObject[] => {
    const others = items.filter((item) => identityOf(item) !== identity);
    return operation === 'DELETE' || !inScope ? others : [...others, object];
  };
  return {
    list: (g, k, namespace) => {
      const items = base.list(g, k, namespace);
      if (g !== group || k !== kind) return items;
      return replace(items, namespace === undefined || namespace === ns);
    },
    namespace: (name) =>
      group === '' && kind === 'Namespace' && nameOf(object) === name && operation !== 'DELETE'
        ? object
        : base.namespace(name),
    namespaceNames: () =>
      ns === '' || base.namespaceNames().includes(ns)
        ? base.namespaceNames()
        : [...base.namespaceNames(), ns].sort(),
  };
}
