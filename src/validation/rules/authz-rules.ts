import { isDns1123Label } from '../checks/dns.js';
import { checkIpOrCidr } from '../checks/ip.js';
import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import type { AuthorizationRule, Operation, Source } from '../schemas/security.js';
import { checkAuthzPort, checkCondition } from './authz-conditions.js';
import { HTTP_METHODS } from './http-policies.js';

const IP_FIELDS = ['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'] as const;
const MATCH_SOURCE_FIELDS = [
  'principals',
  'notPrincipals',
  'requestPrincipals',
  'notRequestPrincipals',
  'namespaces',
  'notNamespaces',
  'serviceAccounts',
  'notServiceAccounts',
] as const;
// Named variables, empty braces, `/*` and `/**` are not supported inside path templates.
const BAD_TEMPLATE = /\/\{\w+=\*\*?\}|\{\w*\}|\/\*\*?|\*\*?\//;

function isTemplate(path: string): boolean {
  return path.includes('{*}') || path.includes('{**}');
}

function checkWildcard(value: string, at: Reporter): void {
  if (value.length > 2 && value.slice(1, -1).includes('*')) {
    at.report(
      'GW-AP-WILDCARD-POSITION',
      `${show(value)}: "*" is only a wildcard as the whole value or its first or last character`,
    );
  }
}

function checkList(
  values: readonly string[] | undefined,
  at: Reporter,
  each?: (value: string, at: Reporter) => void,
): void {
  (values ?? []).forEach((value, i) => {
    if (value === '') at.at(i).report('GW-AP-EMPTY-VALUE', 'empty value not allowed');
    else each?.(value, at.at(i));
  });
}

function checkSource(source: Source, at: Reporter): void {
  if (Object.values(source).every((v) => v === undefined || (Array.isArray(v) && v.length === 0))) {
    at.report('GW-AP-SOURCE-EMPTY', '`from.source` must set at least one field');
  }
  for (const field of IP_FIELDS)
    checkList(source[field], at.at(field), (v, here) => here.reportProblem(checkIpOrCidr(v)));
  for (const field of MATCH_SOURCE_FIELDS) checkList(source[field], at.at(field), checkWildcard);
  for (const field of ['principals', 'notPrincipals'] as const) {
    checkList(source[field], at.at(field), (v, here) => {
      if (v.startsWith('spiffe://'))
        here.report(
          'GW-AP-PRINCIPAL-SPIFFE',
          `${show(v)}: principals are matched without the spiffe:// prefix`,
        );
    });
  }
  for (const field of ['namespaces', 'notNamespaces'] as const) {
    checkList(source[field], at.at(field), (v, here) => {
      if (!v.includes('*') && !isDns1123Label(v))
        here.report('GW-AP-NAMESPACE-INVALID', `${show(v)} is not a namespace name`);
    });
  }
}

function checkPath(path: string, at: Reporter): void {
  if (isTemplate(path)) {
    if (BAD_TEMPLATE.test(path))
      at.report(
        'GW-AP-PATH-TEMPLATE-INVALID',
        `${show(path)}: invalid or unsupported path template`,
      );
    return;
  }
  if (path !== '*' && !path.startsWith('/') && !path.startsWith('*')) {
    at.report(
      'GW-AP-PATH-NOT-ABSOLUTE',
      `${show(path)} does not start with "/" and never matches a request path`,
    );
  }
  checkWildcard(path, at);
}

function checkOperation(operation: Operation, at: Reporter): void {
  if (
    Object.values(operation).every((v) => v === undefined || (Array.isArray(v) && v.length === 0))
  ) {
    at.report('GW-AP-OPERATION-EMPTY', '`to.operation` must set at least one field');
  }
  for (const field of ['ports', 'notPorts'] as const)
    checkList(operation[field], at.at(field), (v, here) => here.reportProblem(checkAuthzPort(v)));
  for (const field of ['paths', 'notPaths'] as const)
    checkList(operation[field], at.at(field), checkPath);
  for (const field of ['hosts', 'notHosts'] as const)
    checkList(operation[field], at.at(field), checkWildcard);
  for (const field of ['methods', 'notMethods'] as const) {
    checkList(operation[field], at.at(field), (v, here) => {
      if (v !== '*' && !HTTP_METHODS.has(v))
        here.report(
          'GW-AP-METHOD-UNKNOWN',
          `${show(v)} is not an upper-case HTTP method (gRPC uses POST)`,
        );
    });
  }
}

/** Checks one rule's from, to and when clauses (reporter at `spec.rules[i]`). */
export function checkAuthzRule(rule: AuthorizationRule, at: Reporter): void {
  if (rule.from !== undefined && rule.from.length === 0)
    at.at('from').report('GW-AP-FROM-EMPTY', '`from` must not be empty');
  (rule.from ?? []).forEach((from, i) => {
    if (from.source === undefined)
      at.at('from', i).report('GW-AP-SOURCE-REQUIRED', '`from.source` must be set');
    else checkSource(from.source, at.at('from', i, 'source'));
  });
  if (rule.to !== undefined && rule.to.length === 0)
    at.at('to').report('GW-AP-TO-EMPTY', '`to` must not be empty');
  (rule.to ?? []).forEach((to, i) => {
    if (to.operation === undefined)
      at.at('to', i).report('GW-AP-OPERATION-REQUIRED', '`to.operation` must be set');
    else checkOperation(to.operation, at.at('to', i, 'operation'));
  });
  (rule.when ?? []).forEach((condition, i) => checkCondition(condition, at.at('when', i)));
}

const TCP_SOURCE_FIELDS = [
  'principals',
  'notPrincipals',
  'namespaces',
  'notNamespaces',
  'ipBlocks',
  'notIpBlocks',
  'remoteIpBlocks',
  'notRemoteIpBlocks',
] as const;

/**
 * Whether a DENY rule uses only HTTP attributes: on TCP ports those cannot be evaluated, so the
 * rule then denies all TCP traffic in scope (Istio warns the same way).
 */
export function isHttpOnlyRule(rule: AuthorizationRule): boolean {
  const sources = (rule.from ?? []).flatMap((f) => (f.source ? [f.source] : []));
  const operations = (rule.to ?? []).flatMap((t) => (t.operation ? [t.operation] : []));
  const tcpFrom = sources.some((s) => TCP_SOURCE_FIELDS.some((f) => s[f] !== undefined));
  const tcpTo = operations.some((o) => o.ports !== undefined || o.notPorts !== undefined);
  return (
    (sources.length > 0 && operations.length === 0 && !tcpFrom) || (operations.length > 0 && !tcpTo)
  );
}
