import type { JsonObject } from '../cel/values.js';
import { isJsonObject } from '../cel/values.js';
import { groupOf, stringAt } from '../cluster/objects.js';
import { kindInfo } from '../match/resources.js';

/** An object of a snapshot, with the manifest file and line it came from (for --from). */
export interface SnapshotObject {
  readonly object: JsonObject;
  readonly origin?: { readonly file: string; readonly line: number };
}

/** Everything an audit looks at, taken at one moment. */
export interface ClusterSnapshot {
  readonly objects: readonly SnapshotObject[];
  /** What was read, e.g. `dir:manifests/` or `cluster:kind-dev`. */
  readonly source: string;
}

/** Progress of a snapshot being taken, for a terminal progress line. */
export interface SnapshotProgress {
  readonly step: string;
  readonly done: number;
  readonly total: number;
}

/** Options of a snapshot fetch. */
export interface SnapshotFetchOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SnapshotProgress) => void;
}

/** Where snapshots come from: a live cluster, a directory of manifests, or a fake in tests. */
export interface ClusterSnapshotSource {
  /** A short description for reports, e.g. `cluster:kind-dev`. */
  readonly description: string;
  fetch(options?: SnapshotFetchOptions): Promise<ClusterSnapshot>;
}

/** A parsed manifest document, as the CLI reads them. */
export interface ManifestDocument {
  readonly source: string;
  readonly line: number;
  readonly object: unknown;
}

function expand(object: unknown): JsonObject[] {
  if (!isJsonObject(object)) return [];
  if (
    typeof object['kind'] === 'string' &&
    object['kind'].endsWith('List') &&
    Array.isArray(object['items'])
  ) {
    return object['items'].flatMap(expand);
  }
  return typeof object['kind'] === 'string' && typeof object['apiVersion'] === 'string'
    ? [object]
    : [];
}

/** Places a namespaced object without a namespace in `defaultNamespace`, as kubectl apply would. */
function withNamespace(object: JsonObject, defaultNamespace: string): JsonObject {
  const { namespaced } = kindInfo(
    groupOf(stringAt(object, 'apiVersion')),
    stringAt(object, 'kind'),
  );
  if (!namespaced || stringAt(object, 'metadata', 'namespace') !== '') return object;
  const metadata = isJsonObject(object['metadata']) ? object['metadata'] : {};
  return { ...object, metadata: { ...metadata, namespace: defaultNamespace } };
}

/**
 * A snapshot of manifests (`gangway audit --from DIR`): every object of every document (Lists
 * expanded), with its file and line, namespaced objects defaulting to `defaultNamespace`.
 */
export function snapshotFromManifests(
  documents: readonly ManifestDocument[],
  source: string,
  defaultNamespace = 'default',
): ClusterSnapshot {
  const objects: SnapshotObject[] = [];
  for (const doc of documents) {
    for (const object of expand(doc.object)) {
      objects.push({
        object: withNamespace(object, defaultNamespace),
        origin: { file: doc.source, line: doc.line },
      });
    }
  }
  return { objects, source };
}

/** A source that always returns the same snapshot: manifests, and fakes in tests. */
export function createStaticSnapshotSource(snapshot: ClusterSnapshot): ClusterSnapshotSource {
  return { description: snapshot.source, fetch: () => Promise.resolve(snapshot) };
}
