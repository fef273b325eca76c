import { checkFqdn } from '../checks/dns.js';
import { UNIX_PREFIX, checkUnixAddress, isIpAddress } from '../checks/ip.js';
import { checkLabels } from '../checks/labels.js';
import { checkPort, checkPortName } from '../checks/ports.js';
import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import type { WorkloadEntrySpec } from '../schemas/service-entry.js';

/** How a workload entry is judged: alone, or as an endpoint of a ServiceEntry. */
export interface WorkloadEntryOptions {
  /** Port names the ServiceEntry defines; undefined for a standalone WorkloadEntry. */
  readonly servicePorts?: ReadonlySet<string>;
  /** Whether the address may be a hostname (false for STATIC ServiceEntry endpoints). */
  readonly allowFqdn: boolean;
}

function checkAddress(entry: WorkloadEntrySpec, at: Reporter, options: WorkloadEntryOptions): void {
  const address = entry.address ?? '';
  if (address.startsWith(UNIX_PREFIX)) {
    at.at('address').reportProblem(checkUnixAddress(address.slice(UNIX_PREFIX.length)));
    if (Object.keys(entry.ports ?? {}).length > 0)
      at.at('ports').report(
        'GW-WE-UNIX-PORTS',
        `unix endpoint ${show(address)} must not include ports`,
      );
    return;
  }
  if (address === '' || isIpAddress(address)) return;
  if (!options.allowFqdn) {
    at.at('address').report(
      'GW-SE-ENDPOINT-ADDRESS-INVALID',
      `endpoint address ${show(address)} is not a valid IP address`,
    );
  } else if (checkFqdn(address) !== undefined) {
    at.at('address').report(
      'GW-WE-ADDRESS-INVALID',
      `address ${show(address)} is not a valid FQDN or IP address`,
    );
  }
}

/** Checks a workload entry: an address (IP, FQDN or unix://), port names and numbers, labels. */
export function checkWorkloadEntry(
  entry: WorkloadEntrySpec,
  at: Reporter,
  options: WorkloadEntryOptions,
): void {
  if ((entry.address ?? '') === '') {
    if ((entry.network ?? '') === '') {
      at.at('address').report('GW-WE-ADDRESS-REQUIRED', 'address is required');
      return;
    }
    at.at('address').report(
      'GW-WE-ADDRESS-UNSET',
      `address is unset with network ${show(entry.network)}`,
    );
  }
  checkAddress(entry, at, options);
  for (const [name, port] of Object.entries(entry.ports ?? {})) {
    if (options.servicePorts && !options.servicePorts.has(name)) {
      at.at('ports', name).report(
        'GW-SE-ENDPOINT-PORT-UNKNOWN',
        `endpoint port ${show(name)} is not defined by the service entry`,
      );
    }
    at.at('ports', name).reportProblem(checkPortName(name));
    at.at('ports', name).reportProblem(checkPort(port));
  }
  checkLabels(entry.labels, at.at('labels'));
}
