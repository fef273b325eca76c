import { describe, expect, it } from 'vitest';
import { stringifyCanonical } from './canonical-json.js';

describe('stringifyCanonical', () => {
  it('sorts keys at every level, inside arrays too, and keeps array order', () => {
    const value = { b: 1, a: { d: [{ z: 1, y: 2 }, 3], c: null } };
    expect(stringifyCanonical(value)).toBe('{"a":{"c":null,"d":[{"y":2,"z":1},3]},"b":1}');
  });

  it('orders by UTF-16 code units: upper case before lower case, then non-ASCII', () => {
    expect(stringifyCanonical({ é: 1, b: 2, B: 3, _: 4 })).toBe('{"B":3,"_":4,"b":2,"é":1}');
  });

  it('prints integer-like keys first, as JSON.stringify orders any object', () => {
    expect(stringifyCanonical({ b: 1, 10: 2, 9: 3, a: 4 })).toBe('{"9":3,"10":2,"a":4,"b":1}');
  });

  it('keeps a key named __proto__ as data and drops undefined members', () => {
    const value = JSON.parse('{"__proto__":{"x":1},"a":1}') as Record<string, unknown>;
    value['u'] = undefined;
    expect(stringifyCanonical(value)).toBe('{"__proto__":{"x":1},"a":1}');
  });

  it('prints equal values alike whatever their key order', () => {
    expect(stringifyCanonical({ x: { p: 1, q: 2 }, y: [1] })).toBe(
      stringifyCanonical({ y: [1], x: { q: 2, p: 1 } }),
    );
  });
});
