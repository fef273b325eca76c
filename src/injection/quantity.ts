import type { ParseResult } from './parse-result.js';
import { fail, ok } from './parse-result.js';

/** A Kubernetes resource quantity: the text as written and its value in base units. */
export interface Quantity {
  readonly text: string;
  readonly value: number;
}

/** Kubernetes' quantity grammar, minus the sign: resources are never negative. */
const QUANTITY = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

const MULTIPLIERS: Readonly<Record<string, number>> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Parses a Kubernetes quantity strictly (e.g. `100m`, `0.5`, `128Mi`, `1e9`); no sign, no spaces. */
export function parseQuantity(text: string): ParseResult<Quantity> {
  const match = QUANTITY.exec(text);
  if (!match) return fail(`"${text}" is not a Kubernetes quantity (e.g. 100m, 0.5, 128Mi, 1G)`);
  const [, number = '', suffix = ''] = match;
  const multiplier = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : MULTIPLIERS[suffix];
  const value = Number(number) * (multiplier ?? 1);
  if (!Number.isFinite(value)) return fail(`"${text}" is out of range`);
  return ok({ text, value });
}

/** Parses a CPU quantity: a quantity no finer than a millicore. */
export function parseCpuQuantity(text: string): ParseResult<Quantity> {
  const parsed = parseQuantity(text);
  if (!parsed.ok) return parsed;
  const millis = parsed.value.value * 1000;
  if (Math.abs(millis - Math.round(millis)) > 1e-6) {
    return fail(`"${text}" is finer than a millicore (1m)`);
  }
  return parsed;
}

/** Parses a memory quantity: a quantity of whole bytes (so `128m`, a typo for `128Mi`, is refused). */
export function parseMemoryQuantity(text: string): ParseResult<Quantity> {
  const parsed = parseQuantity(text);
  if (!parsed.ok) return parsed;
  if (!Number.isInteger(parsed.value.value)) {
    const hint = text.endsWith('m') ? ` (did you mean ${text.slice(0, -1)}Mi?)` : '';
    return fail(`"${text}" is a fraction of a byte${hint}`);
  }
  return parsed;
}
