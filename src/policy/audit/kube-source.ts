import type { KubeConfig } from '@kubernetes/client-node';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import type { JsonObject } from '../cel/values.js';
import { isJsonObject } from '../cel/values.js';
import { groupOf } from '../cluster/objects.js';
import { kindInfo } from '../match/resources.js';
import type { ClusterSnapshot, ClusterSnapshotSource, SnapshotFetchOptions } from './snapshot.js';

/** One page of a list call. */
export interface ListPage {
  readonly items: readonly unknown[];
  /** The continue token of the next page; empty or absent on the last. */
  readonly continueToken?: string | undefined;
}

/** The one call a snapshot needs: list a kind, a page at a time. Faked in tests. */
export interface KubeLister {
  list(request: {
    apiVersion: string;
    kind: string;
    namespace?: string | undefined;
    limit: number;
    continueToken?: string | undefined;
  }): Promise<ListPage>;
}

/** A kind to list, with the versions to try in order (mesh CRDs may serve only older ones). */
export interface KindToList {
  readonly group: string;
  readonly versions: readonly string[];
  readonly kind: string;
}

const ISTIO = ['v1', 'v1beta1'];

/** What an audit reads from a cluster: namespaces, workloads, services and the mesh kinds. */
export const AUDIT_KINDS: readonly KindToList[] = [
  { group: '', versions: ['v1'], kind: 'Namespace' },
  ...['Pod', 'Service', 'Endpoints'].map((kind) => ({ group: '', versions: ['v1'], kind })),
  ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].map((kind) => ({
    group: 'apps',
    versions: ['v1'],
    kind,
  })),
  ...['Job', 'CronJob'].map((kind) => ({ group: 'batch', versions: ['v1'], kind })),
  ...[
    'VirtualService',
    'DestinationRule',
    'Gateway',
    'ServiceEntry',
    'Sidecar',
    'WorkloadEntry',
  ].map((kind) => ({
    group: 'networking.istio.io',
    versions: ISTIO,
    kind,
  })),
  ...['PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication'].map((kind) => ({
    group: 'security.istio.io',
    versions: ISTIO,
    kind,
  })),
  { group: 'telemetry.istio.io', versions: ['v1', 'v1alpha1'], kind: 'Telemetry' },
];

// 500 is what kubectl uses: big enough to keep round trips few, small enough for the API server.
const PAGE_SIZE = 500;

function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

function isNotFound(error: unknown): boolean {
  const text = String((error as { code?: unknown; message?: unknown })?.message ?? error);
  return (
    (error as { code?: unknown })?.code === 404 ||
    /\b404\b|not found|unable to find api|unrecognized api version/i.test(text)
  );
}

async function listAll(
  lister: KubeLister,
  kind: KindToList,
  apiVersion: string,
  namespace: string | undefined,
  signal?: AbortSignal,
): Promise<JsonObject[]> {
  const out: JsonObject[] = [];
  let continueToken: string | undefined;
  do {
    if (signal?.aborted) throw new Error('snapshot aborted');
    const page = await lister.list({
      apiVersion,
      kind: kind.kind,
      namespace,
      limit: PAGE_SIZE,
      continueToken,
    });
    for (const item of page.items) {
      // List items carry no apiVersion and kind of their own.
      if (isJsonObject(item)) out.push({ ...item, apiVersion, kind: kind.kind });
    }
    continueToken = page.continueToken || undefined;
  } while (continueToken);
  return out;
}

/** Lists a kind in the first version the cluster serves; a kind not served at all lists nothing. */
async function listKind(
  lister: KubeLister,
  kind: KindToList,
  namespace: string | undefined,
  signal?: AbortSignal,
): Promise<JsonObject[]> {
  const ns = kindInfo(kind.group, kind.kind).namespaced ? namespace : undefined;
  for (const version of kind.versions) {
    try {
      return await listAll(lister, kind, apiVersionOf(kind.group, version), ns, signal);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  return [];
}

/** Options of {@link createKubeSnapshotSource}. */
export interface KubeSnapshotOptions {
  readonly lister: KubeLister;
  /** Lists namespaced kinds in this namespace only (`-n`); all namespaces otherwise. */
  readonly namespace?: string | undefined;
  /** Kinds to list besides {@link AUDIT_KINDS}, e.g. the paramKinds of loaded policies. */
  readonly extraKinds?: readonly KindToList[];
  /** Describes the source in reports, e.g. `cluster:kind-dev`. */
  readonly description: string;
}

/** A snapshot source over a live cluster: paginated lists of every audited kind. */
export function createKubeSnapshotSource(options: KubeSnapshotOptions): ClusterSnapshotSource {
  const kinds = [...AUDIT_KINDS, ...(options.extraKinds ?? [])];
  return {
    description: options.description,
    async fetch(fetchOptions: SnapshotFetchOptions = {}): Promise<ClusterSnapshot> {
      const objects: JsonObject[] = [];
      for (const [index, kind] of kinds.entries()) {
        fetchOptions.onProgress?.({
          step: `listing ${kind.kind}`,
          done: index,
          total: kinds.length,
        });
        objects.push(
          ...(await listKind(options.lister, kind, options.namespace, fetchOptions.signal)),
        );
      }
      fetchOptions.onProgress?.({ step: 'listed', done: kinds.length, total: kinds.length });
      return { objects: objects.map((object) => ({ object })), source: options.description };
    },
  };
}

/** A KubeLister over @kubernetes/client-node's generic object API. */
export function createClientNodeLister(kc: KubeConfig): KubeLister {
  const api = KubernetesObjectApi.makeApiClient(kc);
  return {
    async list(request) {
      const list = await api.list(
        request.apiVersion,
        request.kind,
        request.namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        request.limit,
        request.continueToken,
      );
      return { items: list.items, continueToken: list.metadata?._continue };
    },
  };
}

/** The kind to list for a policy's paramKind. */
export function paramKindToList(paramKind: { apiVersion: string; kind: string }): KindToList {
  const group = groupOf(paramKind.apiVersion);
  const version = paramKind.apiVersion.slice(paramKind.apiVersion.indexOf('/') + 1);
  return { group, versions: [version], kind: paramKind.kind };
}
