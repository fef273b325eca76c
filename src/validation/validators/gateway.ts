import { isDns1123Label } from '../checks/dns.js';
import { checkNamespacedHost } from '../checks/hosts.js';
import { UNIX_PREFIX, checkIp, checkUnixAddress } from '../checks/ip.js';
import {
  checkPort,
  checkProtocol,
  isHttpProtocol,
  isTlsProtocol,
  parseProtocol,
} from '../checks/ports.js';
import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import type { KindContext } from '../kind.js';
import { NETWORKING_VERSIONS, defineKind } from '../kind.js';
import { checkServerTls } from '../rules/server-tls.js';
import type { GatewaySpec, Server } from '../schemas/gateway.js';
import { gatewaySpec } from '../schemas/gateway.js';

function checkServerPort(server: Server, at: Reporter): boolean {
  const port = server.port;
  if (!port) {
    at.report('GW-GTW-PORT-REQUIRED', 'server port is required');
    return false;
  }
  const ok = !at.at('protocol').reportProblem(checkProtocol(port.protocol, false));
  const unix = (server.bind ?? '').startsWith(UNIX_PREFIX);
  if ((port.number ?? 0) > 0 || !unix) at.at('number').reportProblem(checkPort(port.number ?? 0));
  if ((port.targetPort ?? 0) > 0)
    at.at('targetPort').report('GW-GTW-TARGET-PORT', 'targetPort has no effect on Gateways');
  if ((port.name ?? '') === '')
    at.at('name').report('GW-GTW-PORT-NAME-REQUIRED', 'server port name must be set');
  return ok;
}

function checkBind(server: Server, at: Reporter): void {
  const bind = server.bind ?? '';
  if (bind.startsWith(UNIX_PREFIX)) {
    at.at('bind').reportProblem(checkUnixAddress(bind.slice(UNIX_PREFIX.length)));
    if ((server.port?.number ?? 0) !== 0)
      at.at('port', 'number').report(
        'GW-GTW-UDS-PORT',
        'port number must be 0 for a unix domain socket bind',
      );
  } else if (bind !== '') at.at('bind').reportProblem(checkIp(bind));
}

function checkTlsPresence(server: Server, at: Reporter): void {
  const protocol = parseProtocol(server.port?.protocol);
  const tls = server.tls;
  if (isTlsProtocol(protocol)) {
    if (!tls)
      at.at('tls').report(
        'GW-GTW-TLS-REQUIRED',
        'server must have TLS settings for HTTPS/TLS protocols',
      );
    return;
  }
  if (!tls) return;
  const passthrough =
    (tls.mode ?? 'PASSTHROUGH') === 'PASSTHROUGH' || tls.mode === 'AUTO_PASSTHROUGH';
  const certs = [tls.caCertificates, tls.privateKey, tls.serverCertificate].some(
    (v) => (v ?? '') !== '',
  );
  if (!isHttpProtocol(protocol) || !passthrough || certs) {
    at.at('tls').report(
      'GW-GTW-TLS-ON-PLAINTEXT',
      `server cannot have TLS settings (other than httpsRedirect) for ${show(server.port?.protocol ?? '')} ports`,
    );
  }
}

function checkServer(server: Server, at: Reporter): void {
  const hosts = server.hosts ?? [];
  if (hosts.length === 0)
    at.at('hosts').report('GW-GTW-SERVER-NO-HOSTS', 'server must contain at least one host');
  hosts.forEach((host, i) => {
    for (const problem of checkNamespacedHost(host, 'gateway'))
      at.at('hosts', i).reportProblem(problem);
  });
  const portOk = checkServerPort(server, at.at('port'));
  checkBind(server, at);
  if (server.tls) checkServerTls(server.tls, at.at('tls'));
  if (portOk) checkTlsPresence(server, at);
}

function checkPortNames(servers: readonly Server[], at: Reporter): void {
  const names = new Set<string>();
  servers.forEach((server, i) => {
    if (!server.port) return;
    const name = server.port.name ?? '';
    if (names.has(name))
      at.at(i, 'port', 'name').report(
        'GW-GTW-PORT-NAME-DUPLICATE',
        `port names in servers must be unique: duplicate name ${show(name)}`,
      );
    names.add(name);
    if (
      server.tls?.httpsRedirect === true &&
      !isHttpProtocol(parseProtocol(server.port.protocol))
    ) {
      at.at(i, 'tls', 'httpsRedirect').report(
        'GW-GTW-HTTPS-REDIRECT-NON-HTTP',
        'tls.httpsRedirect should only be used with HTTP servers',
      );
    }
  });
}

function validateGateway(spec: GatewaySpec, context: KindContext): void {
  if (context.name !== '' && !isDns1123Label(context.name)) {
    context.root
      .at('metadata', 'name')
      .report(
        'GW-GTW-NAME-INVALID',
        `invalid gateway name ${show(context.name)}: must be a DNS-1123 label (no dots)`,
      );
  }
  const servers = spec.servers ?? [];
  if (servers.length === 0)
    context.spec.at('servers').report('GW-GTW-NO-SERVERS', 'gateway must have at least one server');
  servers.forEach((server, i) => checkServer(server, context.spec.at('servers', i)));
  checkPortNames(servers, context.spec.at('servers'));
}

/** Gateway: a load balancer at the edge of the mesh (networking.istio.io). */
export const gatewayKind = defineKind({
  group: 'networking.istio.io',
  kind: 'Gateway',
  plural: 'gateways',
  singular: 'gateway',
  shortNames: ['gw'],
  versions: NETWORKING_VERSIONS,
  storageVersion: 'v1alpha3',
  spec: gatewaySpec,
  validate: validateGateway,
});
