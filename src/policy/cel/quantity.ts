/**
 * Kubernetes resource quantities (`500m`, `1.5Gi`, `1e3`) as exact decimals, for the CEL
 * `quantity` library. A quantity is `num / 10^scale` with a bigint numerator, so comparisons and
 * sums never lose precision the way floating point would.
 */
export interface Quantity {
  readonly num: bigint;
  readonly scale: number;
  /** The text it was parsed from, kept for messages. */
  readonly text: string;
}

const PATTERN = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

const BINARY: Readonly<Record<string, number>> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

// Exponents beyond this are not quantities the API server would accept, and 10^huge is a DoS.
const MAX_EXPONENT = 60;

/** Parses a quantity; undefined when the text is not one. */
export function parseQuantity(text: string): Quantity | undefined {
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const [, sign = '', number = '', suffix = ''] = match;
  const [whole = '', fraction = ''] = number.split('.');
  let num = BigInt(`${whole}${fraction}` || '0');
  let scale = fraction.length;
  const exponent = exponentOf(suffix);
  if (exponent === undefined) return undefined;
  if ('binary' in exponent) num *= 1n << BigInt(10 * exponent.binary);
  else if (exponent.decimal >= 0) num *= 10n ** BigInt(exponent.decimal);
  else scale -= exponent.decimal;
  return { num: sign === '-' ? -num : num, scale, text };
}

function exponentOf(suffix: string): { binary: number } | { decimal: number } | undefined {
  if (suffix === '') return { decimal: 0 };
  const binary = BINARY[suffix];
  if (binary !== undefined) return { binary };
  const decimal = DECIMAL[suffix] ?? Number(suffix.slice(1));
  return Math.abs(decimal) > MAX_EXPONENT ? undefined : { decimal };
}

function aligned(a: Quantity, b: Quantity): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.num * 10n ** BigInt(scale - a.scale), b.num * 10n ** BigInt(scale - b.scale), scale];
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const [x, y] = aligned(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The sum (or, with `negate`, the difference) of two quantities. */
export function addQuantities(a: Quantity, b: Quantity, negate = false): Quantity {
  const [x, y, scale] = aligned(a, b);
  const num = negate ? x - y : x + y;
  return { num, scale, text: formatQuantity(num, scale) };
}

/** A quantity from an integer. */
export function quantityOfInteger(value: bigint): Quantity {
  return { num: value, scale: 0, text: value.toString() };
}

/** Whether the quantity is a whole number. */
export function isIntegerQuantity(q: Quantity): boolean {
  return q.num % 10n ** BigInt(q.scale) === 0n;
}

/** The quantity as an integer, or undefined when it is fractional or outside int64. */
export function quantityAsInteger(q: Quantity): bigint | undefined {
  if (!isIntegerQuantity(q)) return undefined;
  const value = q.num / 10n ** BigInt(q.scale);
  const limit = 1n << 63n;
  return value >= -limit && value < limit ? value : undefined;
}

/** The quantity as a float, possibly rounded. */
export function quantityAsFloat(q: Quantity): number {
  return Number(q.num) / 10 ** q.scale;
}

function formatQuantity(num: bigint, scale: number): string {
  if (scale === 0) return num.toString();
  const negative = num < 0n;
  const digits = (negative ? -num : num).toString().padStart(scale + 1, '0');
  const text = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`.replace(/\.?0+$/, '');
  return negative ? `-${text}` : text;
}
