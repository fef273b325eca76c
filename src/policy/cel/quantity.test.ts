import { describe, expect, it } from 'vitest';
import { addQuantities, compareQuantities, parseQuantity, quantityAsInteger } from './quantity.js';

function q(text: string): NonNullable<ReturnType<typeof parseQuantity>> {
  const parsed = parseQuantity(text);
  if (!parsed) throw new Error(`not a quantity: ${text}`);
  return parsed;
}

describe('quantities', () => {
  it.each([
    ['1Gi', '1073741824'],
    ['1G', '1000000000'],
    ['1.5Ki', '1536'],
    ['250m', '0.25'],
    ['1e3', '1000'],
    ['1E', '1000000000000000000'],
    ['-2k', '-2000'],
    ['.5', '0.5'],
  ])('%s equals %s', (a, b) => {
    expect(compareQuantities(q(a), q(b))).toBe(0);
  });

  it('rejects what is not a quantity', () => {
    for (const text of ['', 'Gi', '1 Gi', '1gi', '1.2.3', '1e999'])
      expect(parseQuantity(text)).toBeUndefined();
  });

  it('adds and subtracts exactly', () => {
    expect(addQuantities(q('100m'), q('0.2')).text).toBe('0.3');
    expect(addQuantities(q('1'), q('1500m'), true).text).toBe('-0.5');
    expect(quantityAsInteger(q('2Ki'))).toBe(2048n);
    expect(quantityAsInteger(q('10E'))).toBeUndefined();
  });
});
