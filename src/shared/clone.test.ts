import { describe, expect, it } from 'vitest';
import { cloneJson } from './clone.js';

describe('cloneJson', () => {
  it('copies nested JSON so that changing the copy leaves the original alone', () => {
    const original = { a: [1, { b: 'x' }], c: null, d: { e: true } };
    const copy = cloneJson(original);
    expect(copy).toEqual(original);
    (copy.a[1] as { b: string }).b = 'y';
    copy.d.e = false;
    expect(original).toEqual({ a: [1, { b: 'x' }], c: null, d: { e: true } });
  });

  it('drops undefined properties, as JSON does', () => {
    expect(cloneJson({ a: 1, b: undefined })).toEqual({ a: 1 });
    expect(Object.keys(cloneJson({ a: 1, b: undefined }))).toEqual(['a']);
  });

  it('copies a `__proto__` key of parsed JSON as data, leaving the prototype alone', () => {
    const original = JSON.parse('{"__proto__":"x","a":{"__proto__":{"b":1}}}') as object;
    const copy = cloneJson(original);
    expect(JSON.stringify(copy)).toBe('{"__proto__":"x","a":{"__proto__":{"b":1}}}');
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });
});
