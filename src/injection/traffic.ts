import { z } from 'zod';
import { formatCidr, parseCidr } from './cidr.js';
import {
  AGENT_PORT,
  HEALTH_PORT,
  INBOUND_CAPTURE_PORT,
  OUTBOUND_CAPTURE_PORT,
  PROXY_UID,
} from './constants.js';
import type { ParseResult } from './parse-result.js';
import { fail, ok } from './parse-result.js';

/**
 * The traffic-capture settings of a pod: what the redirect captures and what it leaves alone. The
 * init container (iptables mode) and the node agent (cni mode) program the same rules from them.
 */
export const TrafficSettingsSchema = z.strictObject({
  /** Outbound destinations captured: `*` for all, or canonical CIDRs. */
  includeOutboundIPRanges: z.union([z.literal('*'), z.array(z.string())]),
  /** Outbound destinations never captured, canonical CIDRs. */
  excludeOutboundIPRanges: z.array(z.string()),
  /** Inbound ports captured: `*` for all, or sorted ports. */
  includeInboundPorts: z.union([z.literal('*'), z.array(z.number().int())]),
  /** Inbound ports never captured, sorted; always holds the agent and health ports. */
  excludeInboundPorts: z.array(z.number().int()),
  /** Outbound destination ports never captured, sorted. */
  excludeOutboundPorts: z.array(z.number().int()),
});
export type TrafficSettings = z.infer<typeof TrafficSettingsSchema>;

/** Inbound ports the redirect never captures: the agent's own. */
export const RESERVED_INBOUND_PORTS: readonly number[] = [AGENT_PORT, HEALTH_PORT];

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** Whether `*` (everything) is a valid value of the list being parsed. */
export interface ListOptions {
  readonly allowWildcard: boolean;
}

function splitList(text: string): ParseResult<string[]> {
  if (text.trim() === '') return ok([]);
  const items = text.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) return fail(`"${text}" has an empty item`);
  return ok(items);
}

function checkWildcard(items: readonly string[], options: ListOptions): ParseResult<'*' | null> {
  if (!items.includes('*')) return ok(null);
  if (!options.allowWildcard) return fail('"*" is only valid for the include lists');
  return items.length === 1 ? ok('*') : fail('"*" cannot be combined with other items');
}

/**
 * Parses a comma-separated list of CIDRs (IPv4 and IPv6; a bare address is one host) strictly, or
 * `*` when allowed. The result is canonical and free of duplicates, in the order written.
 */
export function parseIpRangeList(
  text: string,
  options: { allowWildcard: false },
): ParseResult<string[]>;
/** Parses a comma-separated list of CIDRs, or `*`. */
export function parseIpRangeList(
  text: string,
  options: { allowWildcard: true },
): ParseResult<'*' | string[]>;
/** Parses a comma-separated list of CIDRs, or `*` when allowed. */
export function parseIpRangeList(text: string, options: ListOptions): ParseResult<'*' | string[]>;
export function parseIpRangeList(text: string, options: ListOptions): ParseResult<'*' | string[]> {
  const items = splitList(text);
  if (!items.ok) return items;
  const wildcard = checkWildcard(items.value, options);
  if (!wildcard.ok) return wildcard;
  if (wildcard.value === '*') return ok('*');
  const ranges: string[] = [];
  for (const item of items.value) {
    const cidr = parseCidr(item);
    if (!cidr.ok) return cidr;
    const canonical = formatCidr(cidr.value);
    if (!ranges.includes(canonical)) ranges.push(canonical);
  }
  return ok(ranges);
}

/** Parses one port strictly: a decimal integer from 1 to 65535, no sign or leading zero. */
export function parsePort(text: string): ParseResult<number> {
  const port = Number(text);
  if (!DECIMAL.test(text) || port < 1 || port > 65535) {
    return fail(`"${text}" is not a port (an integer from 1 to 65535)`);
  }
  return ok(port);
}

/** Parses a comma-separated list of ports strictly; sorted, no duplicates. */
export function parsePortList(
  text: string,
  options: { allowWildcard: false },
): ParseResult<number[]>;
/** Parses a comma-separated list of ports strictly, or `*`. */
export function parsePortList(
  text: string,
  options: { allowWildcard: true },
): ParseResult<'*' | number[]>;
/** Parses a comma-separated list of ports strictly, or `*` when allowed; sorted, no duplicates. */
export function parsePortList(text: string, options: ListOptions): ParseResult<'*' | number[]>;
export function parsePortList(text: string, options: ListOptions): ParseResult<'*' | number[]> {
  const items = splitList(text);
  if (!items.ok) return items;
  const wildcard = checkWildcard(items.value, options);
  if (!wildcard.ok) return wildcard;
  if (wildcard.value === '*') return ok('*');
  const ports: number[] = [];
  for (const item of items.value) {
    const port = parsePort(item);
    if (!port.ok) return port;
    ports.push(port.value);
  }
  return ok(sortPorts(ports));
}

/** Sorts ports numerically and removes duplicates. */
export function sortPorts(ports: readonly number[]): number[] {
  return [...new Set(ports)].sort((a, b) => a - b);
}

/** The settings of a pod with no traffic annotations: capture everything but the agent's ports. */
export function defaultTrafficSettings(): TrafficSettings {
  return {
    includeOutboundIPRanges: '*',
    excludeOutboundIPRanges: [],
    includeInboundPorts: '*',
    excludeInboundPorts: [...RESERVED_INBOUND_PORTS],
    excludeOutboundPorts: [],
  };
}

function joinList(list: '*' | readonly (string | number)[]): string {
  return list === '*' ? '*' : list.join(',');
}

/**
 * The redirect arguments shared by `gangway init` and the node agent: every flag always present
 * (an empty value means an empty list), in a fixed order.
 */
export function buildTrafficArgs(settings: TrafficSettings): string[] {
  return [
    '--proxy-uid',
    String(PROXY_UID),
    '--proxy-gid',
    String(PROXY_UID),
    '--inbound-capture-port',
    String(INBOUND_CAPTURE_PORT),
    '--outbound-capture-port',
    String(OUTBOUND_CAPTURE_PORT),
    '--include-outbound-ip-ranges',
    joinList(settings.includeOutboundIPRanges),
    '--exclude-outbound-ip-ranges',
    joinList(settings.excludeOutboundIPRanges),
    '--include-inbound-ports',
    joinList(settings.includeInboundPorts),
    '--exclude-inbound-ports',
    joinList(settings.excludeInboundPorts),
    '--exclude-outbound-ports',
    joinList(settings.excludeOutboundPorts),
  ];
}
