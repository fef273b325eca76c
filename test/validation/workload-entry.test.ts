import { describe, it } from 'vitest';
import type { InvalidCase } from './helpers.js';
import { expectFinding, expectNoErrors, meshObject } from './helpers.js';

const we = (spec: unknown, apiVersion = 'networking.istio.io/v1beta1') =>
  meshObject(apiVersion, 'WorkloadEntry', spec);

const valid: ReadonlyArray<readonly [string, unknown]> = [
  ['an IP address', { address: '2.2.2.2', labels: { app: 'details' }, serviceAccount: 'details' }],
  ['a FQDN', { address: 'vm1.vpc01.corp.net' }],
  ['an IPv6 address with ports', { address: '2001:db8::5', ports: { http: 8080, grpc: 9090 } }],
  ['a unix socket', { address: 'unix:///var/run/vm.sock' }],
  ['a network without address (warning only)', { network: 'vpc1' }],
  ['locality and weight', { address: '10.0.0.1', locality: 'us-east/zone1', weight: 3 }],
  ['labels with a prefix', { address: '10.0.0.1', labels: { 'app.kubernetes.io/name': 'x' } }],
  ['an abstract unix socket', { address: 'unix://@abstract' }],
];

const invalid: readonly InvalidCase[] = [
  ['no address and no network', {}, 'GW-WE-ADDRESS-REQUIRED', 'spec.address'],
  [
    'an address that is neither IP nor FQDN',
    { address: 'not a host' },
    'GW-WE-ADDRESS-INVALID',
    'spec.address',
  ],
  [
    'an IPv4 address with an octet over 255',
    { address: '10.0.0.300' },
    'GW-WE-ADDRESS-INVALID',
    'spec.address',
  ],
  [
    'a port out of range',
    { address: '10.0.0.1', ports: { http: 70000 } },
    'GW-PORT-RANGE',
    'spec.ports.http',
  ],
  ['a zero port', { address: '10.0.0.1', ports: { http: 0 } }, 'GW-PORT-RANGE', 'spec.ports.http'],
  [
    'a port given as a string',
    { address: '10.0.0.1', ports: { http: '80' } },
    'GW-SCHEMA-TYPE',
    'spec.ports.http',
  ],
  [
    'a bad port name',
    { address: '10.0.0.1', ports: { 'my port': 80 } },
    'GW-PORT-NAME-INVALID',
    'spec.ports["my port"]',
  ],
  [
    'a unix socket with ports',
    { address: 'unix:///a.sock', ports: { http: 80 } },
    'GW-WE-UNIX-PORTS',
    'spec.ports',
  ],
  ['a relative unix socket', { address: 'unix://a.sock' }, 'GW-UDS-INVALID', 'spec.address'],
  [
    'a bad label key',
    { address: '10.0.0.1', labels: { '-bad': 'x' } },
    'GW-LABEL-KEY-INVALID',
    'spec.labels["-bad"]',
  ],
  [
    'a bad label value',
    { address: '10.0.0.1', labels: { app: 'has space' } },
    'GW-LABEL-VALUE-INVALID',
    'spec.labels.app',
  ],
  [
    'labels given as a list',
    { address: '10.0.0.1', labels: ['app'] },
    'GW-SCHEMA-TYPE',
    'spec.labels',
  ],
  ['a negative weight', { address: '10.0.0.1', weight: -1 }, 'GW-SCHEMA-RANGE', 'spec.weight'],
  ['a fractional weight', { address: '10.0.0.1', weight: 1.5 }, 'GW-SCHEMA-TYPE', 'spec.weight'],
  [
    'a service account given as a number',
    { address: '10.0.0.1', serviceAccount: 7 },
    'GW-SCHEMA-TYPE',
    'spec.serviceAccount',
  ],
  [
    'an unknown field (warning)',
    { address: '10.0.0.1', hostname: 'vm1' },
    'GW-SCHEMA-UNKNOWN-FIELD',
    'spec.hostname',
  ],
];

describe('WorkloadEntry', () => {
  it.each(valid)('accepts %s', (_name, spec) => expectNoErrors(we(spec)));
  it.each(invalid)('rejects %s', (_name, spec, code, path) => expectFinding(we(spec), code, path));
  it('warns when the address is unset but a network is given', () => {
    expectFinding(we({ network: 'n1' }), 'GW-WE-ADDRESS-UNSET', 'spec.address');
  });
  it('rejects a version WorkloadEntry is not served in', () => {
    expectFinding(
      we({ address: '1.1.1.1' }, 'networking.istio.io/v1alpha1'),
      'GW-MESH-VERSION-UNSERVED',
      'apiVersion',
    );
  });
});
