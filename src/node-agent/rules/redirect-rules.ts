import type { TrafficSettings } from '../../injection/traffic.js';
import {
  INBOUND_CAPTURE_PORT,
  OUTBOUND_CAPTURE_PORT,
  PROXY_UID,
} from '../../injection/constants.js';

/**
 * The one builder of gangway's traffic redirect, shared by `gangway init --mode iptables` (inside
 * the pod) and the node agent (`cni` mode, from outside). It produces iptables-restore input for
 * the nat table, written in the canonical form iptables-save prints, so that what was programmed can
 * be compared with what the kernel holds.
 */

/** An IP family: iptables (4) or ip6tables (6). */
export type IpFamily = 4 | 6;

/** gangway's own nat chains; nothing else in the table is touched apart from the two hook rules. */
export const REDIRECT_CHAINS = {
  inbound: 'GANGWAY_INBOUND',
  inRedirect: 'GANGWAY_IN_REDIRECT',
  output: 'GANGWAY_OUTPUT',
  redirect: 'GANGWAY_REDIRECT',
} as const;

/** Every own chain, in the order they are declared. */
export const OWN_CHAINS: readonly string[] = Object.values(REDIRECT_CHAINS);

/** Identities and ports the rules are built for; the defaults are gangway's injected values. */
export interface RedirectOptions {
  readonly family?: IpFamily;
  readonly proxyUid?: number;
  readonly proxyGid?: number;
  readonly inboundCapturePort?: number;
  readonly outboundCapturePort?: number;
}

/** The rules of one family, split so that the hook rules can be left out when already present. */
export interface RedirectRuleSet {
  readonly family: IpFamily;
  /** Own chains to declare (declaring a chain with `--noflush` creates or flushes it). */
  readonly chains: readonly string[];
  /** Rules appended to own chains. */
  readonly rules: readonly string[];
  /** Rules appended to the built-in PREROUTING and OUTPUT chains, jumping to own chains. */
  readonly hooks: readonly string[];
}

type Resolved = Required<RedirectOptions>;

function resolveOptions(options: RedirectOptions): Resolved {
  return {
    family: options.family ?? 4,
    proxyUid: options.proxyUid ?? PROXY_UID,
    proxyGid: options.proxyGid ?? options.proxyUid ?? PROXY_UID,
    inboundCapturePort: options.inboundCapturePort ?? INBOUND_CAPTURE_PORT,
    outboundCapturePort: options.outboundCapturePort ?? OUTBOUND_CAPTURE_PORT,
  };
}

/** Whether a canonical CIDR belongs to a family. */
export function cidrFamily(cidr: string): IpFamily {
  return cidr.includes(':') ? 6 : 4;
}

function loopbackOf(family: IpFamily): string {
  return family === 4 ? '127.0.0.1/32' : '::1/128';
}

const { inbound, inRedirect, output, redirect } = REDIRECT_CHAINS;

function tcpPortRule(chain: string, port: number, target: string): string {
  return `-A ${chain} -p tcp -m tcp --dport ${port} -j ${target}`;
}

/**
 * Inbound: excluded ports return first; then either every TCP port or only the included ones jump
 * to the redirect. An excluded port wins over an included one.
 */
function inboundRules(settings: TrafficSettings): string[] {
  const excluded = settings.excludeInboundPorts;
  const rules = excluded.map((port) => tcpPortRule(inbound, port, 'RETURN'));
  if (settings.includeInboundPorts === '*') {
    rules.push(`-A ${inbound} -p tcp -j ${inRedirect}`);
  } else {
    for (const port of settings.includeInboundPorts) {
      if (!excluded.includes(port)) rules.push(tcpPortRule(inbound, port, inRedirect));
    }
  }
  return rules;
}

/**
 * The proxy's own traffic (by uid, then by gid) is never captured, with one exception: the proxy
 * calling its own pod over loopback (any local address but 127.0.0.1/::1) is sent to the inbound
 * port, as the traffic of another pod would be. Everyone else's loopback traffic goes directly.
 */
function ownerRules(o: Resolved): string[] {
  const loopback = loopbackOf(o.family);
  return (['uid', 'gid'] as const).flatMap((kind) => {
    const id = kind === 'uid' ? o.proxyUid : o.proxyGid;
    return [
      `-A ${output} ! -d ${loopback} -o lo -m owner --${kind}-owner ${id} -j ${inRedirect}`,
      `-A ${output} -o lo -m owner ! --${kind}-owner ${id} -j RETURN`,
      `-A ${output} -m owner --${kind}-owner ${id} -j RETURN`,
    ];
  });
}

/** Outbound: excluded ports, the proxy, loopback and excluded ranges return; the rest is captured. */
function outboundRules(settings: TrafficSettings, o: Resolved): string[] {
  const inFamily = (cidr: string): boolean => cidrFamily(cidr) === o.family;
  const rules = settings.excludeOutboundPorts.map((port) => tcpPortRule(output, port, 'RETURN'));
  rules.push(...ownerRules(o), `-A ${output} -d ${loopbackOf(o.family)} -j RETURN`);
  for (const cidr of settings.excludeOutboundIPRanges.filter(inFamily)) {
    rules.push(`-A ${output} -d ${cidr} -j RETURN`);
  }
  if (settings.includeOutboundIPRanges === '*') {
    rules.push(`-A ${output} -j ${redirect}`);
  } else {
    for (const cidr of settings.includeOutboundIPRanges.filter(inFamily)) {
      rules.push(`-A ${output} -d ${cidr} -j ${redirect}`);
    }
  }
  return rules;
}

/** Builds the redirect of one family from a pod's traffic settings, as structured rules. */
export function buildRedirectRuleSet(
  settings: TrafficSettings,
  options: RedirectOptions = {},
): RedirectRuleSet {
  const o = resolveOptions(options);
  return {
    family: o.family,
    chains: OWN_CHAINS,
    rules: [
      ...inboundRules(settings),
      `-A ${inRedirect} -p tcp -j REDIRECT --to-ports ${o.inboundCapturePort}`,
      ...outboundRules(settings, o),
      `-A ${redirect} -p tcp -j REDIRECT --to-ports ${o.outboundCapturePort}`,
    ],
    hooks: [`-A PREROUTING -p tcp -j ${inbound}`, `-A OUTPUT -p tcp -j ${output}`],
  };
}

/** What to render besides the own chains. */
export interface RenderOptions {
  /** Append the hook rules (false when they are already in place, to keep re-applying a no-op). */
  readonly hooks: boolean;
  /** Hook rules to delete first (duplicates found in the table). */
  readonly deleteHooks?: readonly string[];
}

/**
 * Renders a rule set as iptables-restore input for `--noflush`: declaring an own chain flushes it,
 * so the chains are rebuilt in one atomic commit and other rules in the table are left alone.
 */
export function renderRestoreInput(set: RedirectRuleSet, options: RenderOptions): string {
  const lines = [
    '*nat',
    ...set.chains.map((chain) => `:${chain} - [0:0]`),
    ...(options.deleteHooks ?? []).map((hook) => hook.replace(/^-A /, '-D ')),
    ...set.rules,
    ...(options.hooks ? set.hooks : []),
    'COMMIT',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The redirect of one family as complete iptables-restore input (for `--noflush`): inbound TCP to
 * the inbound capture port, outbound TCP to the outbound capture port, except the proxy's own
 * traffic, loopback and what the traffic settings exclude.
 */
export function buildRedirectRules(
  settings: TrafficSettings,
  options: RedirectOptions = {},
): string {
  return renderRestoreInput(buildRedirectRuleSet(settings, options), { hooks: true });
}
