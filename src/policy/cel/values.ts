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
 * The fields of a JSON object as a CEL map's entries, each converted on first read and kept: an
 * expression reads a few paths of an object, so converting all of it up front (per request) was
 * mostly wasted. Iteration follows the object's key order, as the eager conversion did.
 */
class LazyJsonFields implements ReadonlyMap<string, CelInput> {
  private readonly fields = new Map<string, CelInput>();
  private count: number | undefined;

  constructor(private readonly json: Readonly<Record<string, unknown>>) {}

  get size(): number {
    this.count ??= Object.keys(this.json).filter((key) => this.json[key] !== undefined).length;
    return this.count;
  }

  get(key: string): CelInput | undefined {
    const known = this.fields.get(key);
    if (known !== undefined || typeof key !== 'string' || !Object.hasOwn(this.json, key)) {
      return known;
    }
    const item = this.json[key];
    if (item === undefined) return undefined;
    const value = toCelInput(item);
    this.fields.set(key, value);
    return value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  *entries(): MapIterator<[string, CelInput]> {
    for (const key of Object.keys(this.json)) {
      const value = this.get(key);
      if (value !== undefined) yield [key, value];
    }
  }

  *keys(): MapIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<CelInput> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(
    callback: (value: CelInput, key: string, map: ReadonlyMap<string, CelInput>) => void,
    thisArg?: unknown,
  ): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  [Symbol.iterator](): MapIterator<[string, CelInput]> {
    return this.entries();
  }
}

/**
 * Converts decoded JSON into CEL values the way Kubernetes does: integral numbers become CEL
 * `int` (bigint), other numbers `double`. Objects become CEL maps whose fields convert on first
 * read (and are kept: the evaluator would otherwise wrap a plain object again on every access);
 * arrays become CEL lists.
 */
export function toCelInput(value: unknown): CelInput {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'bigint') return value;
  if (Array.isArray(value)) return celList(value.map(toCelInput));
  if (typeof value === 'object') {
    return celMap(new LazyJsonFields(value as Readonly<Record<string, unknown>>));
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
