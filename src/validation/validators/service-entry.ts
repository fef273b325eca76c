import { checkFqdn, checkWildcardDomain, isPartialWildcard } from '../checks/dns.js';
import { checkExportTo } from '../checks/export-to.js';
import { UNIX_PREFIX, checkIpOrCidr, isIpAddress } from '../checks/ip.js';
import { checkLabels } from '../checks/labels.js';
import {
  checkPort,
  checkPortName,
  checkProtocol,
  isHttpProtocol,
  isTcpProtocol,
  isTlsProtocol,
  parseProtocol,
} from '../checks/ports.js';
import { checkSelectorLabels } from '../checks/selectors.js';
import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import type { KindContext } from '../kind.js';
import { NETWORKING_VERSIONS, defineKind } from '../kind.js';
import { checkWorkloadEntry } from '../rules/workload-entry.js';
import type { ServiceEntrySpec, WorkloadEntrySpec } from '../schemas/service-entry.js';
import { serviceEntrySpec } from '../schemas/service-entry.js';

/** The annotation opting a ServiceEntry in to automatic VIP allocation (no addresses needed). */
export const AUTO_ALLOCATE_ANNOTATION = 'networking.istio.io/enable-autoallocate-ip';

function checkHosts(spec: ServiceEntrySpec, at: Reporter): void {
  const hosts = spec.hosts ?? [];
  if (hosts.length === 0) at.report('GW-SE-NO-HOSTS', 'service entry must have at least one host');
  hosts.forEach((host, i) => {
    if (host === '*')
      at.at(i).report(
        'GW-HOST-WILDCARD-NOT-ALLOWED',
        'the host "*" is not allowed in a ServiceEntry',
      );
    else if (!at.at(i).reportProblem(checkWildcardDomain(host)) && isPartialWildcard(host)) {
      at.at(i).report(
        'GW-SE-HOST-PARTIAL-WILDCARD',
        `partial wildcard ${show(host)} is not supported`,
      );
    }
  });
}

function checkAddresses(spec: ServiceEntrySpec, at: Reporter): void {
  let cidr = false;
  (spec.addresses ?? []).forEach((address, i) => {
    cidr ||= address.includes('/');
    at.at('addresses', i).reportProblem(checkIpOrCidr(address));
  });
  const resolution = spec.resolution ?? 'NONE';
  if (cidr && resolution !== 'NONE' && resolution !== 'STATIC') {
    at.at('addresses').report(
      'GW-SE-CIDR-RESOLUTION',
      `CIDR addresses are allowed only for NONE/STATIC resolution (got ${resolution})`,
    );
  }
}

function checkPorts(spec: ServiceEntrySpec, autoAllocate: boolean, at: Reporter): void {
  const names = new Set<string>();
  const numbers = new Set<number>();
  (spec.ports ?? []).forEach((port, i) => {
    const here = at.at(i);
    if (names.has(port.name ?? ''))
      here
        .at('name')
        .report('GW-SE-PORT-NAME-DUPLICATE', `port name ${show(port.name ?? '')} already defined`);
    if (numbers.has(port.number ?? 0))
      here
        .at('number')
        .report('GW-SE-PORT-NUMBER-DUPLICATE', `port ${port.number ?? 0} already defined`);
    names.add(port.name ?? '');
    numbers.add(port.number ?? 0);
    if ((port.targetPort ?? 0) !== 0) {
      here.at('targetPort').reportProblem(checkPort(port.targetPort ?? 0));
      if ((spec.resolution ?? 'NONE') === 'NONE')
        here
          .at('targetPort')
          .report('GW-SE-TARGET-PORT-NONE', 'targetPort has no effect when resolution is NONE');
    }
    const tcp = (port.protocol ?? '') === '' || port.protocol === 'TCP';
    if ((spec.addresses ?? []).length === 0 && !autoAllocate && tcp) {
      here.report(
        'GW-SE-TCP-NO-ADDRESS',
        'addresses are required for ports serving TCP (or unset) protocol unless DNS auto-allocation is enabled',
      );
    }
    here.at('name').reportProblem(checkPortName(port.name ?? ''));
    here.at('protocol').reportProblem(checkProtocol(port.protocol, true));
    here.at('number').reportProblem(checkPort(port.number ?? 0));
  });
}

function checkDnsEndpoint(
  entry: WorkloadEntrySpec,
  ports: ReadonlySet<string>,
  at: Reporter,
): void {
  const address = entry.address ?? '';
  if (!isIpAddress(address) && checkFqdn(address) !== undefined) {
    at.at('address').report(
      'GW-SE-ENDPOINT-ADDRESS-INVALID',
      `endpoint address ${show(address)} is not a valid FQDN or IP address`,
    );
  }
  checkLabels(entry.labels, at.at('labels'));
  for (const [name, port] of Object.entries(entry.ports ?? {})) {
    if (!ports.has(name))
      at.at('ports', name).report(
        'GW-SE-ENDPOINT-PORT-UNKNOWN',
        `endpoint port ${show(name)} is not defined by the service entry`,
      );
    at.at('ports', name).reportProblem(checkPortName(name));
    at.at('ports', name).reportProblem(checkPort(port));
  }
}

function checkStatic(spec: ServiceEntrySpec, ports: ReadonlySet<string>, at: Reporter): void {
  const endpoints = spec.endpoints ?? [];
  if (endpoints.length === 0 && spec.workloadSelector === undefined) {
    at.report(
      'GW-SE-STATIC-NO-ENDPOINTS',
      'STATIC resolution without endpoints or workloadSelector has no endpoints unless WorkloadEntries select it',
    );
  }
  endpoints.forEach((entry, i) => {
    checkWorkloadEntry(entry, at.at('endpoints', i), { servicePorts: ports, allowFqdn: false });
    if ((entry.address ?? '').startsWith(UNIX_PREFIX) && ports.size !== 1) {
      at.at('endpoints', i).report(
        'GW-SE-UNIX-SERVICE-PORTS',
        'exactly 1 service port is required for unix domain socket endpoints',
      );
    }
  });
}

function checkDns(spec: ServiceEntrySpec, ports: ReadonlySet<string>, at: Reporter): void {
  const endpoints = spec.endpoints ?? [];
  const resolution = spec.resolution ?? 'DNS';
  if (endpoints.length === 0) {
    (spec.hosts ?? []).forEach((host, i) => {
      if (checkFqdn(host) !== undefined)
        at.at('hosts', i).report(
          'GW-SE-DNS-HOST-NOT-FQDN',
          `hosts must be FQDNs if no endpoints are provided for resolution ${resolution}`,
        );
    });
  }
  if (resolution === 'DNS_ROUND_ROBIN' && endpoints.length > 1) {
    at.at('endpoints').report(
      'GW-SE-DNS-RR-ENDPOINTS',
      `there must be 0 or 1 endpoint for resolution ${resolution} (got ${endpoints.length})`,
    );
  }
  endpoints.forEach((entry, i) => checkDnsEndpoint(entry, ports, at.at('endpoints', i)));
  const tcp = (spec.ports ?? []).some((p) => isTcpProtocol(parseProtocol(p.protocol)));
  if ((spec.addresses ?? []).length > 0 && tcp && (spec.hosts ?? []).length > 1) {
    at.at('hosts').report(
      'GW-SE-MULTI-HOST-ADDRESS-TCP',
      'service entry should not have more than one host together with addresses and a TCP port',
    );
  }
}

function checkResolution(spec: ServiceEntrySpec, at: Reporter): void {
  const ports = new Set((spec.ports ?? []).map((p) => p.name ?? ''));
  const resolution = spec.resolution ?? 'NONE';
  if (resolution === 'NONE') {
    if ((spec.endpoints ?? []).length > 0)
      at.at('endpoints').report(
        'GW-SE-NONE-WITH-ENDPOINTS',
        'no endpoints should be provided for resolution NONE',
      );
    if (spec.workloadSelector)
      at.at('workloadSelector').report(
        'GW-SE-SELECTOR-WITH-RESOLUTION',
        'workloadSelector should not be set when resolution is NONE',
      );
  } else if (resolution === 'STATIC') checkStatic(spec, ports, at);
  else checkDns(spec, ports, at);
  const plain = (spec.ports ?? []).some(
    (p) => !isHttpProtocol(parseProtocol(p.protocol)) && !isTlsProtocol(parseProtocol(p.protocol)),
  );
  if (resolution !== 'NONE' && (spec.hosts ?? []).length > 1 && plain) {
    at.at('hosts').report(
      'GW-SE-MULTI-HOST-TCP',
      'multiple hosts provided with non-HTTP, non-TLS ports',
    );
  }
}

function validateServiceEntry(spec: ServiceEntrySpec, context: KindContext): void {
  const at = context.spec;
  if (spec.workloadSelector)
    checkSelectorLabels(spec.workloadSelector.labels, at.at('workloadSelector'), 'labels');
  if (spec.workloadSelector && (spec.endpoints ?? []).length > 0) {
    at.report(
      'GW-SE-SELECTOR-AND-ENDPOINTS',
      'only one of workloadSelector or endpoints is allowed',
    );
  }
  checkHosts(spec, at.at('hosts'));
  checkAddresses(spec, at);
  checkPorts(spec, context.annotations[AUTO_ALLOCATE_ANNOTATION] === 'true', at.at('ports'));
  checkResolution(spec, at);
  checkExportTo(spec.exportTo, at.at('exportTo'), {
    namespace: context.namespace,
    allowNone: true,
  });
}

/** ServiceEntry: adds entries to the mesh's service registry (networking.istio.io). */
export const serviceEntryKind = defineKind({
  group: 'networking.istio.io',
  kind: 'ServiceEntry',
  plural: 'serviceentries',
  singular: 'serviceentry',
  shortNames: ['se'],
  versions: NETWORKING_VERSIONS,
  storageVersion: 'v1alpha3',
  spec: serviceEntrySpec,
  validate: validateServiceEntry,
});
