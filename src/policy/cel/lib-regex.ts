import { CelScalar, celMethod, listType } from '@bufbuild/cel';
import type { CelFunc } from '@bufbuild/cel';
import { RE2JS } from 're2js';

// Policies use a handful of fixed patterns; the cap only guards against patterns built from data.
const CACHE_LIMIT = 256;
const cache = new Map<string, RE2JS>();

function compile(pattern: string): RE2JS {
  let compiled = cache.get(pattern);
  if (!compiled) {
    compiled = RE2JS.compile(pattern);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, compiled);
  }
  return compiled;
}

function findAll(text: string, pattern: string, limit: bigint): string[] {
  const matcher = compile(pattern).matcher(text);
  const out: string[] = [];
  while ((limit < 0n || BigInt(out.length) < limit) && matcher.find())
    out.push(matcher.group() ?? '');
  return out;
}

const { INT, STRING } = CelScalar;

/** Kubernetes' regex library: `'abc'.find('[bc]')`, `'a1b2'.findAll('[0-9]')` (RE2 syntax). */
export const regexFunctions: readonly CelFunc[] = [
  celMethod('find', STRING, [STRING], STRING, function (pattern) {
    const matcher = compile(pattern).matcher(this);
    return matcher.find() ? (matcher.group() ?? '') : '';
  }),
  celMethod('findAll', STRING, [STRING], listType(STRING), function (pattern) {
    return findAll(this, pattern, -1n);
  }),
  celMethod('findAll', STRING, [STRING, INT], listType(STRING), function (pattern, limit) {
    return findAll(this, pattern, limit);
  }),
];
