import type { Container } from '../kube/types.js';

/** Lists merged by `name` rather than replaced: the user adds or overrides single entries. */
const MERGED_BY_NAME: readonly string[] = ['env', 'volumeMounts'];

/** Fields the injector owns: where the container goes decides them, not the user. */
const PLACEMENT_FIELDS: readonly string[] = ['name', 'restartPolicy'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasName(value: unknown): value is { name: string } {
  return isPlainObject(value) && typeof value['name'] === 'string';
}

function mergeByName(base: readonly unknown[], over: readonly unknown[]): unknown[] {
  const overByName = new Map(over.filter(hasName).map((item) => [item.name, item]));
  const merged = base.map((item) =>
    hasName(item) && overByName.has(item.name) ? overByName.get(item.name) : item,
  );
  const baseNames = new Set(base.filter(hasName).map((item) => item.name));
  const added = over.filter((item) => !hasName(item) || !baseNames.has(item.name));
  return structuredClone([...merged, ...added]);
}

function mergeValue(key: string, base: unknown, over: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(over)) return mergeObjects(base, over);
  if (Array.isArray(base) && Array.isArray(over) && MERGED_BY_NAME.includes(key)) {
    return mergeByName(base, over);
  }
  return structuredClone(over);
}

function mergeObjects(
  base: Readonly<Record<string, unknown>>,
  over: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const result: Record<string, unknown> = structuredClone({ ...base });
  for (const [key, value] of Object.entries(over)) {
    result[key] = key in base ? mergeValue(key, base[key], value) : structuredClone(value);
  }
  return result;
}

/**
 * Merges a user's own `gangway-proxy` (or `gangway-init`) container over the injected template:
 * objects deeply (resources, securityContext), `env` and `volumeMounts` by name, anything else
 * replaced (image, args). The name and restartPolicy stay the injector's.
 */
export function mergeContainerOverride(template: Container, override: Container): Container {
  const fields = Object.fromEntries(
    Object.entries(override).filter(([key]) => !PLACEMENT_FIELDS.includes(key)),
  );
  return mergeObjects(template, fields) as Container;
}
