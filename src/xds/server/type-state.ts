import type { Resource } from '../cache/resource.js';
import type { Snapshot } from '../cache/snapshot.js';
import { FULL_STATE_KINDS, type ResourceKind } from '../resources/type-urls.js';

/** The last response of one type on one stream. */
export interface SentResponse {
  readonly nonce: string;
  readonly version: string;
  readonly snapshot: Snapshot;
  readonly sentAt: number;
  /** Whether a snapshot change (not a request) caused it; only pushes count for convergence. */
  readonly push: boolean;
  /** Whether it came from the last accepted snapshot because the latest was rejected. */
  readonly fallback: boolean;
}

/**
 * The protocol state of one resource type on one ADS stream: what the proxy subscribes to, what
 * it was sent, what it accepted and what it rejected. Versions and nonces are per type per stream.
 */
export interface TypeState {
  readonly kind: ResourceKind;
  names: Set<string>;
  wildcard: boolean;
  /** name -> hash of what the proxy was last sent (cumulative for routes and endpoints). */
  sent: Map<string, string>;
  last: SentResponse | undefined;
  acked: { version: string; snapshot: Snapshot; at: number } | undefined;
  nack: { version: string; nonce: string; message: string; at: number } | undefined;
  /** A response is outstanding: the next one waits for its ACK or NACK (flow control). */
  awaiting: boolean;
  /** A request must be answered with everything it names. */
  owedFull: boolean;
  /** A newer snapshot arrived; push what changed once the proxy is ready. */
  dirty: boolean;
}

/** The fields of a DiscoveryRequest the protocol looks at. */
export interface RequestFields {
  readonly nonce: string;
  readonly names: readonly string[];
  readonly errorMessage: string | undefined;
}

/** What a request means, given the state of its type. */
export type RequestVerdict =
  | { readonly type: 'subscribe' }
  | { readonly type: 'stale' }
  | { readonly type: 'ack'; readonly namesChanged: boolean }
  | { readonly type: 'nack'; readonly namesChanged: boolean; readonly message: string };

/** A fresh state for a type the proxy starts subscribing to. */
export function createTypeState(kind: ResourceKind): TypeState {
  return {
    kind,
    names: new Set(),
    wildcard: false,
    sent: new Map(),
    last: undefined,
    acked: undefined,
    nack: undefined,
    awaiting: false,
    owedFull: false,
    dirty: false,
  };
}

function sameNames(a: ReadonlySet<string>, b: readonly string[]): boolean {
  const other = new Set(b);
  return a.size === other.size && [...a].every((name) => other.has(name));
}

/**
 * Classifies a request. An empty nonce starts (or restarts) a subscription; a nonce other than the
 * last one sent is stale and ignored; the last nonce with an error is a NACK, without one an ACK;
 * either may also change the names, which is a subscription change to answer.
 */
export function classifyRequest(state: TypeState | undefined, req: RequestFields): RequestVerdict {
  if (!state || req.nonce === '' || !state.last) return { type: 'subscribe' };
  if (req.nonce !== state.last.nonce) return { type: 'stale' };
  const namesChanged = !sameNames(state.names, req.names);
  if (req.errorMessage !== undefined)
    return { type: 'nack', namesChanged, message: req.errorMessage };
  return { type: 'ack', namesChanged };
}

/** Sets the subscribed names; empty names on a first listener or cluster request mean all. */
export function setNames(state: TypeState, names: readonly string[], first: boolean): void {
  const explicitWildcard = names.includes('*');
  const legacyWildcard = names.length === 0 && FULL_STATE_KINDS.has(state.kind);
  state.wildcard = explicitWildcard || (legacyWildcard && (first || state.wildcard));
  state.names = new Set(names.filter((name) => name !== '*'));
  for (const name of [...state.sent.keys()])
    if (!state.wildcard && !state.names.has(name)) state.sent.delete(name);
}

/** What to send: the snapshot it comes from and the resources in it. */
export interface ResponsePlan {
  readonly snapshot: Snapshot;
  readonly resources: readonly Resource[];
  readonly push: boolean;
  readonly fallback: boolean;
}

function subscribed(state: TypeState, snapshot: Snapshot): Resource[] {
  const items = snapshot.sets[state.kind].items;
  if (state.wildcard) return [...items.values()];
  const out: Resource[] = [];
  for (const name of state.names) {
    const found = items.get(name);
    if (found) out.push(found);
  }
  return out;
}

/**
 * Decides the next response of a type, or none. A request is answered with every subscribed
 * resource the snapshot has (never withheld because some are missing). A push sends listeners and
 * clusters in full when any changed, routes and endpoints only where they changed. A version the
 * proxy rejected is not pushed again; a request after a rejection is answered from the last
 * snapshot the proxy accepted.
 */
export function planResponse(state: TypeState, latest: Snapshot): ResponsePlan | undefined {
  const latestVersion = latest.sets[state.kind].version;
  const rejectedLatest = state.nack?.version === latestVersion;
  if (state.owedFull) {
    const fallback = rejectedLatest && state.acked !== undefined;
    const source = fallback && state.acked ? state.acked.snapshot : latest;
    return { snapshot: source, resources: subscribed(state, source), push: false, fallback };
  }
  if (!state.dirty || state.awaiting || rejectedLatest) return undefined;
  const wanted = subscribed(state, latest);
  if (FULL_STATE_KINDS.has(state.kind)) {
    const same =
      wanted.length === state.sent.size && wanted.every((r) => state.sent.get(r.name) === r.hash);
    return same ? undefined : { snapshot: latest, resources: wanted, push: true, fallback: false };
  }
  const changed = wanted.filter((r) => state.sent.get(r.name) !== r.hash);
  if (changed.length === 0) return undefined;
  return { snapshot: latest, resources: changed, push: true, fallback: false };
}

/** Records a response as sent. */
export function recordSent(state: TypeState, plan: ResponsePlan, nonce: string, at: number): void {
  if (FULL_STATE_KINDS.has(state.kind)) state.sent = new Map();
  for (const resource of plan.resources) state.sent.set(resource.name, resource.hash);
  const version = plan.snapshot.sets[state.kind].version;
  const { push, fallback } = plan;
  state.last = { nonce, version, snapshot: plan.snapshot, sentAt: at, push, fallback };
  state.awaiting = true;
  state.owedFull = false;
  state.dirty = false;
}

/** Applies an ACK or NACK to the state; returns the response it answers. */
export function recordReply(
  state: TypeState,
  verdict: Extract<RequestVerdict, { type: 'ack' | 'nack' }>,
  at: number,
): SentResponse | undefined {
  const last = state.last;
  state.awaiting = false;
  if (!last) return undefined;
  // A request repeating a rejected response's nonce does not accept it after all.
  if (state.nack?.nonce === last.nonce) return undefined;
  if (verdict.type === 'ack') {
    state.acked = { version: last.version, snapshot: last.snapshot, at };
    // Accepting the fallback says nothing about the rejected version; accepting a newer one does.
    if (state.nack && !last.fallback && state.nack.version !== last.version) state.nack = undefined;
  } else {
    state.nack = { version: last.version, nonce: last.nonce, message: verdict.message, at };
  }
  return last;
}
