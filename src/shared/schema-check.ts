import type { z } from 'zod';

/** Whether a value certainly passes a schema; false means "not sure": ask zod. */
type Check = (value: unknown) => boolean;

interface CheckDef {
  readonly check?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly value?: number;
  readonly inclusive?: boolean;
}

interface SchemaDef {
  readonly type: string;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly catchall?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly keyType?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly values?: readonly unknown[];
}

const defOf = (schema: z.ZodType): SchemaDef => schema._zod.def;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One length or number bound zod would apply; undefined for a check this module does not know. */
function compileBound(def: CheckDef): ((value: number) => boolean) | undefined {
  const { check, inclusive } = def;
  if (check === 'min_length') return (n) => n >= (def.minimum ?? 0);
  if (check === 'max_length') return (n) => n <= (def.maximum ?? Number.POSITIVE_INFINITY);
  if (check === 'number_format' && def.format === 'safeint') return Number.isSafeInteger;
  const bound = def.value;
  if (bound === undefined) return undefined;
  if (check === 'greater_than') return inclusive ? (n) => n >= bound : (n) => n > bound;
  if (check === 'less_than') return inclusive ? (n) => n <= bound : (n) => n < bound;
  return undefined;
}

/** The schema's checks on a length or number, all of which must hold; undefined if any is unknown. */
function compileBounds(def: SchemaDef): ((value: number) => boolean) | undefined {
  const bounds: ((value: number) => boolean)[] = [];
  for (const check of def.checks ?? []) {
    const bound = compileBound(check._zod.def);
    if (!bound) return undefined;
    bounds.push(bound);
  }
  return (value) => bounds.every((bound) => bound(value));
}

function compileObject(def: SchemaDef): Check | undefined {
  const catchall = def.catchall ? defOf(def.catchall).type : 'unknown';
  if (catchall !== 'unknown' || !def.shape) return undefined;
  const members: [string, Check, boolean][] = [];
  for (const [key, member] of Object.entries(def.shape)) {
    const check = compile(member);
    if (!check) return undefined;
    members.push([key, check, defOf(member).type === 'optional']);
  }
  return (value) => {
    if (!isPlainObject(value)) return false;
    for (const [key, check, optional] of members) {
      const item = value[key];
      if (item === undefined ? !optional : !check(item)) return false;
    }
    return true;
  };
}

function compileContainer(def: SchemaDef): Check | undefined {
  if (def.type === 'object') return compileObject(def);
  if (def.type === 'array') {
    const element = def.element && compile(def.element);
    const length = compileBounds(def);
    if (!element || !length) return undefined;
    return (value) => Array.isArray(value) && length(value.length) && value.every(element);
  }
  if (def.type === 'record') {
    const key = def.keyType && defOf(def.keyType);
    const item = def.valueType && compile(def.valueType);
    if (key?.type !== 'string' || (key.checks ?? []).length > 0 || !item) return undefined;
    return (value) => isPlainObject(value) && Object.values(value).every(item);
  }
  return undefined;
}

function compileScalar(def: SchemaDef): Check | undefined {
  const bounds = compileBounds(def);
  if (!bounds) return undefined;
  switch (def.type) {
    case 'string':
      return (value) => typeof value === 'string' && bounds(value.length);
    case 'number':
      return (value) => typeof value === 'number' && Number.isFinite(value) && bounds(value);
    case 'boolean':
      return (value) => typeof value === 'boolean';
    case 'unknown':
      return () => true;
    case 'literal': {
      const values = def.values ?? [];
      return (value) => values.includes(value);
    }
    default:
      return undefined;
  }
}

function compileWrapper(def: SchemaDef): Check | undefined {
  const inner = def.innerType && compile(def.innerType);
  if (!inner) return undefined;
  if (def.type === 'optional') return (value) => value === undefined || inner(value);
  if (def.type === 'nullable') return (value) => value === null || inner(value);
  return undefined;
}

const compiled = new WeakMap<z.ZodType, Check | null>();

/**
 * Compiles a schema into a check that allocates nothing. Only the plain shapes gangway's
 * Kubernetes schemas use are understood (objects with an `unknown` catchall, arrays, records,
 * strings, numbers, booleans, literals, optional, nullable, unions, length and number bounds);
 * anything else (a refinement, a transform, a default) compiles to undefined.
 */
function compile(schema: z.ZodType): Check | undefined {
  const known = compiled.get(schema);
  if (known !== undefined) return known ?? undefined;
  const def = defOf(schema);
  let check: Check | undefined;
  // Refinements live in `checks` whatever the type; only bounds on lengths and numbers are known.
  const bounded = def.type === 'string' || def.type === 'number' || def.type === 'array';
  if (!bounded && (def.checks ?? []).length > 0) check = undefined;
  else if (def.type === 'optional' || def.type === 'nullable') check = compileWrapper(def);
  else if (def.type === 'union') {
    const options = (def.options ?? []).map(compile);
    if (options.every((option): option is Check => option !== undefined)) {
      check = (value) => options.some((option) => option(value));
    }
  } else check = compileContainer(def) ?? compileScalar(def);
  compiled.set(schema, check ?? null);
  return check;
}

/**
 * Whether `value` certainly passes `schema`, answered without zod's copy of the whole value: the
 * hot path of a webhook decoding a pod it will not keep zod's output of. False means "not
 * certain", never "invalid": the caller then runs zod itself, for the verdict and its message.
 * Schemas this module does not understand always answer false.
 */
export function certainlyPasses(schema: z.ZodType, value: unknown): boolean {
  const check = compile(schema);
  return check !== undefined && check(value);
}
