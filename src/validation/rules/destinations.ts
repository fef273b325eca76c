import { isDns1123Label } from '../checks/dns.js';
import { checkWildcardDomain } from '../checks/dns.js';
import { checkHeaderOperations } from '../checks/headers.js';
import { checkPort } from '../checks/ports.js';
import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import type {
  Destination,
  HttpRouteDestination,
  RouteDestination,
} from '../schemas/virtual-service.js';

/** Checks a subset name: a non-empty DNS-1123 label. */
export function checkSubsetName(name: string, at: Reporter): void {
  if (name === '') at.report('GW-SUBSET-NAME-INVALID', 'subset name cannot be empty');
  else if (!isDns1123Label(name))
    at.report('GW-SUBSET-NAME-INVALID', `subset name ${show(name)} is not a DNS-1123 label`);
}

/** Checks a destination: a host (not `*`), a valid subset name, a port in range. */
export function checkDestination(destination: Destination, at: Reporter): void {
  const host = destination.host ?? '';
  if (host === '')
    at.at('host').report('GW-VS-DESTINATION-HOST-REQUIRED', 'destination host is required');
  else if (host === '*')
    at.at('host').report('GW-VS-DESTINATION-HOST-WILDCARD', 'destination host cannot be "*"');
  else at.at('host').reportProblem(checkWildcardDomain(host));
  if (destination.subset !== undefined) checkSubsetName(destination.subset, at.at('subset'));
  if (destination.port?.number !== undefined)
    at.at('port', 'number').reportProblem(checkPort(destination.port.number));
}

function checkWeights(weights: ReadonlyArray<number | undefined>, at: Reporter): void {
  let total = 0;
  weights.forEach((weight, i) => {
    if (weight !== undefined && weight < 0) {
      at.at(i, 'weight').report('GW-VS-WEIGHT-NEGATIVE', `must be >= 0 (got ${weight})`);
    }
    total += Math.max(weight ?? 0, 0);
  });
  if (weights.length > 1 && total === 0) {
    at.report(
      'GW-VS-WEIGHT-TOTAL-ZERO',
      `the ${weights.length} destinations have a total weight of 0; give at least one a weight`,
    );
  }
}

function checkEntry(entry: { destination?: Destination | undefined }, at: Reporter): void {
  if (entry.destination === undefined)
    at.report('GW-VS-DESTINATION-REQUIRED', 'destination is required');
  else checkDestination(entry.destination, at.at('destination'));
}

/** Checks the weighted destinations of a TCP or TLS route (reporter at the `route` list). */
export function checkRouteDestinations(list: readonly RouteDestination[], at: Reporter): void {
  list.forEach((entry, i) => checkEntry(entry, at.at(i)));
  checkWeights(
    list.map((e) => e.weight),
    at,
  );
}

/** Checks the weighted destinations of an HTTP route, including their header operations. */
export function checkHttpRouteDestinations(
  list: readonly HttpRouteDestination[],
  at: Reporter,
): void {
  list.forEach((entry, i) => {
    checkEntry(entry, at.at(i));
    checkHeaderOperations(entry.headers?.request, at.at(i, 'headers', 'request'), true);
    checkHeaderOperations(entry.headers?.response, at.at(i, 'headers', 'response'), false);
  });
  checkWeights(
    list.map((e) => e.weight),
    at,
  );
}

/** The reserved gateway name meaning every sidecar in the mesh. */
export const MESH_GATEWAY = 'mesh';

/** Checks gateway references: `mesh`, `name` or `namespace/name`; `name.namespace` is legacy. */
export function checkGatewayNames(names: readonly string[] | undefined, at: Reporter): void {
  (names ?? []).forEach((name, i) => {
    const slash = name.indexOf('/');
    if (slash < 0) {
      if (name.includes('.')) {
        const [gw, ns] = name.split('.');
        at.at(i).report(
          'GW-VS-GATEWAY-REF-LEGACY',
          `legacy gateway name ${show(name)}; prefer ${show(`${ns ?? ''}/${gw ?? ''}`)}`,
        );
        at.at(i).reportProblem(checkWildcardDomain(name));
      } else if (!isDns1123Label(name)) {
        at.at(i).report('GW-VS-GATEWAY-REF-INVALID', `invalid gateway name ${show(name)}`);
      }
      return;
    }
    const namespace = name.slice(0, slash);
    const gateway = name.slice(slash + 1);
    if (!isDns1123Label(namespace) || !isDns1123Label(gateway)) {
      at.at(i).report(
        'GW-VS-GATEWAY-REF-INVALID',
        `${show(name)} must be namespace/name with DNS-1123 labels`,
      );
    }
  });
}
