/** Serialises a JSON value with object keys sorted at every level, so equal values print alike. */
export function stringifyCanonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  // The default sort compares UTF-16 code units, as `<` does.
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(object).sort()) {
    const inner = sortKeys(object[key]);
    // Assigning `__proto__` would set the prototype; a JSON key of that name is data.
    if (key === '__proto__') Object.defineProperty(sorted, key, { value: inner, enumerable: true });
    else sorted[key] = inner;
  }
  return sorted;
}
