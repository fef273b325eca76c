/** Serialises a JSON value with object keys sorted at every level, so equal values print alike. */
export function stringifyCanonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of sortedKeys(object)) {
    const inner = sortKeys(object[key]);
    // Assigning `__proto__` would set the prototype; a JSON key of that name is data.
    if (key === '__proto__') Object.defineProperty(sorted, key, { value: inner, enumerable: true });
    else sorted[key] = inner;
  }
  return sorted;
}

/**
 * The object's keys in UTF-16 code unit order (the default sort's, and `<`'s). Most objects here
 * list them in order already, and checking costs far less than Array.prototype.sort, which
 * allocates its work space on every call.
 */
function sortedKeys(object: object): string[] {
  const keys = Object.keys(object);
  for (let index = 1; index < keys.length; index++) {
    if (keys[index - 1]! > keys[index]!) return keys.sort();
  }
  return keys;
}
