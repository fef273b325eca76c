import { CelScalar, celFunc, celMethod } from '@bufbuild/cel';
import type { CelFunc, CelValue } from '@bufbuild/cel';
import { OPAQUE, makeOpaque, readOpaque } from './opaque.js';
import type { Quantity } from './quantity.js';
import {
  addQuantities,
  compareQuantities,
  isIntegerQuantity,
  parseQuantity,
  quantityAsFloat,
  quantityAsInteger,
  quantityOfInteger,
} from './quantity.js';

const TYPE = 'kubernetes.Quantity';

function toQuantity(value: CelValue): Quantity {
  const text = readOpaque(value, TYPE);
  const parsed = parseQuantity(text);
  if (!parsed) throw new Error(`invalid quantity ${JSON.stringify(text)}`);
  return parsed;
}

function quantity(text: string): { [key: string]: string } {
  if (!parseQuantity(text)) throw new Error(`invalid quantity ${JSON.stringify(text)}`);
  return makeOpaque(TYPE, text);
}

function wrap(q: Quantity): { [key: string]: string } {
  return makeOpaque(TYPE, q.text);
}

const { BOOL, DOUBLE, INT, STRING } = CelScalar;

/** Kubernetes' quantity library: `quantity('1Gi').isGreaterThan(quantity('512Mi'))` and friends. */
export const quantityFunctions: readonly CelFunc[] = [
  celFunc('quantity', [STRING], OPAQUE, quantity),
  celFunc('isQuantity', [STRING], BOOL, (text) => parseQuantity(text) !== undefined),
  celMethod('isGreaterThan', OPAQUE, [OPAQUE], BOOL, function (other) {
    return compareQuantities(toQuantity(this), toQuantity(other)) > 0;
  }),
  celMethod('isLessThan', OPAQUE, [OPAQUE], BOOL, function (other) {
    return compareQuantities(toQuantity(this), toQuantity(other)) < 0;
  }),
  celMethod('compareTo', OPAQUE, [OPAQUE], INT, function (other) {
    return BigInt(compareQuantities(toQuantity(this), toQuantity(other)));
  }),
  celMethod('add', OPAQUE, [OPAQUE], OPAQUE, function (other) {
    return wrap(addQuantities(toQuantity(this), toQuantity(other)));
  }),
  celMethod('add', OPAQUE, [INT], OPAQUE, function (other) {
    return wrap(addQuantities(toQuantity(this), quantityOfInteger(other)));
  }),
  celMethod('sub', OPAQUE, [OPAQUE], OPAQUE, function (other) {
    return wrap(addQuantities(toQuantity(this), toQuantity(other), true));
  }),
  celMethod('sub', OPAQUE, [INT], OPAQUE, function (other) {
    return wrap(addQuantities(toQuantity(this), quantityOfInteger(other), true));
  }),
  celMethod('isInteger', OPAQUE, [], BOOL, function () {
    return isIntegerQuantity(toQuantity(this));
  }),
  celMethod('asInteger', OPAQUE, [], INT, function () {
    const value = quantityAsInteger(toQuantity(this));
    if (value === undefined) throw new Error('cannot convert value to integer');
    return value;
  }),
  celMethod('asApproximateFloat', OPAQUE, [], DOUBLE, function () {
    return quantityAsFloat(toQuantity(this));
  }),
  celMethod('sign', OPAQUE, [], INT, function () {
    const { num } = toQuantity(this);
    return num > 0n ? 1n : num < 0n ? -1n : 0n;
  }),
];
