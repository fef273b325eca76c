import { describe, expect, it } from 'vitest';
import { goQuote, joinQuote, pluralize, sortedList } from './format.js';

describe('goQuote', () => {
  it.each([
    ['plain', '"plain"'],
    ['', '""'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['tab\there\nnl', '"tab\\there\\nnl"'],
    ['\u0001\u007f', '"\\x01\\x7f"'],
    ['\u0085', '"\\u0085"'],
    ['héllo ✓', '"héllo ✓"'],
  ])('quotes %j as Go %%q does', (raw, quoted) => {
    expect(goQuote(raw)).toBe(quoted);
  });
});

describe('upstream helpers', () => {
  it('joinQuote quotes without escaping', () => {
    expect(joinQuote([])).toBe('');
    expect(joinQuote(['a', 'b'])).toBe('"a", "b"');
  });
  it('pluralize picks by count', () => {
    expect(pluralize('volume', 'volumes', 1)).toBe('volume');
    expect(pluralize('volume', 'volumes', 0)).toBe('volumes');
  });
  it('sortedList de-duplicates and sorts byte-wise', () => {
    expect(sortedList(['b', 'a', 'B', 'b'])).toEqual(['B', 'a', 'b']);
  });
});
