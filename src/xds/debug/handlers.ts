import type { Clock } from '../../shared/clock.js';
import type { Publisher } from '../publish/publisher.js';
import { RESOURCE_KINDS } from '../resources/type-urls.js';
import type { AdsStream } from '../server/ads-stream.js';
import type { XdsServer } from '../server/ads-server.js';
import type { ConfigSource } from '../sources/config-source.js';

/** A debug response: status and JSON body; the HTTP server sends it as it is. */
export interface DebugResponse {
  readonly status: number;
  readonly body: unknown;
}

/** The debug endpoints, as pure functions of their query (the lead mounts them). */
export interface DebugHandlers {
  /** `GET /debug/config_dump?proxy=ID`: what the proxy subscribes to and was sent, per type. */
  configDump(query: Readonly<Record<string, string | undefined>>): DebugResponse;
  /** `GET /debug/syncz`: every stream's per-type versions (sent, acked, rejected) and the last publication. */
  syncz(): DebugResponse;
}

/** What the handlers read. */
export interface DebugSources {
  readonly server: XdsServer;
  readonly publisher: Publisher;
  readonly source: ConfigSource;
  readonly clock: Clock;
}

function describeStream(stream: AdsStream): Record<string, unknown> {
  const node = stream.node();
  return {
    stream: stream.id,
    proxy: node?.id,
    group: stream.key(),
    userAgent: node?.userAgent,
    connectedAt: new Date(stream.connectedAt).toISOString(),
    types: stream.status(),
  };
}

/** Builds the handlers over a running control plane. */
export function createDebugHandlers(sources: DebugSources): DebugHandlers {
  return {
    configDump: (query) => configDump(sources, query['proxy']),
    syncz() {
      const report = sources.publisher.lastReport();
      const lastPublish = report
        ? { ...report, notes: report.notes.slice(0, 100), noteCount: report.notes.length }
        : undefined;
      return {
        status: 200,
        body: {
          at: new Date(sources.clock.now()).toISOString(),
          streams: sources.server.streams().map(describeStream),
          lastPublish,
          configProblems: sources.source.problems(),
        },
      };
    },
  };
}

function configDump(sources: DebugSources, id: string | undefined): DebugResponse {
  const streams = sources.server.streams();
  if (!id) {
    const proxies = streams.map((s) => s.node()?.id);
    return { status: 400, body: { error: 'the proxy query parameter is required', proxies } };
  }
  const stream = streams.find((s) => s.node()?.id === id);
  if (!stream) return { status: 404, body: { error: `no connected proxy ${id}` } };
  const sent = stream.sentSnapshots();
  const status = new Map(stream.status().map((s) => [s.type, s]));
  const types: Record<string, unknown> = {};
  for (const kind of RESOURCE_KINDS) {
    const snapshot = sent[kind];
    if (!snapshot) continue;
    const items = [...snapshot.sets[kind].items].filter(([name]) => stream.subscribes(kind, name));
    const resources = Object.fromEntries(items.map(([name, r]) => [name, r.value]));
    types[kind] = { ...status.get(kind), resources };
  }
  const key = stream.key();
  const proxyInfo = key ? sources.publisher.proxyOf(key) : undefined;
  return { status: 200, body: { ...describeStream(stream), proxyInfo, types } };
}
