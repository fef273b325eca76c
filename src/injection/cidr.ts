import type { ParseResult } from './parse-result.js';
import { fail, ok } from './parse-result.js';

/** An IP network in canonical form: the network address and its prefix length. */
export interface Cidr {
  readonly family: 4 | 6;
  /** The network address, dotted-quad for IPv4 and RFC 5952 text for IPv6. */
  readonly address: string;
  readonly prefix: number;
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** Parses a dotted-quad IPv4 address strictly (four decimal octets, no leading zeros) into 4 bytes. */
export function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!DECIMAL.test(part) || part.length > 3 || Number(part) > 255) return undefined;
    bytes.push(Number(part));
  }
  return bytes;
}

function parseGroups(text: string, allowIPv4Tail: boolean): number[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (const [index, part] of parts.entries()) {
    if (allowIPv4Tail && index === parts.length - 1 && part.includes('.')) {
      const v4 = parseIPv4(part);
      if (!v4) return undefined;
      groups.push(v4[0]! * 256 + v4[1]!, v4[2]! * 256 + v4[3]!);
    } else if (HEX_GROUP.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

/** Parses an IPv6 address strictly (hex groups, at most one `::`, no zone) into 16 bytes. */
export function parseIPv6(text: string): number[] | undefined {
  const halves = text.split('::');
  let groups: number[] | undefined;
  if (halves.length === 1) {
    groups = parseGroups(text, true);
    if (groups?.length !== 8) return undefined;
  } else if (halves.length === 2) {
    const head = parseGroups(halves[0]!, false);
    const tail = parseGroups(halves[1]!, true);
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    return undefined;
  }
  return groups.flatMap((group) => [group >> 8, group & 0xff]);
}

function formatIPv6(bytes: readonly number[]): string {
  const groups = Array.from({ length: 8 }, (_, i) => bytes[2 * i]! * 256 + bytes[2 * i + 1]!);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  return `${head}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Formats 4 or 16 address bytes in canonical text form. */
export function formatAddress(bytes: readonly number[]): string {
  return bytes.length === 4 ? bytes.join('.') : formatIPv6(bytes);
}

function maskBytes(bytes: readonly number[], prefix: number): number[] {
  return bytes.map((byte, i) => {
    const bits = Math.min(8, Math.max(0, prefix - 8 * i));
    return byte & (0xff << (8 - bits)) & 0xff;
  });
}

/**
 * Parses `address/prefix` strictly: IPv4 or IPv6, prefix 0..32 or 0..128 without leading zeros, no
 * host bits set. A bare address means a single host (/32 or /128).
 */
export function parseCidr(text: string): ParseResult<Cidr> {
  const [addressText = '', prefixText, extra] = text.split('/');
  const family = addressText.includes(':') ? 6 : 4;
  const bytes = family === 4 ? parseIPv4(addressText) : parseIPv6(addressText);
  if (!bytes || extra !== undefined)
    return fail(`"${text}" is not an IPv${family} address or CIDR`);
  const max = bytes.length * 8;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefixText !== undefined && (!DECIMAL.test(prefixText) || prefix > max)) {
    return fail(`"${text}" has prefix length "/${prefixText}"; IPv${family} allows /0 to /${max}`);
  }
  const network = maskBytes(bytes, prefix);
  if (network.some((byte, i) => byte !== bytes[i])) {
    return fail(`"${text}" has host bits set; the network is ${formatAddress(network)}/${prefix}`);
  }
  return ok({ family, address: formatAddress(network), prefix });
}

/** Formats a CIDR as `address/prefix`. */
export function formatCidr(cidr: Cidr): string {
  return `${cidr.address}/${cidr.prefix}`;
}
