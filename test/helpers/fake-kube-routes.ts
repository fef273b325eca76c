import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiVersionOf, type KubeObject, type ResourceType } from './fake-kube-resources.js';
import {
  applyPatch,
  compileSelectors,
  parseResourcePath,
  statusBody,
  type ResourceLocation,
} from './fake-kube-requests.js';
import {
  KubeStatusError,
  type FakeKubeStore,
  type ObjectFilter,
  type StoreEvent,
} from './fake-kube-store.js';
import type { TokenUser } from './fake-kube-api.js';

/** The audience of tokens the API server accepts for itself (a TokenReview with no audiences). */
const API_SERVER_AUDIENCE = 'https://kubernetes.default.svc.cluster.local';

/** What the request handlers share. */
export interface Context {
  readonly store: FakeKubeStore;
  readonly tokens: Map<string, TokenUser>;
  /** Open watch streams, each with the function that ends it. */
  readonly watches: Map<ServerResponse, () => void>;
}

/** Handles one authenticated request under /api and /apis. */
export async function route(
  context: Context,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (url.pathname === '/apis/authentication.k8s.io/v1/tokenreviews' && method === 'POST') {
    return sendJson(res, 201, reviewToken(context.tokens, await readJson(req)));
  }
  const path = parseResourcePath(url.pathname);
  if (!path) throw notFound();
  if (path.kind === 'discovery') return sendJson(res, 200, discovery(context.store, path));
  const type = context.store.typeAt(path.group, path.version, path.plural);
  // A kind whose namespacing the URL gets wrong is as unknown as a CRD that is not installed.
  if (!type || (path.namespace !== undefined && !type.namespaced)) throw notFound();
  if (path.kind === 'collection') {
    const filter = { type, namespace: path.namespace, matches: compileSelectors(url.searchParams) };
    if (method === 'GET' && ['true', '1'].includes(url.searchParams.get('watch') ?? ''))
      return watch(context, res, filter, url.searchParams);
    if (method === 'GET')
      return sendJson(res, 200, listBody(context.store, filter, url.searchParams));
    if (method === 'POST') return create(context.store, res, type, path, await readJson(req));
    throw methodNotAllowed(method);
  }
  if (type.namespaced && path.namespace === undefined) throw notFound();
  await objectRequest(context.store, req, res, type, path);
}

async function objectRequest(
  store: FakeKubeStore,
  req: IncomingMessage,
  res: ServerResponse,
  type: ResourceType,
  path: ResourceLocation & { name: string },
): Promise<void> {
  const name = path.name;
  const method = req.method ?? 'GET';
  const current = store.get(type, path.namespace, name);
  if (method === 'DELETE') {
    store.remove(type, path.namespace, name);
    const details = { name, group: type.group, kind: type.plural };
    return sendJson(res, 200, { kind: 'Status', apiVersion: 'v1', status: 'Success', details });
  }
  if (!current)
    throw new KubeStatusError(404, 'NotFound', `${type.plural} "${name}" not found`, {
      name,
      group: type.group,
      kind: type.plural,
    });
  if (method === 'GET') return sendJson(res, 200, current);
  if (method === 'PUT') {
    const body = asObject(await readJson(req));
    if (body.metadata?.name !== name)
      throw badRequest('the name in the body does not match the URL');
    return sendJson(
      res,
      200,
      store.replace(type, {
        ...body,
        metadata: { ...body.metadata, ...(path.namespace ? { namespace: path.namespace } : {}) },
      }),
    );
  }
  if (method === 'PATCH') {
    const patched = applyPatch(current, req.headers['content-type'] ?? '', await readJson(req));
    patched.metadata = {
      ...patched.metadata,
      name,
      ...(path.namespace ? { namespace: path.namespace } : {}),
    };
    return sendJson(res, 200, store.replace(type, patched));
  }
  throw methodNotAllowed(method);
}

function create(
  store: FakeKubeStore,
  res: ServerResponse,
  type: ResourceType,
  path: ResourceLocation,
  body: unknown,
): void {
  const object = asObject(body);
  if (object.kind !== undefined && object.kind !== type.kind)
    throw badRequest(`the body is a ${String(object.kind)}, not a ${type.kind}`);
  const metadata = { ...object.metadata };
  if (!metadata.name && typeof metadata['generateName'] === 'string')
    metadata.name = `${metadata['generateName']}${randomBytes(3).toString('hex').slice(0, 5)}`;
  if (!metadata.name) throw new KubeStatusError(422, 'Invalid', 'metadata.name: Required value');
  if (type.namespaced) {
    if (path.namespace === undefined) throw methodNotAllowed('POST');
    if (metadata.namespace !== undefined && metadata.namespace !== path.namespace)
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    metadata.namespace = path.namespace;
  }
  sendJson(res, 201, store.create(type, { ...object, metadata }));
}

/** A list, paginated with `limit` and an opaque `continue` token (an offset here). */
function listBody(
  store: FakeKubeStore,
  filter: ObjectFilter,
  query: URLSearchParams,
): Record<string, unknown> {
  const all = store.list(filter);
  const offset = Number(Buffer.from(query.get('continue') ?? '', 'base64url').toString() || '0');
  const limit = Number(query.get('limit') ?? '0') || all.length;
  const page = all.slice(offset, offset + limit);
  const next = offset + page.length;
  const more = next < all.length;
  return {
    apiVersion: apiVersionOf(filter.type),
    kind: `${filter.type.kind}List`,
    metadata: {
      resourceVersion: store.resourceVersion(),
      ...(more
        ? {
            continue: Buffer.from(String(next)).toString('base64url'),
            remainingItemCount: all.length - next,
          }
        : {}),
    },
    // The real API server leaves apiVersion and kind out of the items of built-in lists.
    items: filter.type.custom ? page : page.map(({ apiVersion: _a, kind: _k, ...rest }) => rest),
  };
}

/**
 * A watch: headers at once, then one JSON line per event. With no resourceVersion (or "0") the
 * current objects come first as ADDED; with one, the events since it, or a 410 ERROR event when
 * that history is gone. The stream stays open until the client leaves, `timeoutSeconds` passes,
 * or the test drops it.
 */
function watch(
  context: Context,
  res: ServerResponse,
  filter: ObjectFilter,
  query: URLSearchParams,
): void {
  const from = query.get('resourceVersion') ?? '';
  if (from !== '' && !/^\d+$/.test(from)) throw badRequest(`invalid resourceVersion "${from}"`);
  const initial: StoreEvent[] | 'expired' =
    from === '' || from === '0'
      ? context.store.list(filter).map((object) => ({ type: 'ADDED', object }))
      : context.store.eventsSince(Number(from), filter);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.flushHeaders();
  const write = (event: unknown): void => {
    if (!res.writableEnded) res.write(`${JSON.stringify(event)}\n`);
  };
  if (initial === 'expired') {
    const gone = new KubeStatusError(410, 'Expired', `too old resource version: ${from}`);
    write({ type: 'ERROR', object: statusBody(gone) });
    res.end();
    return;
  }
  const unsubscribe = context.store.subscribe(filter, write);
  for (const event of initial) write(event);
  if (query.get('allowWatchBookmarks') === 'true') {
    const { kind } = filter.type;
    const metadata = { resourceVersion: context.store.resourceVersion() };
    write({ type: 'BOOKMARK', object: { apiVersion: apiVersionOf(filter.type), kind, metadata } });
  }
  const seconds = Number(query.get('timeoutSeconds') ?? '0');
  const end = (): void => {
    clearTimeout(timer);
    unsubscribe();
    context.watches.delete(res);
    res.end();
  };
  const timer = seconds > 0 ? setTimeout(end, seconds * 1000) : undefined;
  context.watches.set(res, end);
  res.on('close', end);
}

/** Answers a TokenReview from the token table, validating audiences as the API server does. */
function reviewToken(tokens: Map<string, TokenUser>, body: unknown): Record<string, unknown> {
  const spec = (asObject(body)['spec'] ?? {}) as { token?: string; audiences?: string[] };
  const user = tokens.get(spec.token ?? '');
  const asked = spec.audiences?.length ? spec.audiences : [API_SERVER_AUDIENCE];
  const validFor = user ? asked.filter((audience) => user.audiences.includes(audience)) : [];
  let status: Record<string, unknown>;
  if (!user) status = { authenticated: false, error: 'invalid bearer token' };
  else if (validFor.length === 0)
    status = {
      authenticated: false,
      error: `token audiences ${JSON.stringify(user.audiences)} is invalid for the target audiences ${JSON.stringify(asked)}`,
    };
  else
    status = {
      authenticated: true,
      user: { username: user.username, groups: [...(user.groups ?? [])] },
      audiences: validFor,
    };
  return {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenReview',
    metadata: {},
    spec,
    status,
  };
}

function discovery(
  store: FakeKubeStore,
  path: { group: string; version: string },
): Record<string, unknown> {
  const served = store.resources.filter(
    (t) => t.group === path.group && t.version === path.version,
  );
  if (served.length === 0) throw notFound();
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(path),
    resources: served.map((t) => ({
      name: t.plural,
      singularName: t.kind.toLowerCase(),
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    })),
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw badRequest('the request body is not JSON');
  }
}

function asObject(body: unknown): KubeObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('the request body is not an object');
  return body as KubeObject;
}

const notFound = (): KubeStatusError =>
  new KubeStatusError(404, 'NotFound', 'the server could not find the requested resource');
const badRequest = (message: string): KubeStatusError =>
  new KubeStatusError(400, 'BadRequest', message);
const methodNotAllowed = (method: string): KubeStatusError =>
  new KubeStatusError(405, 'MethodNotAllowed', `the server does not allow ${method} here`);

/** Sends a JSON body with a status code. */
export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Sends a refusal as a `Status` object. */
export function sendError(res: ServerResponse, error: KubeStatusError): void {
  sendJson(res, error.code, statusBody(error));
}
