import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEFAULT_RESOURCES,
  type KubeObject,
  type ObjectRef,
  type ResourceType,
} from './fake-kube-resources.js';
import { route, sendError, sendJson, type Context } from './fake-kube-routes.js';
import { FakeKubeStore, KubeStatusError } from './fake-kube-store.js';

export type { KubeObject, ObjectRef, ResourceType } from './fake-kube-resources.js';
export {
  DEFAULT_RESOURCES,
  ISTIO_NETWORKING_RESOURCES,
  ISTIO_SECURITY_RESOURCES,
} from './fake-kube-resources.js';

/**
 * A small in-memory Kubernetes API server over plain HTTP on loopback, good enough for
 * @kubernetes/client-node: discovery, list (paginated) and watch of the kinds it serves, create,
 * replace, merge/JSON patch and delete with `Status` refusals (404, 409), and TokenReview answered
 * from a table the test fills. It stands in for the one thing that cannot run in a test: a real
 * API server. The code under test talks to it through its real client, over a kubeconfig.
 */
export interface FakeKubeApi {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The bearer token requests must carry (the kubeconfig's user). */
  readonly token: string;
  /** Creates or replaces an object (no resourceVersion check), as `kubectl apply` would. */
  apply(object: KubeObject): KubeObject;
  /** Changes an object through a function of the stored copy; fails when it does not exist. */
  update(ref: ObjectRef, change: (object: KubeObject) => void): KubeObject;
  get(ref: ObjectRef): KubeObject | undefined;
  list(apiVersion: string, kind: string, namespace?: string): KubeObject[];
  remove(ref: ObjectRef): void;
  /** Makes TokenReview accept `token` as `user` for its audiences. */
  setToken(token: string, user: TokenUser): void;
  /** Writes a kubeconfig that points at this server with {@link FakeKubeApi.token}. */
  writeKubeconfig(path: string): Promise<string>;
  /** Every request so far, oldest first. */
  requests(): readonly RequestRecord[];
  /** How many watch streams are open now. */
  openWatches(): number;
  /** Ends every open watch stream, as the API server does every few minutes. */
  dropWatches(): void;
  /** Forgets the event history: watches resuming from before now get 410 Gone and must relist. */
  compact(): void;
  close(): Promise<void>;
}

/** Who a token belongs to, for TokenReview. */
export interface TokenUser {
  readonly username: string;
  /** Audiences the token was issued for. */
  readonly audiences: readonly string[];
  readonly groups?: readonly string[];
}

/** One request the fake received. */
export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly query: string;
}

/** Options of {@link startFakeKubeApi}. */
export interface FakeKubeApiOptions {
  /** The kinds served; {@link DEFAULT_RESOURCES} by default. Others answer 404. */
  readonly resources?: readonly ResourceType[];
  /** What `GET /version` answers; 1.30 by default. */
  readonly version?: { readonly major: string; readonly minor: string };
}

/** Starts the fake on 127.0.0.1 and an ephemeral port. */
export async function startFakeKubeApi(options: FakeKubeApiOptions = {}): Promise<FakeKubeApi> {
  const store = new FakeKubeStore(options.resources ?? DEFAULT_RESOURCES);
  const context: Context = { store, tokens: new Map(), watches: new Map() };
  const token = randomBytes(16).toString('hex');
  const version = options.version ?? { major: '1', minor: '30' };
  const log: RequestRecord[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    log.push({ method: req.method ?? 'GET', path: url.pathname, query: url.search });
    if (url.pathname === '/version') {
      return sendJson(res, 200, { ...version, gitVersion: `v${version.major}.${version.minor}.0` });
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      return sendError(res, new KubeStatusError(401, 'Unauthorized', 'Unauthorized'));
    }
    route(context, req, res, url).catch((error: unknown) => {
      const refusal =
        error instanceof KubeStatusError
          ? error
          : new KubeStatusError(500, 'InternalError', String(error));
      if (!res.headersSent) sendError(res, refusal);
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const find = (ref: ObjectRef) => ({ type: store.typeOfRef(ref), ns: ref.namespace });
  return {
    url,
    token,
    apply: (object) => {
      const type = store.typeOfRef(object);
      const { namespace, name } = object.metadata;
      const { resourceVersion: _ignored, ...metadata } = object.metadata;
      const input = { ...object, metadata };
      return store.get(type, namespace, name)
        ? store.replace(type, input)
        : store.create(type, input);
    },
    update: (ref, change) => {
      const { type, ns } = find(ref);
      const current = store.get(type, ns, ref.name);
      if (!current) throw new Error(`${ref.kind} ${ns ?? ''}/${ref.name} does not exist`);
      change(current);
      return store.replace(type, current);
    },
    get: (ref) => store.get(store.typeOfRef(ref), ref.namespace, ref.name),
    list: (apiVersion, kind, namespace) =>
      store.list({ type: store.typeOfRef({ apiVersion, kind }), namespace, matches: () => true }),
    remove: (ref) => void store.remove(store.typeOfRef(ref), ref.namespace, ref.name),
    setToken: (value, user) => void context.tokens.set(value, user),
    writeKubeconfig: async (path) => {
      await writeFile(path, JSON.stringify(kubeconfigFor(url, token), null, 2));
      return path;
    },
    requests: () => [...log],
    openWatches: () => context.watches.size,
    dropWatches: () => {
      for (const end of [...context.watches.values()]) end();
    },
    compact: () => store.compact(),
    close: async () => {
      for (const end of [...context.watches.values()]) end();
      const closed = new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      server.closeAllConnections();
      await closed;
    },
  };
}

/** A kubeconfig with one cluster (plain HTTP, which client-node allows only with skip-verify). */
function kubeconfigFor(server: string, token: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'gangway', user: { token } }],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'gangway' } }],
    'current-context': 'fake',
  };
}
