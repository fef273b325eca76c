import { RE2JS } from 're2js';
import type { Problem } from '../findings.js';

/**
 * Envoy limits the RE2 program size; the length is a cheap, conservative stand-in that Istio uses
 * too (a program is always larger than its pattern), so 1024 characters is the cap.
 */
export const MAX_REGEX_LENGTH = 1024;

// `(?=`, `(?!`, `(?<=`, `(?<!`: look-arounds, which RE2 cannot run in linear time and rejects.
const LOOKAROUND = /\(\?<?[=!]/;

function describeCompileError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^error parsing regexp: /, '');
}

/** Checks a regex as Envoy will run it: non-empty, at most 1024 characters, valid RE2. */
export function checkRegex(pattern: string): Problem | undefined {
  if (pattern === '') return { code: 'GW-REGEX-EMPTY', message: 'regex must not be empty' };
  if (pattern.length > MAX_REGEX_LENGTH) {
    return {
      code: 'GW-REGEX-TOO-LONG',
      message: `regex is ${pattern.length} characters; the maximum is ${MAX_REGEX_LENGTH}`,
    };
  }
  if (LOOKAROUND.test(pattern)) {
    return {
      code: 'GW-REGEX-LOOKAROUND',
      message: 'look-ahead and look-behind are not supported by RE2',
    };
  }
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    return {
      code: 'GW-REGEX-INVALID',
      message: `invalid RE2 regex: ${describeCompileError(error)}`,
    };
  }
}
