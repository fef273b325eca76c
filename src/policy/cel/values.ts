import { celList, celMap, isCelList, isCelMap, isCelUint } from '@bufbuild/cel';
import type { CelInput, CelValue } from '@bufbuild/cel';

/** A JSON value as decoded from YAML or an API response. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** Whether a value is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Converts decoded JSON into CEL values the way Kubernetes does: integral numbers become CEL
 * `int` (bigint), other numbers `double`. Objects and arrays become CEL maps and lists up front:
 * the evaluator would otherwise wrap a plain object again on every field access, and an object is
 * converted once but read by every policy.
 */
export function toCelInput(value: unknown): CelInput {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'bigint') return value;
  if (Array.isArray(value)) return celList(value.map(toCelInput));
  if (typeof value === 'object') {
    const entries = new Map<string, CelInput>();
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) entries.set(key, toCelInput(item));
    }
    return celMap(entries);
  }
  return null;
}

/** Converts a CEL result back into JSON: ints to numbers, maps to objects, lists to arrays. */
export function fromCelValue(value: CelValue): Json {
  switch (typeof value) {
    case 'bigint':
      return Number(value);
    case 'string':
    case 'boolean':
    case 'number':
      return value;
    default:
      break;
  }
  if (value === null) return null;
  if (isCelUint(value)) return Number(value.value);
  if (isCelList(value)) return [...value].map(fromCelValue);
  if (isCelMap(value)) {
    const out: JsonObject = {};
    for (const [key, item] of value) out[String(fromCelKey(key))] = fromCelValue(item);
    return out;
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  // Timestamps, durations and types: their string form is what a message wants.
  return (value as { toString(): string }).toString();
}

function fromCelKey(key: unknown): string | number | boolean {
  if (typeof key === 'bigint') return Number(key);
  if (isCelUint(key)) return Number(key.value);
  return typeof key === 'string' || typeof key === 'boolean' ? key : String(key);
}

/** Renders a CEL value for a message: strings as they are, everything else as JSON. */
export function describeCelValue(value: CelValue): string {
  const json = fromCelValue(value);
  return typeof json === 'string' ? json : JSON.stringify(json);
}
