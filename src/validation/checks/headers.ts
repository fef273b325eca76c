import type { Problem, Reporter } from '../findings.js';
import { show } from '../findings.js';

const HEADER_NAME = /^[-_A-Za-z0-9]+$/;
// Control characters other than horizontal tab are never valid in a header value.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F]/;
const VARIABLE = /^[A-Z][A-Z0-9_]*(?:\(.*\))?(?::[A-Za-z0-9_]+)?$/s;

/** Checks a header name used in a match: letters, digits, `-` and `_` only. */
export function checkHeaderName(name: string): Problem | undefined {
  if (name === '')
    return { code: 'GW-HEADER-NAME-INVALID', message: 'header name cannot be empty' };
  return HEADER_NAME.test(name)
    ? undefined
    : { code: 'GW-HEADER-NAME-INVALID', message: `${show(name)} is not a valid header name` };
}

/** Whether a header name is a routing claim such as `@request.auth.claims.group`. */
export function isJwtClaimHeader(name: string): boolean {
  return /^@request\.auth\.claims(?:\.[^.]+|\[[^\]]+\])+$/.test(name);
}

function closingPercent(value: string, from: number): number {
  let depth = 0;
  for (let i = from; i < value.length; i++) {
    const c = value[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === '%' && depth === 0) return i;
  }
  return -1;
}

/** Checks an Envoy header value: no control characters, `%%` escapes, `%VARIABLE%` references. */
export function checkHeaderValue(value: string): Problem | undefined {
  const bad = (why: string): Problem => ({
    code: 'GW-HEADER-VALUE-INVALID',
    message: `header value ${show(value)}: ${why}`,
  });
  if (CONTROL.test(value)) return bad('contains control characters');
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '%') continue;
    if (value[i + 1] === '%') {
      i++;
      continue;
    }
    const end = closingPercent(value, i + 1);
    if (end < 0)
      return bad('a `%` starts a variable that is never closed (write `%%` for a literal %)');
    if (!VARIABLE.test(value.slice(i + 1, end)))
      return bad(`${show(value.slice(i, end + 1))} is not a variable`);
    i = end;
  }
  return undefined;
}

/** Header operations as VirtualService routes and destinations carry them. */
export interface HeaderOperations {
  set?: Readonly<Record<string, string>> | undefined;
  add?: Readonly<Record<string, string>> | undefined;
  remove?: readonly string[] | undefined;
}

function isPseudo(name: string): boolean {
  return name.startsWith(':') || name.toLowerCase() === 'host';
}

function isAuthority(name: string): boolean {
  return name.toLowerCase() === ':authority' || name.toLowerCase() === 'host';
}

function checkOperationName(name: string, allowAuthority: boolean): Problem | undefined {
  if (name === '')
    return { code: 'GW-HEADER-NAME-INVALID', message: 'header name cannot be empty' };
  if (allowAuthority && isAuthority(name)) return undefined;
  if (name.toLowerCase() === 'host')
    return { code: 'GW-HEADER-HOST', message: 'cannot set or remove the Host header' };
  if (isPseudo(name))
    return {
      code: 'GW-HEADER-PSEUDO',
      message: `invalid header ${show(name)}: cannot have a ":" prefix`,
    };
  return undefined;
}

/**
 * Checks request or response header operations. Requests may set or add the authority (`:authority`
 * or `host`), which rewrites it; nothing may remove it, and responses may not touch pseudo-headers.
 */
export function checkHeaderOperations(
  ops: HeaderOperations | undefined,
  at: Reporter,
  request: boolean,
): void {
  for (const field of ['set', 'add'] as const) {
    for (const [name, value] of Object.entries(ops?.[field] ?? {})) {
      at.at(field, name).reportProblem(checkOperationName(name, request));
      at.at(field, name).reportProblem(checkHeaderValue(value));
    }
  }
  (ops?.remove ?? []).forEach((name, i) =>
    at.at('remove', i).reportProblem(checkOperationName(name, false)),
  );
}

/** The authority values a request header operation sets, in order (`set` before `add`). */
export function authorityRewrites(ops: HeaderOperations | undefined): string[] {
  const found: string[] = [];
  for (const field of ['set', 'add'] as const) {
    for (const [name, value] of Object.entries(ops?.[field] ?? {}))
      if (isAuthority(name)) found.push(value);
  }
  return found;
}
