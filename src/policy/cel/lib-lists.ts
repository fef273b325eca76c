import { CelScalar, celMethod, isCelList, isCelMap, isCelUint, listType } from '@bufbuild/cel';
import type { CelFunc, CelList, CelValue } from '@bufbuild/cel';
import { fromCelValue } from './values.js';

type Ordered = bigint | number | string | boolean;

function ordered(value: CelValue): Ordered {
  if (isCelUint(value)) return value.value;
  if (['bigint', 'number', 'string', 'boolean'].includes(typeof value)) return value as Ordered;
  throw new Error(`no such overload: ${typeof value} is not comparable`);
}

/** Orders two comparable CEL values: ints, uints and doubles numerically, strings by code unit. */
function compare(a: CelValue, b: CelValue): number {
  const x = ordered(a);
  const y = ordered(b);
  if (typeof x === 'string' || typeof y === 'string' || typeof x === 'boolean') {
    if (typeof x !== typeof y) throw new Error('no such overload: mixed types');
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

/** CEL equality for list search: numbers across types, containers structurally. */
function equal(a: CelValue, b: CelValue): boolean {
  if (isCelList(a) || isCelMap(a) || isCelList(b) || isCelMap(b)) {
    return JSON.stringify(fromCelValue(a)) === JSON.stringify(fromCelValue(b));
  }
  try {
    return compare(a, b) === 0;
  } catch {
    return false;
  }
}

function extreme(list: CelList, sign: 1 | -1): CelValue {
  let best: CelValue | undefined;
  for (const item of list) if (best === undefined || compare(item, best) * sign > 0) best = item;
  if (best === undefined) throw new Error('min/max called on an empty list');
  return best;
}

function sum(list: CelList): bigint | number {
  let total: bigint | number | undefined;
  for (const item of list) {
    if (typeof item === 'bigint' && (total === undefined || typeof total === 'bigint')) {
      total = (total ?? 0n) + item;
    } else if (typeof item === 'number' && (total === undefined || typeof total === 'number')) {
      total = (total ?? 0) + item;
    } else throw new Error('no such overload: sum() needs a list of ints or of doubles');
  }
  return total ?? 0n;
}

function indexOf(list: CelList, item: CelValue, last: boolean): bigint {
  let found = -1n;
  let index = 0n;
  for (const value of list) {
    if (equal(value, item)) {
      found = index;
      if (!last) break;
    }
    index++;
  }
  return found;
}

function flatten(list: CelList): CelValue[] {
  return [...list].flatMap((item) => (isCelList(item) ? [...item] : [item]));
}

function distinct(list: CelList): CelValue[] {
  const out: CelValue[] = [];
  for (const item of list) if (!out.some((seen) => equal(seen, item))) out.push(item);
  return out;
}

const LIST = listType(CelScalar.DYN);
const { BOOL, DYN, INT } = CelScalar;

/** Kubernetes' list library (isSorted, sum, min, max, indexOf, lastIndexOf) and cel-go's ext.Lists. */
export const listFunctions: readonly CelFunc[] = [
  celMethod('isSorted', LIST, [], BOOL, function () {
    const items = [...this];
    return items.every((item, i) => i === 0 || compare(items[i - 1] as CelValue, item) <= 0);
  }),
  celMethod('sum', LIST, [], DYN, function () {
    return sum(this);
  }),
  celMethod('min', LIST, [], DYN, function () {
    return extreme(this, -1);
  }),
  celMethod('max', LIST, [], DYN, function () {
    return extreme(this, 1);
  }),
  celMethod('indexOf', LIST, [DYN], INT, function (item) {
    return indexOf(this, item, false);
  }),
  celMethod('lastIndexOf', LIST, [DYN], INT, function (item) {
    return indexOf(this, item, true);
  }),
  celMethod('slice', LIST, [INT, INT], LIST, function (start, end) {
    if (start < 0n || end < start || end > BigInt(this.size)) throw new Error('invalid slice');
    return [...this].slice(Number(start), Number(end));
  }),
  celMethod('flatten', LIST, [], LIST, function () {
    return flatten(this);
  }),
  celMethod('distinct', LIST, [], LIST, function () {
    return distinct(this);
  }),
  celMethod('reverse', LIST, [], LIST, function () {
    return [...this].reverse();
  }),
  celMethod('sort', LIST, [], LIST, function () {
    return [...this].sort(compare);
  }),
];
