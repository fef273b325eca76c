import { checkGatewayBoundDomain, checkWildcardDomain } from '../checks/dns.js';
import { isHostSubsetOf } from '../checks/hosts.js';
import { checkIpOrCidr, isIpAddress } from '../checks/ip.js';
import { checkLabels } from '../checks/labels.js';
import { checkPort } from '../checks/ports.js';
import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import type { TcpRoute, TlsRoute } from '../schemas/virtual-service.js';
import { checkGatewayNames, checkRouteDestinations } from './destinations.js';

/** What an L4 route check needs to know about its VirtualService. */
export interface L4Context {
  readonly hosts: readonly string[];
  /** True unless the VirtualService names the `mesh` gateway. */
  readonly gatewayOnly: boolean;
}

interface L4Match {
  destinationSubnets?: string[] | undefined;
  port?: number | undefined;
  sourceLabels?: Record<string, string> | undefined;
  gateways?: string[] | undefined;
}

function checkL4Match(match: L4Match, at: Reporter): void {
  (match.destinationSubnets ?? []).forEach((subnet, i) =>
    at.at('destinationSubnets', i).reportProblem(checkIpOrCidr(subnet)),
  );
  if (match.port !== undefined && match.port !== 0)
    at.at('port').reportProblem(checkPort(match.port));
  checkLabels(match.sourceLabels, at.at('sourceLabels'));
  checkGatewayNames(match.gateways, at.at('gateways'));
}

function checkSniHost(sni: string, context: L4Context, at: Reporter): void {
  const problem = context.gatewayOnly
    ? checkGatewayBoundDomain(sni, true)
    : checkWildcardDomain(sni);
  if (problem) {
    if (isIpAddress(sni))
      at.report(
        'GW-VS-TLS-SNI-IP',
        `${show(sni)} is an IP address; SNI carries names and most clients never send an IP`,
      );
    else at.reportProblem(problem);
    return;
  }
  if (!context.hosts.some((host) => isHostSubsetOf(sni, host))) {
    at.report(
      'GW-VS-TLS-SNI-NOT-IN-HOSTS',
      `SNI host ${show(sni)} is not covered by any VirtualService host [${context.hosts.join(', ')}]`,
    );
  }
}

/** Checks one TLS route (reporter at `spec.tls[i]`): matches with SNI hosts, and a route. */
export function checkTlsRoute(route: TlsRoute, context: L4Context, at: Reporter): void {
  const matches = route.match ?? [];
  if (matches.length === 0)
    at.report('GW-VS-TLS-MATCH-REQUIRED', 'TLS route must have at least one match condition');
  matches.forEach((match, i) => {
    const here = at.at('match', i);
    const snis = match.sniHosts ?? [];
    if (snis.length === 0)
      here.report('GW-VS-TLS-SNI-REQUIRED', 'TLS match must have at least one SNI host');
    snis.forEach((sni, j) => checkSniHost(sni, context, here.at('sniHosts', j)));
    checkL4Match(match, here);
  });
  if ((route.route ?? []).length === 0)
    at.report('GW-VS-TLS-ROUTE-REQUIRED', 'TLS route is required');
  checkRouteDestinations(route.route ?? [], at.at('route'));
}

/** Checks one TCP route (reporter at `spec.tcp[i]`). */
export function checkTcpRoute(route: TcpRoute, at: Reporter): void {
  (route.match ?? []).forEach((match, i) => checkL4Match(match, at.at('match', i)));
  if ((route.route ?? []).length === 0)
    at.report('GW-VS-TCP-ROUTE-REQUIRED', 'TCP route is required');
  checkRouteDestinations(route.route ?? [], at.at('route'));
}
