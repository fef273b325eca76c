import { CelScalar, isCelMap, mapType } from '@bufbuild/cel';
import type { CelValue } from '@bufbuild/cel';

/**
 * Kubernetes' CEL libraries return opaque values (Quantity, URL) that the evaluator has no type
 * for without a protobuf registry. gangway represents them as maps tagged with a type key that
 * no Kubernetes object can carry (`@type` is not a valid field name in any API), and the library
 * methods refuse untagged maps, so user data can never be mistaken for one.
 */
export const OPAQUE_TYPE_KEY = '@type';

/** The CEL type of an opaque value: a map, as far as overload resolution is concerned. */
export const OPAQUE = mapType(CelScalar.DYN, CelScalar.DYN);

/** Builds an opaque value of `typeName` around `value`. */
export function makeOpaque(typeName: string, value: string): { [key: string]: string } {
  return { [OPAQUE_TYPE_KEY]: typeName, value };
}

/** The payload of an opaque value of `typeName`; throws (a CEL error) for anything else. */
export function readOpaque(value: CelValue, typeName: string): string {
  if (isCelMap(value) && value.get(OPAQUE_TYPE_KEY) === typeName) {
    const payload = value.get('value');
    if (typeof payload === 'string') return payload;
  }
  throw new Error(`no such overload: expected a ${typeName}`);
}
