import { checkFqdn } from '../checks/dns.js';
import { checkDuration } from '../checks/durations.js';
import { isIpAddress } from '../checks/ip.js';
import { checkPort } from '../checks/ports.js';
import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import type {
  ClientTls,
  ConnectionPool,
  OutlierDetection,
  PortTrafficPolicy,
  TrafficPolicy,
} from '../schemas/destination-rule.js';
import { checkLoadBalancer } from './load-balancer.js';

function checkPercent(value: number | undefined, at: Reporter): void {
  if (value !== undefined && (value < 0 || value > 100))
    at.report('GW-PERCENT-RANGE', `must be within 0..100 (got ${value})`);
}

function checkDurations<T extends object>(
  object: T,
  fields: ReadonlyArray<keyof T & string>,
  at: Reporter,
): void {
  for (const field of fields) {
    const value = object[field];
    if (typeof value === 'string') at.at(field).reportProblem(checkDuration(value));
  }
}

/** Checks connection pool settings: something set, limits non-negative, durations, H2 upgrade. */
export function checkConnectionPool(pool: ConnectionPool, at: Reporter): void {
  if (pool.tcp === undefined && pool.http === undefined)
    at.report('GW-TP-POOL-EMPTY', 'connection pool must set tcp or http');
  const http = pool.http;
  if (http) {
    for (const field of [
      'http1MaxPendingRequests',
      'http2MaxRequests',
      'maxRequestsPerConnection',
      'maxRetries',
      'maxConcurrentStreams',
    ] as const) {
      const value = http[field];
      if (value !== undefined && value < 0)
        at.at('http', field).report('GW-TP-POOL-NEGATIVE', `must be >= 0 (got ${value})`);
    }
    checkDurations(http, ['idleTimeout'], at.at('http'));
    if (http.h2UpgradePolicy === 'UPGRADE' && http.useClientProtocol === true) {
      at.at('http', 'useClientProtocol').report(
        'GW-TP-POOL-CLIENT-PROTOCOL',
        'useClientProtocol must not be true when h2UpgradePolicy is UPGRADE',
      );
    }
  }
  const tcp = pool.tcp;
  if (tcp) {
    if ((tcp.maxConnections ?? 0) < 0)
      at.at('tcp', 'maxConnections').report(
        'GW-TP-POOL-NEGATIVE',
        `must be >= 0 (got ${tcp.maxConnections})`,
      );
    checkDurations(tcp, ['connectTimeout', 'maxConnectionDuration', 'idleTimeout'], at.at('tcp'));
    if (tcp.tcpKeepalive)
      checkDurations(tcp.tcpKeepalive, ['time', 'interval'], at.at('tcp', 'tcpKeepalive'));
  }
}

/** Checks outlier detection: durations, percentages, deprecated and inconsistent fields. */
export function checkOutlierDetection(outlier: OutlierDetection, at: Reporter): void {
  checkDurations(outlier, ['baseEjectionTime', 'interval'], at);
  if ((outlier.consecutiveErrors ?? 0) !== 0) {
    at.at('consecutiveErrors').report(
      'GW-TP-OUTLIER-CONSECUTIVE-ERRORS',
      'consecutiveErrors is deprecated; use consecutive5xxErrors or consecutiveGatewayErrors',
    );
  }
  if (
    outlier.splitExternalLocalOriginErrors !== true &&
    (outlier.consecutiveLocalOriginFailures ?? 0) > 0
  ) {
    at.at('consecutiveLocalOriginFailures').report(
      'GW-TP-OUTLIER-LOCAL-ORIGIN',
      'consecutiveLocalOriginFailures needs splitExternalLocalOriginErrors: true',
    );
  }
  checkPercent(outlier.maxEjectionPercent, at.at('maxEjectionPercent'));
  checkPercent(outlier.minHealthPercent, at.at('minHealthPercent'));
}

function hasFiles(tls: ClientTls): boolean {
  return [tls.clientCertificate, tls.privateKey, tls.caCertificates, tls.caCrl].some(set);
}

function set(value: string | undefined): boolean {
  return (value ?? '') !== '';
}

function checkInsecureSkipVerify(tls: ClientTls, mode: string, at: Reporter): void {
  if (tls.insecureSkipVerify !== true || (mode !== 'SIMPLE' && mode !== 'MUTUAL')) return;
  const withCa =
    set(tls.caCertificates) ||
    tls.subjectAltNames !== undefined ||
    (mode === 'SIMPLE' && set(tls.credentialName));
  if (withCa) {
    at.at('insecureSkipVerify').report(
      'GW-TP-TLS-INSECURE-WITH-CA',
      'cannot set caCertificates, subjectAltNames (or credentialName for SIMPLE) with insecureSkipVerify',
    );
  }
}

function checkMutualFiles(tls: ClientTls, at: Reporter): void {
  if (!set(tls.clientCertificate)) {
    at.at('clientCertificate').report(
      'GW-TP-TLS-MUTUAL-CERT-REQUIRED',
      'client certificate required for MUTUAL TLS',
    );
  }
  if (!set(tls.privateKey)) {
    at.at('privateKey').report(
      'GW-TP-TLS-MUTUAL-KEY-REQUIRED',
      'private key required for MUTUAL TLS',
    );
  }
}

/** Checks client TLS settings: which certificate fields each mode allows and requires. */
export function checkClientTls(tls: ClientTls, at: Reporter): void {
  const mode = tls.mode ?? 'DISABLE';
  if (
    (mode === 'DISABLE' || mode === 'ISTIO_MUTUAL') &&
    (hasFiles(tls) || set(tls.credentialName))
  ) {
    at.report(
      'GW-TP-TLS-FIELDS-IGNORED',
      `${mode} ignores clientCertificate, privateKey, caCertificates, caCrl and credentialName`,
    );
  }
  checkInsecureSkipVerify(tls, mode, at);
  if ((mode === 'SIMPLE' || mode === 'MUTUAL') && set(tls.credentialName)) {
    if (hasFiles(tls)) {
      at.report(
        'GW-TP-TLS-CREDENTIAL-WITH-FILES',
        'cannot set certificate files or caCrl when credentialName is set',
      );
    }
    return;
  }
  if (mode === 'MUTUAL') checkMutualFiles(tls, at);
}

function checkTunnel(tunnel: NonNullable<TrafficPolicy['tunnel']>, at: Reporter): void {
  const protocol = tunnel.protocol ?? '';
  if (protocol !== '' && protocol !== 'CONNECT' && protocol !== 'POST') {
    at.at('protocol').report(
      'GW-TP-TUNNEL-PROTOCOL',
      `must be "CONNECT" or "POST" (got ${show(protocol)})`,
    );
  }
  const host = tunnel.targetHost ?? '';
  if (checkFqdn(host) !== undefined && !isIpAddress(host)) {
    at.at('targetHost').report(
      'GW-TP-TUNNEL-TARGET-HOST',
      `must be a FQDN or an IP address (got ${show(host)})`,
    );
  }
  at.at('targetPort').reportProblem(checkPort(tunnel.targetPort ?? 0));
}

function checkCommon(policy: PortTrafficPolicy, at: Reporter): void {
  if (policy.outlierDetection)
    checkOutlierDetection(policy.outlierDetection, at.at('outlierDetection'));
  if (policy.connectionPool) checkConnectionPool(policy.connectionPool, at.at('connectionPool'));
  if (policy.loadBalancer)
    checkLoadBalancer(policy.loadBalancer, policy.outlierDetection, at.at('loadBalancer'));
  if (policy.tls) checkClientTls(policy.tls, at.at('tls'));
}

function checkPortLevel(list: readonly PortTrafficPolicy[], at: Reporter): void {
  const ports = new Set<number>();
  list.forEach((policy, i) => {
    const number = policy.port?.number;
    if (number === undefined)
      at.at(i).report('GW-TP-PORT-REQUIRED', 'port-level traffic policy must have a port');
    else if (ports.has(number))
      at.at(i, 'port', 'number').report(
        'GW-TP-PORT-DUPLICATE',
        `port ${number} already has a policy`,
      );
    else ports.add(number);
    if (number !== undefined) at.at(i, 'port', 'number').reportProblem(checkPort(number));
    const { port: _port, ...rest } = policy;
    if (Object.values(rest).every((v) => v === undefined))
      at.at(i).report('GW-TP-PORT-EMPTY', 'port-level traffic policy must set at least one field');
    else checkCommon(policy, at.at(i));
  });
}

/** Checks a traffic policy (top level or per subset). */
export function checkTrafficPolicy(policy: TrafficPolicy, at: Reporter): void {
  if (Object.values(policy).every((v) => v === undefined)) {
    at.report('GW-TP-EMPTY', 'traffic policy must set at least one field');
    return;
  }
  if (policy.tunnel !== undefined && policy.proxyProtocol !== undefined) {
    at.report(
      'GW-TP-TUNNEL-AND-PROXY-PROTOCOL',
      'tunnel and proxyProtocol must not be set together',
    );
  }
  checkCommon(policy, at);
  checkPortLevel(policy.portLevelSettings ?? [], at.at('portLevelSettings'));
  if (policy.tunnel) checkTunnel(policy.tunnel, at.at('tunnel'));
  if (policy.retryBudget) {
    checkPercent(policy.retryBudget.percent, at.at('retryBudget', 'percent'));
    checkDurations(policy.retryBudget, ['budgetInterval'], at.at('retryBudget'));
  }
}
