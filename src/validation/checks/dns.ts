import type { Problem } from '../findings.js';
import { show } from '../findings.js';

// Istio's label format is DNS-1123 but case-insensitive (pkg/config/labels), max 63 characters.
const DNS1123_LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
// A leftmost label may be `*`, or a label prefixed by `*` or `*-` (a partial wildcard).
const WILDCARD_LABEL = /^(?:\*|(?:\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;
const ALL_NUMERIC = /^[-+]?\d+$/;

/** Whether a string is a DNS-1123 label (letters, digits, `-`, at most 63 characters). */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

function isWildcardLabel(value: string): boolean {
  return value.length <= 63 && WILDCARD_LABEL.test(value);
}

function checkPreconditions(name: string): Problem | undefined {
  if (name.length === 0) return { code: 'GW-HOST-EMPTY', message: 'must not be empty' };
  if (name.length > 255) {
    return {
      code: 'GW-HOST-TOO-LONG',
      message: `must be at most 255 characters (got ${name.length})`,
    };
  }
  return undefined;
}

function checkLabels(whole: string, domain: string): Problem | undefined {
  const parts = domain.split('.');
  const tld = parts[parts.length - 1] ?? '';
  if (ALL_NUMERIC.test(tld)) {
    return {
      code: 'GW-HOST-NUMERIC-TLD',
      message: `${show(whole)}: top-level domain ${show(tld)} cannot be all-numeric`,
    };
  }
  for (const [index, label] of parts.entries()) {
    // A trailing dot (an absolute name such as `istio.io.`) leaves one empty last label.
    if (index === parts.length - 1 && label === '') return undefined;
    if (label.includes('*')) {
      return {
        code: 'GW-HOST-LABEL-INVALID',
        message: `${show(whole)}: a wildcard is only allowed as the leftmost label`,
      };
    }
    if (!isDns1123Label(label)) {
      return {
        code: 'GW-HOST-LABEL-INVALID',
        message: `${show(whole)}: label ${show(label)} is not a DNS-1123 label`,
      };
    }
  }
  return undefined;
}

/** Checks a fully-qualified domain name (short names pass: a single label is a valid FQDN here). */
export function checkFqdn(name: string): Problem | undefined {
  return checkPreconditions(name) ?? checkLabels(name, name);
}

/** Checks a domain that may carry a wildcard, which is allowed only in its leftmost label. */
export function checkWildcardDomain(name: string): Problem | undefined {
  const pre = checkPreconditions(name);
  if (pre) return pre;
  const dot = name.indexOf('.');
  const first = dot < 0 ? name : name.slice(0, dot);
  if (!isWildcardLabel(first)) {
    return {
      code: 'GW-HOST-LABEL-INVALID',
      message: `${show(name)}: label ${show(first)} is not a DNS-1123 label or a leftmost wildcard`,
    };
  }
  return dot < 0 ? undefined : checkLabels(name, name.slice(dot + 1));
}

/**
 * Checks a host of a VirtualService bound to gateways: like {@link checkWildcardDomain}, but SNI
 * hosts may also be Istio's generated `outbound_.<port>_.<subset>_.<host>` names.
 */
export function checkGatewayBoundDomain(name: string, sni: boolean): Problem | undefined {
  const first = name.split('.', 1)[0];
  if (sni && first === 'outbound_' && checkPreconditions(name) === undefined) {
    return /^outbound_\.[0-8]/.test(name)
      ? undefined
      : {
          code: 'GW-HOST-LABEL-INVALID',
          message: `${show(name)}: invalid generated outbound_ name`,
        };
  }
  return checkWildcardDomain(name);
}

/** Checks that a host is not a partial wildcard such as `*foo.com` (only `*` and `*.x` are full). */
export function isPartialWildcard(name: string): boolean {
  return name.includes('*') && name.length !== 1 && !name.startsWith('*.');
}
