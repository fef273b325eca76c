import type { Problem } from '../findings.js';
import { show } from '../findings.js';

const NANOS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MILLISECOND = NANOS.ms ?? 1_000_000n;
// One `<number><unit>` term of a Go duration: digits with an optional fraction, then a unit.
const TERM = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;

function termNanos(whole: string, fraction: string, unit: bigint): bigint {
  // Exact integer arithmetic: `1.0005s` is 1000500000ns, never a rounded float.
  const scale = 10n ** BigInt(fraction.length);
  return (
    BigInt(whole === '' ? '0' : whole) * unit +
    (BigInt(fraction === '' ? '0' : fraction) * unit) / scale
  );
}

/**
 * Parses a duration as Kubernetes and Istio accept it (Go's time.ParseDuration: `1h30m`, `1.5s`,
 * `250ms`, `0`), returning nanoseconds, or undefined when the string is not a duration.
 */
export function parseDuration(text: string): bigint | undefined {
  let rest = text;
  let sign = 1n;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1n : 1n;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  while (rest !== '') {
    const m = TERM.exec(rest);
    const unit = m ? NANOS[m[3] ?? ''] : undefined;
    if (!m || unit === undefined || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
    total += termNanos(m[1] ?? '', m[2] ?? '', unit);
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

/** Checks a duration field: parseable, at least 1ms, and a whole number of milliseconds. */
export function checkDuration(text: string): Problem | undefined {
  const nanos = parseDuration(text);
  if (nanos === undefined) {
    return {
      code: 'GW-DUR-FORMAT',
      message: `${show(text)} is not a duration such as "5s", "1m30s" or "250ms"`,
    };
  }
  if (nanos < MILLISECOND)
    return { code: 'GW-DUR-TOO-SHORT', message: `must be at least 1ms (got ${show(text)})` };
  if (nanos % MILLISECOND !== 0n) {
    return {
      code: 'GW-DUR-PRECISION',
      message: `only millisecond precision is supported (got ${show(text)})`,
    };
  }
  return undefined;
}

/** Whether a parseable duration is a whole number of seconds. */
export function isWholeSeconds(text: string): boolean {
  const nanos = parseDuration(text);
  return nanos !== undefined && nanos % 1_000_000_000n === 0n;
}
