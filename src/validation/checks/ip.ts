import { isIP } from 'node:net';
import type { Problem } from '../findings.js';
import { show } from '../findings.js';

/** Whether a string is an IPv4 or IPv6 address (an IPv6 zone such as `%eth0` is allowed). */
export function isIpAddress(value: string): boolean {
  const zone = value.indexOf('%');
  const address = zone >= 0 && value.includes(':') ? value.slice(0, zone) : value;
  return isIP(address) !== 0 && (zone < 0 || zone < value.length - 1);
}

/** Whether a string is a CIDR block such as `10.0.0.0/8` or `2001:db8::/32`. */
export function isCidr(value: string): boolean {
  const parts = value.split('/');
  if (parts.length !== 2) return false;
  const [address = '', bits = ''] = parts;
  const family = isIP(address);
  if (family === 0 || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/** Checks an IP address. */
export function checkIp(value: string): Problem | undefined {
  return isIpAddress(value)
    ? undefined
    : { code: 'GW-IP-INVALID', message: `${show(value)} is not a valid IP address` };
}

/** Checks an IP address or, when it has a `/`, a CIDR block. */
export function checkIpOrCidr(value: string): Problem | undefined {
  if (!value.includes('/')) return checkIp(value);
  return isCidr(value)
    ? undefined
    : { code: 'GW-CIDR-INVALID', message: `${show(value)} is not a valid CIDR block` };
}

/** Checks a unix domain socket path (after `unix://`): absolute, not a directory, or `@abstract`. */
export function checkUnixAddress(path: string): Problem | undefined {
  if (path === '') return { code: 'GW-UDS-INVALID', message: 'unix address must not be empty' };
  if (path.startsWith('@')) return undefined;
  if (!path.startsWith('/') || path.endsWith('/')) {
    return { code: 'GW-UDS-INVALID', message: `${show(path)} is not an absolute path to a file` };
  }
  return undefined;
}

/** The prefix marking a unix domain socket address. */
export const UNIX_PREFIX = 'unix://';
