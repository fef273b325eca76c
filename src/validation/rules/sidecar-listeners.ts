import { checkNamespacedHost } from '../checks/hosts.js';
import { UNIX_PREFIX, checkIp, checkUnixAddress } from '../checks/ip.js';
import {
  checkPort,
  checkPortName,
  checkProtocol,
  isHttpProtocol,
  parseProtocol,
} from '../checks/ports.js';
import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import type { EgressListener, IngressListener } from '../schemas/sidecar.js';
import { checkServerTls } from './server-tls.js';
import { checkConnectionPool } from './traffic-policy.js';

type SidecarPort = NonNullable<IngressListener['port']>;
const LOOPBACKS = new Set(['', '127.0.0.1', '0.0.0.0', '::1', '::']);

function checkPortFields(port: SidecarPort, at: Reporter, allowZero: boolean): void {
  if ((port.name ?? '') !== '') at.at('name').reportProblem(checkPortName(port.name ?? ''));
  at.at('protocol').reportProblem(checkProtocol(port.protocol, true));
  if (!(allowZero && (port.number ?? 0) === 0))
    at.at('number').reportProblem(checkPort(port.number ?? 0));
  if ((port.targetPort ?? 0) > 0)
    at.at('targetPort').report('GW-SC-TARGET-PORT', 'targetPort has no effect on Sidecars');
}

/** Splits `host:port`, `[v6]:port` or `:port`; undefined when the form is wrong. */
function splitHostPort(value: string): { host: string; port: string } | undefined {
  const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(value);
  if (bracketed) return { host: bracketed[1] ?? '', port: bracketed[2] ?? '' };
  const colon = value.lastIndexOf(':');
  if (colon < 0 || value.slice(0, colon).includes(':')) return undefined;
  return { host: value.slice(0, colon), port: value.slice(colon + 1) };
}

function checkDefaultEndpoint(endpoint: string, at: Reporter): void {
  if (endpoint.startsWith(UNIX_PREFIX)) {
    at.reportProblem(checkUnixAddress(endpoint.slice(UNIX_PREFIX.length)));
    return;
  }
  const parts = splitHostPort(endpoint);
  if (!parts || !LOOPBACKS.has(parts.host) || !/^\d+$/.test(parts.port)) {
    at.report(
      'GW-SC-DEFAULT-ENDPOINT-INVALID',
      `defaultEndpoint ${show(endpoint)} must be 127.0.0.1:<port>, 0.0.0.0:<port>, [::1]:<port>, [::]:<port> or unix://path`,
    );
    return;
  }
  at.reportProblem(checkPort(Number(parts.port)));
}

function checkIngressTls(listener: IngressListener, at: Reporter): void {
  const tls = listener.tls;
  if (!tls) return;
  const unsupported: string[] = [];
  if ((tls.subjectAltNames ?? []).length > 0) unsupported.push('subjectAltNames');
  if (tls.httpsRedirect === true) unsupported.push('httpsRedirect');
  if ((tls.credentialName ?? '') !== '') unsupported.push('credentialName');
  if (tls.mode === 'ISTIO_MUTUAL' || tls.mode === 'AUTO_PASSTHROUGH')
    unsupported.push(`mode ${tls.mode}`);
  for (const what of unsupported)
    at.report('GW-SC-INGRESS-TLS-UNSUPPORTED', `${what} is not supported in sidecar ingress tls`);
  checkServerTls(tls, at);
}

/** Checks the ingress listeners of a Sidecar (reporter at `spec.ingress`). */
export function checkIngressListeners(listeners: readonly IngressListener[], at: Reporter): void {
  const ports = new Set<number>();
  listeners.forEach((listener, i) => {
    const here = at.at(i);
    const port = listener.port;
    if (!port) {
      here
        .at('port')
        .report('GW-SC-INGRESS-PORT-REQUIRED', 'port is required for ingress listeners');
      return;
    }
    checkPortFields(port, here.at('port'), false);
    if ((listener.bind ?? '') !== '') here.at('bind').reportProblem(checkIp(listener.bind ?? ''));
    if (ports.has(port.number ?? 0))
      here
        .at('port', 'number')
        .report(
          'GW-SC-PORT-DUPLICATE',
          `ports on IP bound listeners must be unique (${port.number ?? 0})`,
        );
    ports.add(port.number ?? 0);
    if ((listener.defaultEndpoint ?? '') !== '')
      checkDefaultEndpoint(listener.defaultEndpoint ?? '', here.at('defaultEndpoint'));
    checkIngressTls(listener, here.at('tls'));
    if (listener.connectionPool)
      checkConnectionPool(listener.connectionPool, here.at('connectionPool'));
    if (listener.connectionPool?.http && !isHttpProtocol(parseProtocol(port.protocol))) {
      here
        .at('connectionPool', 'http')
        .report(
          'GW-SC-INGRESS-HTTP-POOL-NON-HTTP',
          `port ${port.number ?? 0} is not HTTP (${show(port.protocol ?? '')}); only the TCP settings apply`,
        );
    }
  });
}

function checkEgressBinding(listener: EgressListener, at: Reporter): void {
  const port = listener.port;
  if (!port) return;
  checkPortFields(port, at.at('port'), true);
  const bind = listener.bind ?? '';
  if ((port.number ?? 0) !== 0) {
    if (bind !== '') at.at('bind').reportProblem(checkIp(bind));
    return;
  }
  if (!bind.startsWith(UNIX_PREFIX))
    at.at('bind').report(
      'GW-SC-EGRESS-UDS-BIND',
      'ports with 0 value must have a unix domain socket bind address',
    );
  else at.at('bind').reportProblem(checkUnixAddress(bind.slice(UNIX_PREFIX.length)));
  const mode = listener.captureMode ?? 'DEFAULT';
  if (mode !== 'DEFAULT' && mode !== 'NONE')
    at.at('captureMode').report(
      'GW-SC-EGRESS-UDS-CAPTURE-MODE',
      'captureMode must be DEFAULT or NONE for unix domain socket listeners',
    );
}

function checkEgressHosts(hosts: readonly string[], at: Reporter): void {
  if (hosts.length === 0)
    at.report('GW-SC-EGRESS-NO-HOSTS', 'egress listener must contain at least one host');
  const seen = new Map<string, Set<string>>();
  hosts.forEach((host, i) => {
    for (const problem of checkNamespacedHost(host, 'sidecar')) at.at(i).reportProblem(problem);
    const slash = host.indexOf('/');
    if (slash < 0) return;
    const services = seen.get(host.slice(0, slash)) ?? new Set<string>();
    const service = host.slice(slash + 1);
    if (services.has(service) || services.has('*') || (service === '*' && services.size > 0)) {
      at.at(i).report('GW-SC-EGRESS-HOST-DUPLICATE', `duplicated egress host ${show(host)}`);
    }
    seen.set(host.slice(0, slash), services.add(service));
  });
  if (seen.get('*')?.has('*') === true && seen.size > 1)
    at.report(
      'GW-SC-EGRESS-ALL-HOSTS-MIXED',
      '"*/*" selects all hosts; no other hosts can be added',
    );
}

/** Checks the egress listeners of a Sidecar (reporter at `spec.egress`). */
export function checkEgressListeners(listeners: readonly EgressListener[], at: Reporter): void {
  const ports = new Set<number>();
  const sockets = new Set<string>();
  let catchAll = false;
  listeners.forEach((listener, i) => {
    const here = at.at(i);
    if (!listener.port) {
      if (catchAll || i !== listeners.length - 1)
        here.report(
          'GW-SC-EGRESS-CATCH-ALL',
          'only one egress listener may omit the port, and it must be the last',
        );
      catchAll = true;
    } else if ((listener.port.number ?? 0) === 0) {
      if (sockets.has(listener.bind ?? ''))
        here
          .at('bind')
          .report(
            'GW-SC-EGRESS-UDS-DUPLICATE',
            'unix domain socket values for listeners must be unique',
          );
      sockets.add(listener.bind ?? '');
    } else {
      if (ports.has(listener.port.number ?? 0))
        here
          .at('port', 'number')
          .report(
            'GW-SC-PORT-DUPLICATE',
            `ports on IP bound listeners must be unique (${listener.port.number ?? 0})`,
          );
      ports.add(listener.port.number ?? 0);
    }
    checkEgressBinding(listener, here);
    checkEgressHosts(listener.hosts ?? [], here.at('hosts'));
  });
}
