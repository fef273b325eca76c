import { createSnapshot, type Snapshot } from '../cache/snapshot.js';
import { createResource, type Resource, type ResourceInterner } from '../cache/resource.js';
import { RESOURCE_KINDS } from '../resources/type-urls.js';
import type { ClusterContext } from './clusters.js';
import { generateEnvoy } from './envoy-generator.js';
import type { GeneratedResources } from './generated.js';
import { generateGrpc } from './grpc-generator.js';
import type { MeshIndex } from './mesh-index.js';
import { computeScope } from './scope.js';
import type { ProxyInfo, TranslationNote } from './types.js';
import { noTranslationMemo, type TranslationMemo } from './memo.js';

/** The translation of one proxy: its resources and what was skipped. */
export interface ProxyTranslation {
  readonly resources: GeneratedResources;
  readonly notes: readonly TranslationNote[];
}

/**
 * Translates the mesh for one proxy with the generator its node asks for. Pure: the same index and
 * proxy give the same resources, in the same order.
 */
export function translateProxy(
  index: MeshIndex,
  proxy: ProxyInfo,
  memo: TranslationMemo = noTranslationMemo,
): ProxyTranslation {
  const notes: TranslationNote[] = [];
  const ctx: ClusterContext = {
    index,
    scope: computeScope(index, proxy),
    flavor: proxy.generator,
    notes,
    memo,
  };
  const resources = proxy.generator === 'grpc' ? generateGrpc(ctx) : generateEnvoy(ctx);
  const unique = new Map(notes.map((note) => [`${note.object}\u0000${note.message}`, note]));
  return { resources, notes: [...unique.values()] };
}

/** Options of {@link buildProxySnapshot}. */
export interface SnapshotBuildOptions {
  readonly createdAt: number;
  readonly triggeredAt?: number;
  /** Shares resource objects (and their encodings) across proxies and publications. */
  readonly interner?: ResourceInterner;
  /** Shares translation results across proxies and publications. */
  readonly memo?: TranslationMemo;
}

/**
 * Translates and checks a proxy's snapshot. Throws (GANGWAY_ERR_CONFIG_INVALID) when the result is
 * inconsistent, so that a broken translation is never published.
 */
export function buildProxySnapshot(
  index: MeshIndex,
  proxy: ProxyInfo,
  options: SnapshotBuildOptions,
): { snapshot: Snapshot; notes: readonly TranslationNote[] } {
  const { resources, notes } = translateProxy(index, proxy, options.memo);
  const interner = options.interner;
  const make = interner
    ? (...args: Parameters<typeof createResource>) => interner.intern(...args)
    : createResource;
  const list: Resource[] = [];
  for (const kind of RESOURCE_KINDS)
    for (const item of resources[kind]) list.push(make(kind, item.name, item.value));
  const times =
    options.triggeredAt === undefined
      ? { createdAt: options.createdAt }
      : { createdAt: options.createdAt, triggeredAt: options.triggeredAt };
  return { snapshot: createSnapshot(list, times), notes };
}
