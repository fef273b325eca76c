import { parseTrafficAnnotations } from '../../src/injection/annotations.js';
import type { TrafficSettings } from '../../src/injection/traffic.js';

/**
 * The annotation matrix of the rule-builder goldens: every subset of the five traffic annotations
 * (each present with a representative value, mixing IPv4 and IPv6, or absent), plus the edge
 * values: explicit wildcards, empty include lists, and Istio's keys.
 */

/** One golden case: its file stem and the pod annotations it starts from. */
export interface GoldenCase {
  readonly name: string;
  readonly annotations: Readonly<Record<string, string>>;
}

const values = {
  includeOutboundIPRanges: ['iorange', '10.0.0.0/8,fd00::/8'],
  excludeOutboundIPRanges: ['eorange', '10.96.0.10,169.254.169.254/32,2001:db8::/32'],
  includeInboundPorts: ['iiport', '8080,9090'],
  excludeInboundPorts: ['eiport', '9090,3306'],
  excludeOutboundPorts: ['eoport', '5432,6379'],
} as const;

const names = Object.keys(values) as (keyof typeof values)[];

function matrix(): GoldenCase[] {
  const cases: GoldenCase[] = [];
  for (let mask = 0; mask < 2 ** names.length; mask++) {
    const chosen = names.filter((_, bit) => (mask & (1 << bit)) !== 0);
    const annotations = Object.fromEntries(
      chosen.map((name) => [`traffic.gangway.io/${name}`, values[name][1]]),
    );
    const name = chosen.length === 0 ? 'defaults' : chosen.map((n) => values[n][0]).join('+');
    cases.push({ name, annotations });
  }
  return cases;
}

const edges: GoldenCase[] = [
  {
    name: 'edge-wildcards',
    annotations: {
      'traffic.gangway.io/includeOutboundIPRanges': '*',
      'traffic.gangway.io/includeInboundPorts': '*',
    },
  },
  {
    name: 'edge-capture-nothing',
    annotations: {
      'traffic.gangway.io/includeOutboundIPRanges': '',
      'traffic.gangway.io/includeInboundPorts': '',
    },
  },
  {
    name: 'edge-include-port-also-excluded',
    annotations: {
      'traffic.gangway.io/includeInboundPorts': '15020,8080',
      'traffic.gangway.io/excludeInboundPorts': '8080',
    },
  },
  {
    name: 'edge-istio-keys',
    annotations: {
      'traffic.sidecar.istio.io/excludeOutboundIPRanges': '192.168.0.0/16',
      'traffic.sidecar.istio.io/excludeInboundPorts': '8443',
    },
  },
];

/** Every golden case, in a fixed order. */
export const goldenCases: readonly GoldenCase[] = [...matrix(), ...edges];

/** The traffic settings of a case, through the injector's own annotation parser. */
export function settingsOf(c: GoldenCase): TrafficSettings {
  return parseTrafficAnnotations(c.annotations, true);
}
