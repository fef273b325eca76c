import { z } from 'zod';
import { ONEOF_META } from './schemas/common.js';

type Schema = Record<string, unknown>;

// zod's `int()` emits JavaScript's safe-integer range; Kubernetes needs no bound there.
const SAFE_MAX = Number.MAX_SAFE_INTEGER;
const PRESERVE = 'x-kubernetes-preserve-unknown-fields';

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Istio's CRD pattern for a proto one-of: none of the fields, or exactly one of them. */
function oneOfRule(group: readonly string[]): Schema {
  const each = group.map((key) => ({ required: [key] }));
  return { oneOf: [{ not: { anyOf: each } }, ...each] };
}

function applyOneOfs(out: Schema, groups: unknown): void {
  if (!Array.isArray(groups) || groups.length === 0) return;
  const rules = (groups as string[][]).map(oneOfRule);
  if (rules.length === 1) Object.assign(out, rules[0]);
  else out.allOf = rules;
}

function cleanNumber(out: Schema): void {
  if (out.minimum === -SAFE_MAX) delete out.minimum;
  if (out.maximum === SAFE_MAX) delete out.maximum;
}

function structuralNode(node: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema' || key === 'propertyNames' || key === ONEOF_META) continue;
    if (key === 'additionalProperties' && value === false) continue;
    if (key === 'properties' && isSchema(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, isSchema(v) ? structuralNode(v) : v]),
      );
    } else if ((key === 'items' || key === 'additionalProperties') && isSchema(value))
      out[key] = structuralNode(value);
    else out[key] = value;
  }
  applyOneOfs(out, node[ONEOF_META]);
  if (out.type === 'integer' || out.type === 'number') cleanNumber(out);
  if (out[PRESERVE] === true) {
    // Free-form JSON (google.protobuf.Struct): the API server keeps whatever is there.
    delete out.additionalProperties;
    if (out.type === undefined && Object.keys(out).length === 1) return out;
    out.type = 'object';
  } else if (out.type === undefined && out.properties === undefined && out.oneOf === undefined) {
    out[PRESERVE] = true;
  }
  return out;
}

/**
 * Converts a zod spec schema to a structural OpenAPI v3 schema as apiextensions.k8s.io/v1 demands:
 * a type on every node, no `additionalProperties: false`, no JSON-Schema-only keywords, one-ofs as
 * `oneOf` of `required` constraints only (Istio's own pattern), free-form objects preserved.
 */
export function toStructuralSchema(schema: z.ZodType): Schema {
  const raw = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
  }) as Schema;
  return structuralNode(raw);
}

/** Lists where a schema is not structural (a node without a type); empty when it is. */
export function findNonStructural(schema: Schema, path = ''): string[] {
  const problems: string[] = [];
  const typed =
    schema.type !== undefined ||
    schema[PRESERVE] === true ||
    schema['x-kubernetes-int-or-string'] === true;
  if (!typed) problems.push(path || '(root)');
  for (const [key, value] of Object.entries(isSchema(schema.properties) ? schema.properties : {})) {
    if (isSchema(value)) problems.push(...findNonStructural(value, `${path}.${key}`));
  }
  for (const key of ['items', 'additionalProperties'] as const) {
    const child = schema[key];
    if (isSchema(child)) problems.push(...findNonStructural(child, `${path}[${key}]`));
  }
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    const list = schema[key];
    if (
      Array.isArray(list) &&
      list.some((b) => isSchema(b) && (b.type !== undefined || b.properties !== undefined))
    ) {
      problems.push(`${path}.${key} (branches may only constrain values)`);
    }
  }
  return problems;
}
