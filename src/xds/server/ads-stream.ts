import type { Logger } from '../../shared/logger.js';
import type { Clock } from '../../shared/clock.js';
import type { Resource } from '../cache/resource.js';
import type { Snapshot } from '../cache/snapshot.js';
import type { SnapshotCache } from '../cache/snapshot-cache.js';
import type { XdsMetrics } from '../metrics.js';
import { nodeFromRequest, type XdsNode } from '../model/node.js';
import {
  KIND_TYPE_URLS,
  RESOURCE_KINDS,
  kindOfTypeUrl,
  type ResourceKind,
} from '../resources/type-urls.js';
import {
  classifyRequest,
  createTypeState,
  planResponse,
  recordReply,
  recordSent,
  setNames,
  type RequestFields,
  type ResponsePlan,
  type TypeState,
} from './type-state.js';
import { encodeDiscoveryResponse } from './wire.js';

/** What a stream needs from the server around it. */
export interface StreamDeps {
  readonly cache: SnapshotCache;
  readonly metrics: XdsMetrics;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The snapshot key (node group) of a node. */
  readonly nodeKey: (node: XdsNode) => string;
  /** A reason to refuse the node (identity mismatch), or undefined to accept it. */
  readonly checkNode: (node: XdsNode) => string | undefined;
  /** Told when a stream starts watching a key, so a snapshot can be built for it. */
  readonly onWatch: (key: string, node: XdsNode) => void;
  /** The wire bytes of a resource as a DiscoveryResponse field (memoized by the caller). */
  readonly encodeField: (resource: Resource) => Buffer;
}

/** How a stream talks back: write a response, or end the stream with a gRPC status. */
export interface StreamSink {
  write(bytes: Buffer): void;
  fail(code: 'INVALID_ARGUMENT' | 'PERMISSION_DENIED', details: string): void;
}

/** The state of one resource type on a stream, for /debug/syncz. */
export interface TypeStatus {
  readonly type: ResourceKind;
  readonly subscribed: number | 'all';
  readonly sentVersion?: string;
  readonly sentNonce?: string;
  readonly ackedVersion?: string;
  readonly nack?: {
    readonly version: string;
    readonly nonce: string;
    readonly message: string;
    readonly at: number;
  };
  readonly awaitingAck: boolean;
}

/** A live ADS stream. */
export interface AdsStream {
  readonly id: string;
  /** Handles one decoded DiscoveryRequest. */
  handle(request: Readonly<Record<string, unknown>>): void;
  /** Stops watching; the stream is gone. */
  close(): void;
  /** The node of the first request, once it came. */
  node(): XdsNode | undefined;
  /** The snapshot group the stream watches. */
  key(): string | undefined;
  readonly connectedAt: number;
  /** Per-type protocol state. */
  status(): TypeStatus[];
  /** The snapshot each type was last sent from. */
  sentSnapshots(): Partial<Record<ResourceKind, Snapshot>>;
  /** Whether the proxy subscribes to a resource of a type. */
  subscribes(kind: ResourceKind, name: string): boolean;
}

/** Reads the fields the protocol needs from a decoded DiscoveryRequest. */
function requestFields(request: Readonly<Record<string, unknown>>): RequestFields {
  const names = Array.isArray(request['resource_names'])
    ? request['resource_names'].filter((n): n is string => typeof n === 'string')
    : [];
  const error = request['error_detail'] as { message?: unknown } | undefined | null;
  const nonce = typeof request['response_nonce'] === 'string' ? request['response_nonce'] : '';
  const errorMessage = error
    ? typeof error.message === 'string' && error.message !== ''
      ? error.message
      : 'rejected'
    : undefined;
  return { nonce, names, errorMessage };
}

/**
 * One ADS stream's protocol: subscriptions, ACK/NACK, flow control (one outstanding response per
 * type) and coalesced pushes. Knows nothing of gRPC: it reads decoded requests and writes bytes.
 */
export function createAdsStream(id: string, sink: StreamSink, deps: StreamDeps): AdsStream {
  return new AdsStreamState(id, sink, deps);
}

class AdsStreamState implements AdsStream {
  readonly connectedAt: number;
  private readonly types = new Map<ResourceKind, TypeState>();
  private readonly unknownTypes = new Set<string>();
  private proxyNode: XdsNode | undefined;
  private group: string | undefined;
  private unwatch: (() => void) | undefined;
  private scheduled = false;
  private closed = false;
  private sequence = 0;

  constructor(
    readonly id: string,
    private readonly sink: StreamSink,
    private readonly deps: StreamDeps,
  ) {
    this.connectedAt = deps.clock.now();
  }

  node(): XdsNode | undefined {
    return this.proxyNode;
  }

  key(): string | undefined {
    return this.group;
  }

  handle(request: Readonly<Record<string, unknown>>): void {
    if (this.closed || (!this.proxyNode && !this.start(request))) return;
    const typeUrl = typeof request['type_url'] === 'string' ? request['type_url'] : '';
    const kind = kindOfTypeUrl(typeUrl);
    if (!kind) return this.reportUnknownType(typeUrl);
    const fields = requestFields(request);
    const previous = this.types.get(kind);
    const verdict = classifyRequest(previous, fields);
    if (verdict.type === 'stale') return;
    if (verdict.type === 'subscribe') {
      const state = createTypeState(kind);
      this.types.set(kind, state);
      setNames(state, fields.names, true);
      state.owedFull = true;
    } else if (previous) {
      const answered = recordReply(previous, verdict, this.deps.clock.now());
      if (answered) this.reportReply(kind, verdict.type, answered, fields.errorMessage);
      if (verdict.namesChanged) {
        setNames(previous, fields.names, false);
        previous.owedFull = true;
      }
    }
    this.scheduleFlush();
  }

  close(): void {
    this.closed = true;
    this.unwatch?.();
    this.unwatch = undefined;
  }

  status(): TypeStatus[] {
    return [...this.types.values()].map(statusOf);
  }

  subscribes(kind: ResourceKind, name: string): boolean {
    const state = this.types.get(kind);
    return state !== undefined && (state.wildcard || state.names.has(name));
  }

  sentSnapshots(): Partial<Record<ResourceKind, Snapshot>> {
    const out: Partial<Record<ResourceKind, Snapshot>> = {};
    for (const state of this.types.values()) if (state.last) out[state.kind] = state.last.snapshot;
    return out;
  }

  private start(request: Readonly<Record<string, unknown>>): boolean {
    const node = nodeFromRequest(request['node']);
    if (!node) {
      this.sink.fail('INVALID_ARGUMENT', 'the first DiscoveryRequest must carry node.id');
      return false;
    }
    const refusal = this.deps.checkNode(node);
    if (refusal) {
      this.sink.fail('PERMISSION_DENIED', refusal);
      return false;
    }
    this.proxyNode = node;
    this.group = this.deps.nodeKey(node);
    this.unwatch = this.deps.cache.watch(this.group, () => this.onSnapshot());
    this.deps.onWatch(this.group, node);
    return true;
  }

  private onSnapshot(): void {
    for (const state of this.types.values()) state.dirty = true;
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    // setImmediate coalesces a burst (several snapshots, several requests) into one pass.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    if (this.closed || this.group === undefined) return;
    const snapshot = this.deps.cache.getSnapshot(this.group);
    if (!snapshot) return;
    for (const kind of RESOURCE_KINDS) {
      const state = this.types.get(kind);
      if (!state) continue;
      const plan = planResponse(state, snapshot);
      if (plan) this.send(state, plan);
      else if (!state.awaiting) state.dirty = false;
    }
  }

  private send(state: TypeState, plan: ResponsePlan): void {
    const now = this.deps.clock.now();
    const nonce = `${this.id}.${++this.sequence}`;
    const bytes = encodeDiscoveryResponse({
      versionInfo: plan.snapshot.sets[state.kind].version,
      typeUrl: KIND_TYPE_URLS[state.kind],
      nonce,
      resourceFields: plan.resources.map((resource) => this.deps.encodeField(resource)),
    });
    recordSent(state, plan, nonce, now);
    const sincePublish = plan.push ? (now - plan.snapshot.createdAt) / 1000 : undefined;
    this.deps.metrics.pushed(state.kind, sincePublish);
    this.sink.write(bytes);
  }

  private reportReply(
    kind: ResourceKind,
    type: 'ack' | 'nack',
    answered: NonNullable<TypeState['last']>,
    message: string | undefined,
  ): void {
    if (type === 'nack') {
      this.deps.metrics.nacked(kind);
      this.deps.logger.warn(
        {
          stream: this.id,
          node: this.proxyNode?.id,
          type: kind,
          version: answered.version,
          error: message,
        },
        'xDS response rejected (NACK); the proxy keeps its last accepted config',
      );
    } else if (answered.push) {
      const seconds = (this.deps.clock.now() - answered.snapshot.triggeredAt) / 1000;
      this.deps.metrics.converged(kind, seconds);
    }
  }

  private reportUnknownType(typeUrl: string): void {
    if (this.unknownTypes.has(typeUrl)) return;
    this.unknownTypes.add(typeUrl);
    const node = this.proxyNode?.id;
    this.deps.logger.info({ stream: this.id, node, typeUrl }, 'ignoring unsupported xDS type');
  }
}

function statusOf(state: TypeState): TypeStatus {
  return {
    type: state.kind,
    subscribed: state.wildcard ? 'all' : state.names.size,
    ...(state.last ? { sentVersion: state.last.version, sentNonce: state.last.nonce } : {}),
    ...(state.acked ? { ackedVersion: state.acked.version } : {}),
    ...(state.nack ? { nack: { ...state.nack } } : {}),
    awaitingAck: state.awaiting,
  };
}
