import type { z } from 'zod';
import type { FindingCode } from './codes/index.js';
import { isFindingCode } from './codes/index.js';
import type { PathSegment, Reporter } from './findings.js';
import { renderPath, show } from './findings.js';

/** The result of parsing a spec: a typed value when repair succeeded, and the paths repaired. */
export interface ParsedSpec {
  readonly value: unknown;
  readonly ok: boolean;
  /** Rendered paths whose values were dropped or replaced; semantic findings below them are noise. */
  readonly repaired: readonly string[];
}

// Each round removes what failed; refinements (one-ofs) only run once the types are right, so a
// few rounds are needed at most. The cap makes a pathological input terminate.
const MAX_ROUNDS = 10;

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number' && !Number.isInteger(value)) return `the number ${value}`;
  return `${typeof value} ${show(value)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function placeholder(expected: string | undefined): unknown {
  if (expected === 'object' || expected === 'record') return {};
  if (expected === 'string') return '';
  if (expected === 'number' || expected === 'int') return 0;
  if (expected === 'boolean') return false;
  return expected === 'array' ? [] : undefined;
}

/** Drops (or, inside a list, replaces with an empty value) the value at a path; false if impossible. */
function repairAt(root: unknown, path: readonly PropertyKey[], expected?: string): boolean {
  const parent = valueAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (key === undefined || typeof parent !== 'object' || parent === null) return false;
  if (Array.isArray(parent)) {
    const value = placeholder(expected);
    if (value === undefined || typeof key !== 'number') return false;
    parent[key] = value;
    return true;
  }
  if (!Object.hasOwn(parent, key)) return false;
  delete (parent as Record<PropertyKey, unknown>)[key];
  return true;
}

interface Converted {
  readonly code: FindingCode;
  readonly message: string;
}

function convertRange(issue: z.core.$ZodIssue, got: unknown): Converted {
  const bound =
    issue.code === 'too_small'
      ? `>= ${String(issue.minimum)}`
      : issue.code === 'too_big'
        ? `<= ${String(issue.maximum)}`
        : 'in range';
  return { code: 'GW-SCHEMA-RANGE', message: `must be ${bound} (got ${show(got)})` };
}

function convertCustom(issue: z.core.$ZodIssue): Converted {
  const gw: unknown = issue.code === 'custom' ? issue.params?.gw : undefined;
  const code = typeof gw === 'string' && isFindingCode(gw) ? gw : 'GW-SCHEMA-INVALID';
  return { code, message: issue.message };
}

function convertIssue(issue: z.core.$ZodIssue, root: unknown): Converted {
  const got = valueAt(root, issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      return { code: 'GW-SCHEMA-TYPE', message: `must be ${expected} (got ${describeValue(got)})` };
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v)).join(', ');
      return { code: 'GW-SCHEMA-ENUM', message: `must be one of ${values} (got ${show(got)})` };
    }
    case 'too_small':
    case 'too_big':
      return convertRange(issue, got);
    case 'invalid_union':
      return {
        code: 'GW-SCHEMA-TYPE',
        message: `has an unexpected type (got ${describeValue(got)})`,
      };
    default:
      return convertCustom(issue);
  }
}

function handleIssue(
  issue: z.core.$ZodIssue,
  root: unknown,
  at: Reporter,
  repaired: string[],
): boolean {
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) {
      at.at(...(issue.path as PathSegment[]), key).report(
        'GW-SCHEMA-UNKNOWN-FIELD',
        `unknown field ${show(key)}`,
      );
      repairAt(root, [...issue.path, key]);
    }
    return issue.keys.length > 0;
  }
  const { code, message } = convertIssue(issue, root);
  at.at(...(issue.path as PathSegment[])).report(code, message);
  repaired.push(renderPath([...at.segments, ...(issue.path as PathSegment[])]));
  return repairAt(root, issue.path, issue.code === 'invalid_type' ? issue.expected : undefined);
}

/**
 * Parses `input` with a spec schema and reports every issue at its path: unknown fields as
 * warnings, the rest as errors. Failing values are dropped and the parse retried, so the semantic
 * rules can still run on what is left and all findings come out at once.
 */
export function parseWithRepair(schema: z.ZodType, input: unknown, at: Reporter): ParsedSpec {
  const working: unknown = structuredClone(input);
  const repaired: string[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const result = schema.safeParse(working);
    if (result.success) return { value: result.data, ok: true, repaired };
    let progressed = false;
    for (const issue of result.error.issues)
      progressed = handleIssue(issue, working, at, repaired) || progressed;
    if (!progressed) break;
  }
  return { value: undefined, ok: false, repaired };
}

function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}.`) || path.startsWith(`${ancestor}[`);
}

/**
 * Whether a semantic finding could be an artefact of a repair: it lies at or below a dropped value,
 * or on a structure that contains one (a total weight computed without the dropped weight). Such
 * findings are held back until the type error is fixed; the type error itself is always reported.
 * The spec root is never held back, so whole-object findings still show.
 */
export function isAffectedByRepair(path: string, repaired: readonly string[]): boolean {
  return repaired.some((p) => isWithin(path, p) || (path !== 'spec' && isWithin(p, path)));
}
