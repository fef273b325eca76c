import { checkGatewayBoundDomain, checkWildcardDomain } from '../checks/dns.js';
import { checkExportTo } from '../checks/export-to.js';
import { hostsOverlap } from '../checks/hosts.js';
import { isIpAddress } from '../checks/ip.js';
import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import type { KindContext } from '../kind.js';
import { NETWORKING_VERSIONS, defineKind } from '../kind.js';
import { MESH_GATEWAY, checkGatewayNames } from '../rules/destinations.js';
import { jwtClaimMatches } from '../rules/http-match.js';
import { checkHttpRoute } from '../rules/http-route.js';
import { checkTcpRoute, checkTlsRoute } from '../rules/l4-routes.js';
import { analyzeReachability } from '../rules/vs-analysis.js';
import type { VirtualServiceSpec } from '../schemas/virtual-service.js';
import { virtualServiceSpec } from '../schemas/virtual-service.js';

function checkDelegateSpec(spec: VirtualServiceSpec, at: Reporter): void {
  if ((spec.hosts ?? []).length > 0) return;
  if ((spec.gateways ?? []).length > 0)
    at.at('gateways').report(
      'GW-VS-DELEGATE-GATEWAYS',
      'a delegate VirtualService (no hosts) must not name gateways',
    );
  if ((spec.tls ?? []).length > 0)
    at.at('tls').report('GW-VS-DELEGATE-TLS', 'a delegate VirtualService must not have tls routes');
  if ((spec.tcp ?? []).length > 0)
    at.at('tcp').report('GW-VS-DELEGATE-TCP', 'a delegate VirtualService must not have tcp routes');
}

function checkHosts(spec: VirtualServiceSpec, gatewayOnly: boolean, at: Reporter): void {
  const hosts = spec.hosts ?? [];
  const sni = (spec.tls ?? []).some((r) =>
    (r.match ?? []).some((m) => (m.sniHosts ?? []).length > 0),
  );
  let allValid = true;
  hosts.forEach((host, i) => {
    const problem = gatewayOnly ? checkGatewayBoundDomain(host, sni) : checkWildcardDomain(host);
    if (problem && !isIpAddress(host)) {
      allValid = at.at(i).reportProblem(problem) ? false : allValid;
    } else if (!problem && !gatewayOnly && host === '*') {
      at.at(i).report(
        'GW-VS-HOST-WILDCARD-MESH',
        'the host "*" is not allowed for VirtualServices bound to the mesh gateway',
      );
      allValid = false;
    }
  });
  if (!allValid) return;
  hosts.forEach((host, i) => {
    const earlier = hosts.slice(0, i).findIndex((other) => hostsOverlap(other, host));
    if (earlier >= 0)
      at.at(i).report(
        'GW-VS-HOST-DUPLICATE',
        `duplicate hosts in virtual service: ${show(hosts[earlier])} & ${show(host)}`,
      );
  });
}

function checkClaimRouting(spec: VirtualServiceSpec, gatewayOnly: boolean, at: Reporter): void {
  if (gatewayOnly) return;
  (spec.http ?? []).forEach((route, i) => {
    for (const where of jwtClaimMatches(route.match ?? [], at.at('http', i, 'match'))) {
      where.report(
        'GW-VS-JWT-CLAIM-NO-GATEWAY',
        'JWT claim based routing is only supported for VirtualServices bound to gateways',
      );
    }
  });
}

function checkRoutes(spec: VirtualServiceSpec, gatewayOnly: boolean, at: Reporter): void {
  const http = spec.http ?? [];
  const tls = spec.tls ?? [];
  const tcp = spec.tcp ?? [];
  if (http.length + tls.length + tcp.length === 0)
    at.report('GW-VS-NO-ROUTES', 'http, tcp or tls must be provided');
  const inDelegate = (spec.hosts ?? []).length === 0;
  http.forEach((route, i) => checkHttpRoute(route, at.at('http', i), inDelegate));
  const l4 = {
    hosts: spec.hosts ?? [],
    gatewayOnly: gatewayOnly || (spec.gateways ?? []).length === 0,
  };
  tls.forEach((route, i) => checkTlsRoute(route, l4, at.at('tls', i)));
  tcp.forEach((route, i) => checkTcpRoute(route, at.at('tcp', i)));
  analyzeReachability(http, at.at('http'));
  analyzeReachability(tls, at.at('tls'));
  analyzeReachability(tcp, at.at('tcp'));
}

function validateVirtualService(spec: VirtualServiceSpec, context: KindContext): void {
  const at = context.spec;
  const gateways = spec.gateways ?? [];
  // Bound to gateways only when gateways are named and `mesh` is not among them.
  const gatewayOnly = gateways.length > 0 && !gateways.includes(MESH_GATEWAY);
  checkDelegateSpec(spec, at);
  checkGatewayNames(gateways, at.at('gateways'));
  checkClaimRouting(spec, gatewayOnly, at);
  checkHosts(spec, gatewayOnly, at.at('hosts'));
  checkRoutes(spec, gatewayOnly, at);
  checkExportTo(spec.exportTo, at.at('exportTo'), { namespace: context.namespace });
}

/** VirtualService: traffic routing for hosts (networking.istio.io). */
export const virtualServiceKind = defineKind({
  group: 'networking.istio.io',
  kind: 'VirtualService',
  plural: 'virtualservices',
  singular: 'virtualservice',
  shortNames: ['vs'],
  versions: NETWORKING_VERSIONS,
  storageVersion: 'v1alpha3',
  spec: virtualServiceSpec,
  validate: validateVirtualService,
});
