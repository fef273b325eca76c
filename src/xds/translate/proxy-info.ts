import { namespaceOfNode, type XdsNode } from '../model/node.js';
import type { ProxyInfo } from './types.js';

const stringRecord = (value: unknown): Record<string, string> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
};

/**
 * What translation needs to know about a proxy, from its node: `metadata.GENERATOR` (`grpc` for
 * proxyless, else Envoy), `NAMESPACE`, `LABELS`, `SERVICE_ACCOUNT` and `INSTANCE_IPS` (Istio's
 * keys, so Istio-bootstrapped proxies work unchanged).
 */
export function proxyInfoFromNode(node: XdsNode): ProxyInfo {
  const meta = node.metadata;
  const ips = meta['INSTANCE_IPS'];
  const idIp = node.id.split('~')[1];
  const ipList =
    typeof ips === 'string'
      ? ips
          .split(',')
          .map((ip) => ip.trim())
          .filter(Boolean)
      : Array.isArray(ips)
        ? ips.filter((ip): ip is string => typeof ip === 'string')
        : idIp
          ? [idIp]
          : [];
  const serviceAccount = meta['SERVICE_ACCOUNT'];
  return {
    id: node.id,
    generator: meta['GENERATOR'] === 'grpc' ? 'grpc' : 'envoy',
    namespace: namespaceOfNode(node) ?? 'default',
    labels: stringRecord(meta['LABELS']),
    serviceAccount: typeof serviceAccount === 'string' ? serviceAccount : undefined,
    ips: ipList,
  };
}

/**
 * The snapshot group of a proxy: proxies with the same generator, namespace, service account and
 * labels get the same config, so they share one snapshot (every pod of a Deployment does).
 */
export function proxyGroupKey(proxy: ProxyInfo): string {
  const labels = Object.keys(proxy.labels)
    .sort()
    .map((key) => `${key}=${proxy.labels[key]}`)
    .join(',');
  return `${proxy.generator}|${proxy.namespace}|${proxy.serviceAccount ?? ''}|${labels}`;
}
