import type { Json, JsonObject } from '../cel/values.js';
import { isJsonObject } from '../cel/values.js';

/** How a finding or a result names the Kubernetes object it is about. */
export interface ObjectReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly uid?: string;
}

/** The API group of an apiVersion: `apps/v1` -> `apps`, `v1` -> `` (core). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The version of an apiVersion: `apps/v1` -> `v1`. */
export function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.indexOf('/') + 1);
}

/** A string field of an object, or `` when absent. */
export function stringAt(object: JsonObject | undefined, ...path: string[]): string {
  const value = valueAt(object, ...path);
  return typeof value === 'string' ? value : '';
}

/** The value at a path of keys, or undefined when any step is missing. */
export function valueAt(object: Json | undefined, ...path: string[]): Json | undefined {
  let node: Json | undefined = object;
  for (const key of path) {
    if (!isJsonObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** The object at a path, or undefined when it is absent or not an object. */
export function objectAt(object: Json | undefined, ...path: string[]): JsonObject | undefined {
  const value = valueAt(object, ...path);
  return isJsonObject(value) ? value : undefined;
}

/** The list at a path, or an empty list. */
export function listAt(object: Json | undefined, ...path: string[]): readonly Json[] {
  const value = valueAt(object, ...path);
  return Array.isArray(value) ? value : [];
}

/** The objects of the list at a path (non-objects dropped). */
export function objectsAt(object: Json | undefined, ...path: string[]): readonly JsonObject[] {
  return listAt(object, ...path).filter(isJsonObject);
}

/** A string map (labels, annotations, selectors) at a path, non-string values dropped. */
export function stringMapAt(object: Json | undefined, ...path: string[]): Record<string, string> {
  const value = objectAt(object, ...path);
  const out: Record<string, string> = {};
  if (!value) return out;
  for (const [key, item] of Object.entries(value)) if (typeof item === 'string') out[key] = item;
  return out;
}

/** metadata.name. */
export function nameOf(object: JsonObject): string {
  return stringAt(object, 'metadata', 'name');
}

/** metadata.namespace, or `` for cluster-scoped objects. */
export function namespaceOf(object: JsonObject): string {
  return stringAt(object, 'metadata', 'namespace');
}

/** metadata.labels. */
export function labelsOf(object: JsonObject): Record<string, string> {
  return stringMapAt(object, 'metadata', 'labels');
}

/** metadata.annotations. */
export function annotationsOf(object: JsonObject): Record<string, string> {
  return stringMapAt(object, 'metadata', 'annotations');
}

/** The reference of an object, for results and findings. */
export function referenceOf(object: JsonObject): ObjectReference {
  const namespace = namespaceOf(object);
  const uid = stringAt(object, 'metadata', 'uid');
  return {
    apiVersion: stringAt(object, 'apiVersion'),
    kind: stringAt(object, 'kind'),
    name: nameOf(object),
    ...(namespace ? { namespace } : {}),
    ...(uid ? { uid } : {}),
  };
}

/** A stable identity `group/Kind/namespace/name`, for de-duplication and overlays. */
export function identityOf(object: JsonObject): string {
  const group = groupOf(stringAt(object, 'apiVersion'));
  return `${group}/${stringAt(object, 'kind')}/${namespaceOf(object)}/${nameOf(object)}`;
}

/** `Kind namespace/name` (or `Kind name`), for messages. */
export function describeReference(ref: ObjectReference): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}
