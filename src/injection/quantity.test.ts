import { describe, expect, it } from 'vitest';
import { parseCpuQuantity, parseMemoryQuantity, parseQuantity } from './quantity.js';

describe('parseQuantity', () => {
  it.each([
    ['100m', 0.1],
    ['2', 2],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['128Mi', 128 * 2 ** 20],
    ['1G', 1e9],
    ['1e3', 1000],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['0', 0],
  ])('reads %s', (text, value) => {
    expect(parseQuantity(text)).toEqual({ ok: true, value: { text, value } });
  });

  it.each(['', '-1', '+1', '1 Gi', '1gi', '1.2.3', 'abc', '1MiB', 'Mi', '1e', '100 m'])(
    'refuses %j',
    (text) => {
      expect(parseQuantity(text).ok).toBe(false);
    },
  );
});

describe('CPU and memory quantities', () => {
  it('refuses CPU finer than a millicore', () => {
    expect(parseCpuQuantity('100u')).toMatchObject({
      ok: false,
      error: '"100u" is finer than a millicore (1m)',
    });
    expect(parseCpuQuantity('1.5m').ok).toBe(false);
    expect(parseCpuQuantity('250m').ok).toBe(true);
  });

  it('refuses fractions of a byte, hinting at Mi for m', () => {
    expect(parseMemoryQuantity('128m')).toMatchObject({
      ok: false,
      error: '"128m" is a fraction of a byte (did you mean 128Mi?)',
    });
    expect(parseMemoryQuantity('0.5Gi').ok).toBe(true);
  });
});
