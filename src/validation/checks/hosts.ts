import type { Problem } from '../findings.js';
import { show } from '../findings.js';
import { checkWildcardDomain, isDns1123Label, isPartialWildcard } from './dns.js';
import { isIpAddress } from './ip.js';

/** Where a `namespace/host` value appears: gateway servers allow bare hosts and IPs. */
export type NamespacedHostContext = 'gateway' | 'sidecar';

function checkHostPart(host: string, context: NamespacedHostContext): Problem[] {
  const problems: Problem[] = [];
  if (host !== '*' && !host.includes('.') && !(context === 'gateway' && isIpAddress(host))) {
    problems.push({
      code: 'GW-HOST-SHORT-NAME',
      message: `${show(host)}: short names (non FQDN) are not allowed`,
    });
  }
  const domain = checkWildcardDomain(host);
  if (domain && !(context === 'gateway' && isIpAddress(host))) problems.push(domain);
  if (isPartialWildcard(host)) {
    problems.push({
      code: 'GW-HOST-PARTIAL-WILDCARD',
      message: `${show(host)}: partial wildcards are not allowed`,
    });
  }
  return problems;
}

function isValidNamespacePart(namespace: string, context: NamespacedHostContext): boolean {
  const reserved = context === 'gateway' ? ['*', '.'] : ['*', '.', '~'];
  return reserved.includes(namespace) || isDns1123Label(namespace);
}

/**
 * Checks a host of the form `namespace/dnsName` as Gateway servers and Sidecar egress listeners use
 * it. Gateways also accept a bare host (meaning `*\/host`); Sidecars require the namespace.
 */
export function checkNamespacedHost(value: string, context: NamespacedHostContext): Problem[] {
  const slash = value.indexOf('/');
  if (slash < 0) {
    if (context === 'gateway') return checkHostPart(value, context);
    return [
      {
        code: 'GW-HOST-NAMESPACE-REQUIRED',
        message: `${show(value)}: must be of the form namespace/dnsName`,
      },
    ];
  }
  const namespace = value.slice(0, slash);
  const host = value.slice(slash + 1);
  if (namespace === '' || host === '') {
    return [
      {
        code: 'GW-HOST-NAMESPACE-INVALID',
        message: `${show(value)}: namespace and dnsName cannot be empty`,
      },
    ];
  }
  const problems: Problem[] = [];
  if (!isValidNamespacePart(namespace, context)) {
    problems.push({
      code: 'GW-HOST-NAMESPACE-INVALID',
      message: `${show(value)}: invalid namespace ${show(namespace)}`,
    });
  }
  return [...problems, ...checkHostPart(host, context)];
}

/** Whether a host is wildcarded (starts with `*`). */
export function isWildcardHost(host: string): boolean {
  return host.startsWith('*');
}

/** Whether two hosts match each other, as Istio's host.Name.Matches decides (wildcards included). */
export function hostsOverlap(a: string, b: string): boolean {
  const aw = isWildcardHost(a);
  const bw = isWildcardHost(b);
  if (aw && bw)
    return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  if (aw) return b.endsWith(a.slice(1));
  if (bw) return a.endsWith(b.slice(1));
  return a === b;
}

/** Whether every name `host` matches is also matched by `of`. */
export function isHostSubsetOf(host: string, of: string): boolean {
  if (isWildcardHost(host)) return isWildcardHost(of) && host.slice(1).endsWith(of.slice(1));
  if (isWildcardHost(of)) return host.endsWith(of.slice(1));
  return host === of;
}
