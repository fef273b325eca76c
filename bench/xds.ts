import * as grpc from '@grpc/grpc-js';
import { performance } from 'node:perf_hooks';
import { parseConfigObjects, type ConfigSet } from '../src/xds/model/config-set.js';
import { jsonToStruct } from '../src/xds/model/node.js';
import { loadEnvoyProtos } from '../src/xds/resources/envoy-protos.js';
import {
  KIND_TYPE_URLS,
  kindOfTypeUrl,
  type ResourceKind,
} from '../src/xds/resources/type-urls.js';
import { createStaticSource } from '../src/xds/sources/config-source.js';
import { startXds } from '../src/xds/start.js';

const SERVICES = 1000;
const ENDPOINTS = 10;
const CLIENTS = 2000;
const NAMESPACES = 10;
/** Services each simulated client dials besides the one the benchmark changes. */
const EXTRA_TARGETS = 2;
/** Streams per HTTP/2 connection: gRPC clients in one process share connections to one server. */
const STREAMS_PER_CHANNEL = 100;

type Loose = Record<string, unknown>;
const host = (i: number): string => `svc-${i}.ns-${i % NAMESPACES}.svc.cluster.local`;

/** Service i, its EndpointSlice (svc-0's endpoints point at pods, for subset labels). */
function serviceObjects(i: number, endpointCount: number): Loose[] {
  const namespace = `ns-${i % NAMESPACES}`;
  const endpoints = Array.from({ length: endpointCount }, (_, e) => ({
    addresses: [`10.${Math.floor(i / 250)}.${i % 250}.${e + 1}`],
    conditions: { ready: true },
    ...(i === 0 ? { targetRef: { kind: 'Pod', name: `svc-0-${e}` } } : {}),
  }));
  const labels = { 'kubernetes.io/service-name': `svc-${i}` };
  return [
    {
      kind: 'Service',
      metadata: { name: `svc-${i}`, namespace },
      spec: { selector: { app: `svc-${i}` }, ports: [{ name: 'grpc', port: 7000 }] },
    },
    {
      kind: 'EndpointSlice',
      metadata: { name: `svc-${i}-a`, namespace, labels },
      ports: [{ name: 'grpc', port: 8080 }],
      endpoints,
    },
  ];
}

/** svc-0's pods (v1/v2), DestinationRule subsets and weighted VirtualService. */
function svc0Objects(v2Weight: number, endpointCount: number): Loose[] {
  const pods = Array.from({ length: endpointCount }, (_, e) => ({
    kind: 'Pod',
    metadata: {
      name: `svc-0-${e}`,
      namespace: 'ns-0',
      labels: { app: 'svc-0', version: e % 2 ? 'v2' : 'v1' },
    },
    spec: { serviceAccountName: 'svc-0' },
  }));
  const route = (subset: string, weight: number): Loose => ({
    destination: { host: host(0), subset },
    weight,
  });
  const subsets = [
    { name: 'v1', labels: { version: 'v1' } },
    { name: 'v2', labels: { version: 'v2' } },
  ];
  const http = [{ route: [route('v1', 100 - v2Weight), route('v2', v2Weight)] }];
  return [
    ...pods,
    {
      kind: 'DestinationRule',
      metadata: { name: 'svc-0', namespace: 'ns-0' },
      spec: { host: host(0), subsets },
    },
    {
      kind: 'VirtualService',
      metadata: { name: 'svc-0', namespace: 'ns-0' },
      spec: { hosts: [host(0)], http },
    },
  ];
}

/** 1,000 services of 10 endpoints, plus subsets and a weighted split on svc-0. */
function meshConfig(v2Weight: number, svc0Endpoints = ENDPOINTS): ConfigSet {
  const objects = Array.from({ length: SERVICES }, (_, i) =>
    serviceObjects(i, i === 0 ? svc0Endpoints : ENDPOINTS),
  ).flat();
  return parseConfigObjects([...objects, ...svc0Objects(v2Weight, svc0Endpoints)]).config;
}

interface Decoded {
  type_url: string;
  nonce: string;
  version_info: string;
  resources: Loose[];
}

/** What the next subscription of a dependent type is, from a decoded response (as gRPC derives it). */
function dependents(
  kind: ResourceKind,
  resources: Loose[],
): { kind: ResourceKind; names: string[] } | undefined {
  const names = new Set<string>();
  if (kind === 'listener') {
    for (const r of resources) {
      const hcm = (r['api_listener'] as Loose)['api_listener'] as Loose;
      names.add(String((hcm['rds'] as Loose)['route_config_name']));
    }
    return { kind: 'route', names: [...names] };
  }
  if (kind === 'route') {
    for (const r of resources)
      for (const vh of r['virtual_hosts'] as Loose[])
        for (const route of vh['routes'] as Loose[]) {
          const action = route['route'] as Loose;
          if (typeof action['cluster'] === 'string') names.add(action['cluster']);
          for (const c of ((action['weighted_clusters'] as Loose | undefined)?.['clusters'] as
            Loose[] | undefined) ?? [])
            names.add(String(c['name']));
        }
    return { kind: 'cluster', names: [...names] };
  }
  if (kind === 'cluster') {
    for (const r of resources)
      names.add(String((r['eds_cluster_config'] as Loose)['service_name']));
    return { kind: 'endpoint', names: [...names] };
  }
  return undefined;
}

/** The header fields of a DiscoveryResponse, read without decoding its resources. */
function responseHeader(bytes: Buffer): { typeUrl: string; nonce: string } {
  let typeUrl = '';
  let nonce = '';
  let offset = 0;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[offset++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  };
  while (offset < bytes.length) {
    const tag = varint();
    const length = varint();
    const field = Math.floor(tag / 8);
    if (field === 4) typeUrl = bytes.toString('utf8', offset, offset + length);
    if (field === 5) nonce = bytes.toString('utf8', offset, offset + length);
    offset += length;
  }
  return { typeUrl, nonce };
}

/**
 * One simulated proxyless client: LDS for its targets, then RDS, CDS and EDS as the answers name
 * them, ACKing every response like gRPC does. Responses are decoded in full only while the client
 * still learns what to subscribe to; afterwards it reads the header only, so that the figures
 * measure the server rather than 2,000 in-process decoders.
 */
class SimulatedClient {
  readonly names = new Map<ResourceKind, string[]>();
  lastReceived = new Map<ResourceKind, number>();
  synced = false;
  private readonly call: grpc.ClientDuplexStream<Loose, Buffer>;
  private first = true;

  constructor(
    client: grpc.Client,
    readonly id: number,
    targets: string[],
    private readonly onSynced: () => void,
  ) {
    this.call = client.makeBidiStreamRequest(
      '/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources',
      (m: Loose) => protos().encode('envoy.service.discovery.v3.DiscoveryRequest', m),
      (b: Buffer) => b,
    );
    this.call.on('data', (bytes: Buffer) => this.receive(bytes));
    this.call.on('error', () => undefined);
    this.request('listener', targets, '');
  }

  private request(kind: ResourceKind, names: string[], nonce: string): void {
    this.names.set(kind, names);
    const namespace = `ns-${this.id % NAMESPACES}`;
    const node = this.first
      ? {
          node: {
            id: `sidecar~10.1.0.${this.id % 250}~client-${this.id}.${namespace}~${namespace}.svc.cluster.local`,
            metadata: jsonToStruct({
              GENERATOR: 'grpc',
              NAMESPACE: namespace,
              LABELS: { app: 'client' },
            }),
          },
        }
      : {};
    this.first = false;
    this.call.write({
      ...node,
      type_url: KIND_TYPE_URLS[kind],
      resource_names: names,
      response_nonce: nonce,
    });
  }

  private receive(bytes: Buffer): void {
    const { typeUrl, nonce } = responseHeader(bytes);
    const kind = kindOfTypeUrl(typeUrl);
    if (!kind) return;
    this.lastReceived.set(kind, performance.now());
    this.request(kind, this.names.get(kind) ?? [], nonce);
    if (!this.synced && kind !== 'endpoint') {
      const decoded = protos().decode('envoy.service.discovery.v3.DiscoveryResponse', bytes);
      const next = dependents(kind, (decoded as unknown as Decoded).resources);
      if (next && !this.names.has(next.kind)) this.request(next.kind, next.names, '');
    }
    if (kind === 'endpoint' && !this.synced) {
      this.synced = true;
      this.onSynced();
    }
  }

  close(): void {
    this.call.cancel();
  }
}

const protos = loadEnvoyProtos;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (value: number): string => `${value.toFixed(0)} ms`;

/** Applies a change and waits until every client received a response of that kind after it. */
async function measureChange(
  clients: readonly SimulatedClient[],
  kind: ResourceKind,
  change: () => void,
): Promise<void> {
  const cpu = process.cpuUsage();
  const at = performance.now();
  change();
  const deadline = at + 30_000;
  while (performance.now() < deadline && clients.some((c) => (c.lastReceived.get(kind) ?? 0) < at))
    await new Promise((resolve) => setTimeout(resolve, 5));
  const latencies = clients
    .map((c) => (c.lastReceived.get(kind) ?? Number.POSITIVE_INFINITY) - at)
    .sort((a, b) => a - b);
  const used = process.cpuUsage(cpu);
  const reached = latencies.filter(Number.isFinite).length;
  console.log(
    `  ${kind} change -> every client: p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, ` +
      `max ${ms(latencies[latencies.length - 1] ?? 0)} (${reached}/${clients.length} reached; includes the 100 ms debounce); ` +
      `CPU ${((used.user + used.system) / 1000).toFixed(0)} ms`,
  );
}

/** Starts the simulated clients; resolves when all have their endpoints, or after a minute. */
async function startClients(
  port: number,
): Promise<{ clients: SimulatedClient[]; channels: grpc.Client[] }> {
  const channels = Array.from(
    { length: Math.ceil(CLIENTS / STREAMS_PER_CHANNEL) },
    () =>
      new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        'grpc.use_local_subchannel_pool': 1,
      }),
  );
  let synced = 0;
  let done: () => void = () => undefined;
  const allSynced = new Promise<void>((resolve) => (done = resolve));
  const clients = Array.from({ length: CLIENTS }, (_, id) => {
    const extra = Array.from(
      { length: EXTRA_TARGETS },
      (_, k) => 1 + ((id * 7 + k * 13) % (SERVICES - 1)),
    );
    const targets = [0, ...extra].map((t) => `${host(t)}:7000`);
    const onSynced = (): void => void (++synced === CLIENTS && done());
    return new SimulatedClient(channels[id % channels.length]!, id, targets, onSynced);
  });
  await Promise.race([allSynced, new Promise((resolve) => setTimeout(resolve, 60_000).unref())]);
  return { clients, channels };
}

/**
 * The xDS benchmark: 1,000 services of 10 endpoints, 2,000 simulated proxyless clients on loopback
 * (LDS, then RDS, CDS and EDS as the answers name them, ACKing each response). Prints the time for
 * a route change and an endpoint change to reach every client (p50/p99), CPU and memory. Figures
 * only: it never fails. Clients run in the same process, so RSS includes them.
 */
export async function benchXds(): Promise<void> {
  console.log(`\n## xDS: ${SERVICES} services x ${ENDPOINTS} endpoints, ${CLIENTS} ADS clients`);
  let started = performance.now();
  const source = createStaticSource(meshConfig(10));
  console.log(`  config parse: ${ms(performance.now() - started)}`);
  const xds = startXds({ source, debounce: { quietMs: 100, maxMs: 10_000 } });
  const insecure = grpc.ServerCredentials.createInsecure();
  const port = await xds.server.bind('127.0.0.1:0', insecure, { anonymous: true });
  started = performance.now();
  const { clients, channels } = await startClients(port);
  const synced = clients.filter((c) => c.synced).length;
  const groups = xds.cache.keys().length;
  console.log(
    `  initial sync (LDS, RDS, CDS, EDS) of ${synced}/${CLIENTS} clients: ${ms(performance.now() - started)}, ${groups} snapshot groups`,
  );
  await measureChange(clients, 'route', () => source.set(meshConfig(50)));
  await measureChange(clients, 'endpoint', () => source.set(meshConfig(50, ENDPOINTS + 2)));
  const report = xds.publisher.lastReport();
  if (report)
    console.log(
      `  last publication (translate ${report.groups} groups, check, cache): ${ms(report.durationMs)}`,
    );
  global.gc?.();
  const memory = process.memoryUsage();
  console.log(
    `  memory: RSS ${mb(memory.rss)}, heap used ${mb(memory.heapUsed)} (server and clients in one process)`,
  );
  for (const client of clients) client.close();
  for (const channel of channels) channel.close();
  await xds.close(100);
}
