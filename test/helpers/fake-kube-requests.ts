import fastJsonPatch, { type Operation } from 'fast-json-patch';
import type { KubeObject } from './fake-kube-resources.js';
import { KubeStatusError } from './fake-kube-store.js';

/** Where a collection or an object lives. */
export interface ResourceLocation {
  group: string;
  version: string;
  plural: string;
  namespace?: string;
}

/** What a resource URL names: a discovery document, a collection or one object. */
export type ResourcePath =
  | { kind: 'discovery'; group: string; version: string }
  | ({ kind: 'collection' } & ResourceLocation)
  | ({ kind: 'object'; name: string } & ResourceLocation);

/**
 * Parses `/api/v1/...` and `/apis/<group>/<version>/...`. Under `namespaces/<ns>/` comes a
 * namespaced collection; `/api/v1/namespaces/<name>` is itself a Namespace object.
 */
export function parseResourcePath(pathname: string): ResourcePath | undefined {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string | undefined;
  let rest: string[];
  if (parts[0] === 'api') [group, version, rest] = ['', parts[1], parts.slice(2)];
  else if (parts[0] === 'apis' && parts[1])
    [group, version, rest] = [parts[1], parts[2], parts.slice(3)];
  else return undefined;
  if (!version) return undefined;
  const [first, second, third, fourth, ...extra] = rest;
  if (first === undefined) return { kind: 'discovery', group, version };
  if (first === 'namespaces' && second !== undefined && third !== undefined) {
    if (extra.length > 0) return undefined; // subresources (status, log, ...) are not served
    return fourth === undefined
      ? { kind: 'collection', group, version, plural: third, namespace: second }
      : { kind: 'object', group, version, plural: third, namespace: second, name: fourth };
  }
  if (third !== undefined) return undefined;
  return second === undefined
    ? { kind: 'collection', group, version, plural: first }
    : { kind: 'object', group, version, plural: first, name: second };
}

const badRequest = (message: string): KubeStatusError =>
  new KubeStatusError(400, 'BadRequest', message);

/** The object's value at a field selector's path; only the fields every kind supports. */
function fieldOf(object: KubeObject, field: string): string | undefined {
  if (field === 'metadata.name') return object.metadata.name;
  if (field === 'metadata.namespace') return object.metadata.namespace ?? '';
  throw badRequest(
    `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
  );
}

/** Splits `a=b,c!=d` into its terms; `==` counts as `=`. */
function terms(
  selector: string,
): { key: string; op: '=' | '!=' | 'exists' | '!exists'; value: string }[] {
  return selector
    .split(',')
    .map((term) => term.trim())
    .filter(Boolean)
    .map((term) => {
      const match = /^([^!=]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
      if (match) {
        const op = match[2] === '!=' ? '!=' : '=';
        return { key: match[1] ?? '', op, value: match[3] ?? '' };
      }
      if (/[()\s]/.test(term)) throw badRequest(`unsupported selector term "${term}"`);
      return term.startsWith('!')
        ? { key: term.slice(1), op: '!exists', value: '' }
        : { key: term, op: 'exists', value: '' };
    });
}

/**
 * Compiles `fieldSelector` (metadata.name and metadata.namespace, = and !=) and the
 * equality-based forms of `labelSelector` (k=v, k!=v, k, !k). Anything else is a 400, so a test
 * notices when the code starts asking for more than the fake understands.
 */
export function compileSelectors(query: URLSearchParams): (object: KubeObject) => boolean {
  const fields = terms(query.get('fieldSelector') ?? '');
  const labels = terms(query.get('labelSelector') ?? '');
  for (const term of fields) {
    if (term.op === 'exists' || term.op === '!exists')
      throw badRequest(`invalid field selector term "${term.key}"`);
  }
  return (object) => {
    const fieldsMatch = fields.every(
      (t) => (fieldOf(object, t.key) === t.value) === (t.op === '='),
    );
    const have = object.metadata.labels ?? {};
    const labelsMatch = labels.every((t) => {
      const value = have[t.key];
      if (t.op === 'exists') return value !== undefined;
      if (t.op === '!exists') return value === undefined;
      return (value === t.value) === (t.op === '=');
    });
    return fieldsMatch && labelsMatch;
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** RFC 7386 JSON merge patch: objects merge, `null` deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/**
 * Applies a PATCH body by its content type: merge patch (strategic merge is treated as a merge
 * patch, which is what it does for maps) or JSON patch. Server-side apply is refused with 415.
 */
export function applyPatch(current: KubeObject, contentType: string, body: unknown): KubeObject {
  const type = contentType.split(';')[0]?.trim();
  if (type === 'application/merge-patch+json' || type === 'application/strategic-merge-patch+json')
    return mergePatch(current, body) as KubeObject;
  if (type === 'application/json-patch+json') {
    if (!Array.isArray(body)) throw badRequest('a JSON patch is an array of operations');
    try {
      return fastJsonPatch.applyPatch(structuredClone(current), body as Operation[], true)
        .newDocument;
    } catch (error) {
      throw new KubeStatusError(422, 'Invalid', `the patch does not apply: ${String(error)}`);
    }
  }
  throw new KubeStatusError(
    415,
    'UnsupportedMediaType',
    `the fake does not apply ${type ?? 'this'} patches`,
  );
}

/** A Kubernetes `Status` object for a refusal. */
export function statusBody(error: KubeStatusError): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: error.message,
    reason: error.reason,
    details: error.details,
    code: error.code,
  };
}
