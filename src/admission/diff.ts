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

function keysOf(value: JsonContainer): string[] {
  if (!Array.isArray(value)) return Object.keys(value);
  const keys = new Array<string>(value.length);
  for (let index = 0; index < value.length; index++) keys[index] = String(index);
  return keys;
}

/** Escapes one JSON Pointer reference token (RFC 6901): `~` as `~0`, `/` as `~1`. */
function escapeToken(token: string): string {
  if (!token.includes('/') && !token.includes('~')) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
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
 * Walks old keys from last to first (replacements and removals, so that array removals keep later
 * indices valid), then new keys in order (additions): the order fast-json-patch produces.
 */
function diffObjects(
  before: JsonContainer,
  after: JsonContainer,
  path: string,
  out: Operation[],
): void {
  if (before === after) return;
  const oldKeys = keysOf(before);
  const newKeys = keysOf(after);
  const afterIsArray = Array.isArray(after);
  let removed = false;
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  for (let index = oldKeys.length - 1; index >= 0; index--) {
    const key = oldKeys[index]!;
    const oldValue = b[key];
    const member = `${path}/${escapeToken(key)}`;
    if (hasOwn(after, key) && !(a[key] === undefined && oldValue !== undefined && !afterIsArray)) {
      const newValue = a[key];
      if (
        isContainer(oldValue) &&
        isContainer(newValue) &&
        Array.isArray(oldValue) === Array.isArray(newValue)
      ) {
        diffObjects(oldValue, newValue, member, out);
      } else if (oldValue !== newValue) {
        out.push({ op: 'replace', path: member, value: valueOf(newValue) });
      }
    } else if (Array.isArray(before) === afterIsArray) {
      out.push({ op: 'remove', path: member });
      removed = true;
    } else {
      out.push({ op: 'replace', path, value: after });
    }
  }
  if (!removed && newKeys.length === oldKeys.length) return;
  for (const key of newKeys) {
    if (!hasOwn(before, key) && a[key] !== undefined) {
      out.push({ op: 'add', path: `${path}/${escapeToken(key)}`, value: a[key] });
    }
  }
}
