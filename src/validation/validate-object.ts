import { ObjectMetaSchema, describeZodError } from '../kube/types.js';
import type { Finding } from './findings.js';
import { Reporter, show } from './findings.js';
import type { KindContext, MeshKind } from './kind.js';
import { DRY_RUN_ANNOTATION } from './kind.js';
import { findMeshKind } from './registry.js';
import { isAffectedByRepair, parseWithRepair } from './schema-issues.js';

const TOP_LEVEL_KEYS = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// No Istio API nests deeper than about 15 levels; the cap keeps recursion (and cyclic input from a
// YAML alias loop) from exhausting the stack, so validation stays total.
const MAX_DEPTH = 64;

/** Whether a value nests deeper than `max` levels (checked iteratively, so it cannot overflow). */
export function exceedsDepth(value: unknown, max = MAX_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() ?? [undefined, 0];
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Drops object fields whose value is null, as the API server prunes them for CRDs before
 * validation (`labels:` with nothing after it is YAML null). Nulls inside lists stay: they are errors.
 */
export function pruneNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pruneNulls);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, pruneNulls(v)]),
  );
}

/** Splits `group/version` (core objects have no group and are never mesh kinds). */
export function splitApiVersion(
  apiVersion: unknown,
): { group: string; version: string } | undefined {
  if (typeof apiVersion !== 'string') return undefined;
  const slash = apiVersion.indexOf('/');
  if (slash <= 0) return undefined;
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The mesh kind an object claims to be, or undefined when it is not a mesh kind at all. */
export function meshKindOf(object: unknown): { kind: MeshKind; version: string } | undefined {
  if (!isObject(object) || typeof object.kind !== 'string') return undefined;
  const gv = splitApiVersion(object.apiVersion);
  const kind = gv ? findMeshKind(gv.group, object.kind) : undefined;
  return gv && kind ? { kind, version: gv.version } : undefined;
}

function checkTopLevel(object: Json, kind: MeshKind, version: string, root: Reporter): void {
  for (const key of Object.keys(object)) {
    if (!TOP_LEVEL_KEYS.has(key))
      root.at(key).report('GW-MESH-UNKNOWN-FIELD', `unknown top-level field ${show(key)}`);
  }
  if (!kind.versions.includes(version)) {
    root
      .at('apiVersion')
      .report(
        'GW-MESH-VERSION-UNSERVED',
        `${kind.kind} is not served in ${show(version)}; use one of ${kind.versions.map((v) => `${kind.group}/${v}`).join(', ')}`,
      );
  }
}

function readMetadata(
  object: Json,
  root: Reporter,
): Pick<KindContext, 'name' | 'namespace' | 'annotations'> {
  const parsed = ObjectMetaSchema.safeParse(object.metadata ?? {});
  if (!parsed.success) {
    root.at('metadata').report('GW-MESH-METADATA-INVALID', describeZodError(parsed.error));
    return { name: '', namespace: undefined, annotations: {} };
  }
  const { name, generateName, namespace, annotations } = parsed.data;
  if ((name ?? '') === '' && (generateName ?? '') === '') {
    root
      .at('metadata', 'name')
      .report('GW-MESH-NAME-MISSING', 'metadata.name (or generateName) is required');
  }
  return { name: name ?? '', namespace, annotations: annotations ?? {} };
}

function checkCommonAnnotations(kind: MeshKind, context: KindContext): void {
  if (
    kind.kind !== 'AuthorizationPolicy' &&
    Object.hasOwn(context.annotations, DRY_RUN_ANNOTATION)
  ) {
    context.root
      .at('metadata', 'annotations', DRY_RUN_ANNOTATION)
      .report(
        'GW-MESH-DRY-RUN-UNSUPPORTED',
        `${kind.kind} does not support the ${DRY_RUN_ANNOTATION} annotation; remove it`,
      );
  }
}

function validateSpec(object: Json, kind: MeshKind, context: KindContext): void {
  const spec = object.spec ?? {};
  const parsed = parseWithRepair(kind.spec, spec, context.spec);
  if (!parsed.ok) return;
  const semantic: Finding[] = [];
  kind.validate(parsed.value, {
    ...context,
    spec: new Reporter(semantic, ['spec']),
    root: new Reporter(semantic),
  });
  for (const f of semantic) if (!isAffectedByRepair(f.path, parsed.repaired)) context.root.add(f);
}

/**
 * Validates one mesh object (VirtualService, DestinationRule, ... WasmPlugin) against the Istio API
 * and the webhook's semantic rules. Returns every finding at once, or undefined when the object is
 * not a mesh kind. Pure: no I/O, never throws for any input.
 */
export function validateMeshObject(input: unknown): Finding[] | undefined {
  const claimed = meshKindOf(input);
  if (!claimed || !isObject(input)) return undefined;
  const { kind, version } = claimed;
  const root = new Reporter();
  if (exceedsDepth(input)) {
    root.report('GW-SCHEMA-INVALID', `the object nests deeper than ${MAX_DEPTH} levels`);
    return [...root.findings];
  }
  const object = pruneNulls(input) as Json;
  checkTopLevel(object, kind, version, root);
  const meta = readMetadata(object, root);
  const context: KindContext = { ...meta, version, root, spec: root.at('spec') };
  checkCommonAnnotations(kind, context);
  validateSpec(object, kind, context);
  return [...root.findings];
}
