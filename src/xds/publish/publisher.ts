import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { createResourceInterner } from '../cache/resource.js';
import type { SnapshotCache } from '../cache/snapshot-cache.js';
import type { XdsNode } from '../model/node.js';
import type { ConfigSource } from '../sources/config-source.js';
import { buildMeshIndex, type MeshIndex } from '../translate/mesh-index.js';
import { proxyInfoFromNode } from '../translate/proxy-info.js';
import { buildProxySnapshot } from '../translate/translate-proxy.js';
import type { ProxyInfo, TranslateOptions, TranslationNote } from '../translate/types.js';
import { createDebouncer, type Debouncer } from './debounce.js';
import { createTranslationMemo } from '../translate/memo.js';

/** Options of {@link createPublisher}. */
export interface PublisherOptions {
  readonly cache: SnapshotCache;
  readonly source: ConfigSource;
  readonly translate: TranslateOptions;
  readonly clock: Clock;
  readonly logger: Logger;
  /** 100 ms quiet and 10 s max by default (Istio's PILOT_DEBOUNCE_AFTER and _MAX). */
  readonly debounce?: { readonly quietMs: number; readonly maxMs: number };
}

/** What the last publication did, for /debug/syncz and logs. */
export interface PublishReport {
  readonly at: number;
  readonly triggeredAt: number;
  readonly durationMs: number;
  readonly groups: number;
  readonly failed: readonly { readonly group: string; readonly error: string }[];
  readonly notes: readonly TranslationNote[];
}

/** Turns config into snapshots for every connected proxy group. */
export interface Publisher {
  /** Builds the snapshot of a newly watched group at once (called from the ADS server). */
  ensure(key: string, node: XdsNode): void;
  /** Re-translates every watched group now (what the debounced change handler calls). */
  publish(triggeredAt?: number): PublishReport;
  /** The proxy of a group. */
  proxyOf(key: string): ProxyInfo | undefined;
  /** The current mesh index. */
  index(): MeshIndex;
  lastReport(): PublishReport | undefined;
  close(): void;
}

/**
 * Watches the source, debounces changes and re-publishes the snapshot of every group that has a
 * stream; a group whose translation fails keeps its previous snapshot. Groups nobody watches any
 * more are dropped at the next publication.
 */
export function createPublisher(options: PublisherOptions): Publisher {
  return new GroupPublisher(options);
}

class GroupPublisher implements Publisher {
  private readonly proxies = new Map<string, ProxyInfo>();
  private readonly interner = createResourceInterner();
  private readonly memo = createTranslationMemo();
  private readonly debouncer: Debouncer;
  private readonly unsubscribe: () => void;
  private mesh: MeshIndex | undefined;
  private report: PublishReport | undefined;

  constructor(private readonly options: PublisherOptions) {
    this.debouncer = createDebouncer((first) => void this.publish(first), {
      quietMs: options.debounce?.quietMs ?? 100,
      maxMs: options.debounce?.maxMs ?? 10_000,
      clock: options.clock,
    });
    this.unsubscribe = options.source.onChange(() => this.debouncer.trigger());
  }

  ensure(key: string, node: XdsNode): void {
    if (this.proxies.has(key) && this.options.cache.getSnapshot(key)) return;
    const proxy = proxyInfoFromNode(node);
    this.proxies.set(key, proxy);
    try {
      this.buildGroup(key, proxy, this.options.clock.now(), this.index());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger.error(
        { group: key, error: message },
        'xDS snapshot of a new group failed',
      );
    }
  }

  publish(triggeredAt = this.options.clock.now()): PublishReport {
    const { clock, logger } = this.options;
    const started = clock.now();
    this.mesh = buildMeshIndex(this.options.source.current(), this.options.translate);
    this.dropUnwatched();
    const failed: { group: string; error: string }[] = [];
    const notes = new Map<string, TranslationNote>();
    for (const [key, proxy] of this.proxies) {
      try {
        for (const note of this.buildGroup(key, proxy, triggeredAt, this.mesh))
          notes.set(`${note.object}\u0000${note.message}`, note);
      } catch (error) {
        failed.push({ group: key, error: error instanceof Error ? error.message : String(error) });
      }
    }
    this.interner.sweep();
    this.memo.sweep();
    const durationMs = clock.now() - started;
    const allNotes = [...notes.values(), ...this.mesh.notes];
    this.report = {
      at: started,
      triggeredAt,
      durationMs,
      groups: this.proxies.size,
      failed,
      notes: allNotes,
    };
    for (const failure of failed)
      logger.error(failure, 'xDS snapshot not published; the group keeps its previous one');
    logger.info(
      { groups: this.proxies.size, durationMs, notes: allNotes.length },
      'xDS config published',
    );
    return this.report;
  }

  proxyOf(key: string): ProxyInfo | undefined {
    return this.proxies.get(key);
  }

  index(): MeshIndex {
    this.mesh ??= buildMeshIndex(this.options.source.current(), this.options.translate);
    return this.mesh;
  }

  lastReport(): PublishReport | undefined {
    return this.report;
  }

  close(): void {
    this.unsubscribe();
    this.debouncer.cancel();
  }

  private dropUnwatched(): void {
    const watched = new Set(this.options.cache.watchedKeys());
    for (const key of [...this.proxies.keys()]) {
      if (watched.has(key)) continue;
      this.proxies.delete(key);
      this.options.cache.clearSnapshot(key);
    }
  }

  private buildGroup(
    key: string,
    proxy: ProxyInfo,
    triggeredAt: number,
    mesh: MeshIndex,
  ): TranslationNote[] {
    const { interner, memo } = this;
    const createdAt = this.options.clock.now();
    const built = buildProxySnapshot(mesh, proxy, { createdAt, triggeredAt, interner, memo });
    this.options.cache.setSnapshot(key, built.snapshot);
    return [...built.notes];
  }
}
