import type { Operation } from 'fast-json-patch';

/**
 * The RFC 6902 JSON Patch that turns `original` into `mutated`: the same operations, in the same
 * order, as fast-json-patch's `compare`, without its deep copy of every added or replaced value
 * (a `JSON.stringify`/`JSON.parse` round trip per value, the largest cost of an injection review).
 *
 * The operations therefore share their values with `mutated`: treat both as read-only once diffed.
 * Subtrees the mutation left as they were (the same object in both) are skipped without a walk.
 * Values are JSON data (admission objects always are); `undefined` members of an object count as
 * absent and `undefined` array items as `null`, as they serialise.
 */
export function diffJson(original: object, mutated: object): Operation[] {
  const operations: Operation[] = [];
  diffObjects(original as JsonContainer, mutated as JsonContainer, '', operations);
  return operations;
}

type JsonContainer = Record<string, unknown> | unknown[];

/** Escapes one JSON Pointer reference token (RFC 6901): `~` as `~0`, `/` as `~1`. */
function escapeToken(token: string): string {
  if (!token.includes('/') && !token.includes('~')) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The JSON Pointer of a member (an object key or an array index) of the value at `path`. */
function memberPath(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}/${key}` : `${path}/${escapeToken(key)}`;
}

function isContainer(value: unknown): value is JsonContainer {
  return typeof value === 'object' && value !== null;
}

/** An operation's value as it would serialise: a top-level `undefined` becomes `null`. */
function valueOf(value: unknown): unknown {
  return value === undefined ? null : value;
}

const hasOwn = (object: object, key: string): boolean => Object.hasOwn(object, key);

/**
 * Both sides walk old members from last to first (replacements and removals, so that array
 * removals keep later indices valid), then new members in order (additions): the order
 * fast-json-patch produces. Arrays are walked by index: JSON arrays have no holes.
 */
function diffObjects(
  before: JsonContainer,
  after: JsonContainer,
  path: string,
  out: Operation[],
): void {
  if (before === after) return;
  const beforeIsArray = Array.isArray(before);
  if (beforeIsArray !== Array.isArray(after)) diffMixedKinds(before, after, path, out);
  else if (beforeIsArray) diffArrays(before, after as unknown[], path, out);
  else diffRecords(before, after as Record<string, unknown>, path, out);
}

/** Diffs a member present on both sides; its path is built only when something changed. */
function diffMember(
  oldValue: unknown,
  newValue: unknown,
  path: string,
  key: string | number,
  out: Operation[],
): void {
  if (oldValue === newValue) return;
  if (
    isContainer(oldValue) &&
    isContainer(newValue) &&
    Array.isArray(oldValue) === Array.isArray(newValue)
  ) {
    diffObjects(oldValue, newValue, memberPath(path, key), out);
  } else {
    out.push({ op: 'replace', path: memberPath(path, key), value: valueOf(newValue) });
  }
}

function diffArrays(before: unknown[], after: unknown[], path: string, out: Operation[]): void {
  for (let index = before.length - 1; index >= 0; index--) {
    if (index < after.length) diffMember(before[index], after[index], path, index, out);
    else out.push({ op: 'remove', path: memberPath(path, index) });
  }
  for (let index = before.length; index < after.length; index++) {
    if (after[index] !== undefined) {
      out.push({ op: 'add', path: memberPath(path, index), value: after[index] });
    }
  }
}

function diffRecords(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  path: string,
  out: Operation[],
): void {
  const oldKeys = Object.keys(before);
  let removed = false;
  for (let index = oldKeys.length - 1; index >= 0; index--) {
    const key = oldKeys[index]!;
    const oldValue = before[key];
    // A member set to undefined counts as removed, as it serialises.
    if (hasOwn(after, key) && !(after[key] === undefined && oldValue !== undefined)) {
      diffMember(oldValue, after[key], path, key, out);
    } else {
      out.push({ op: 'remove', path: memberPath(path, key) });
      removed = true;
    }
  }
  const newKeys = Object.keys(after);
  if (!removed && newKeys.length === oldKeys.length) return;
  addNewMembers(before, after, newKeys, path, out);
}

function addNewMembers(
  before: JsonContainer,
  after: JsonContainer,
  newKeys: readonly string[],
  path: string,
  out: Operation[],
): void {
  const values = after as Record<string, unknown>;
  for (const key of newKeys) {
    if (!hasOwn(before, key) && values[key] !== undefined) {
      out.push({ op: 'add', path: memberPath(path, key), value: values[key] });
    }
  }
}

/** A root array diffed against a root object (or the reverse): what fast-json-patch does. */
function diffMixedKinds(
  before: JsonContainer,
  after: JsonContainer,
  path: string,
  out: Operation[],
): void {
  const oldKeys = Object.keys(before);
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const afterIsArray = Array.isArray(after);
  for (let index = oldKeys.length - 1; index >= 0; index--) {
    const key = oldKeys[index]!;
    if (hasOwn(after, key) && !(a[key] === undefined && b[key] !== undefined && !afterIsArray)) {
      diffMember(b[key], a[key], path, key, out);
    } else {
      out.push({ op: 'replace', path, value: after });
    }
  }
  const newKeys = Object.keys(after);
  if (newKeys.length !== oldKeys.length) addNewMembers(before, after, newKeys, path, out);
}
