import { describe, it } from 'vitest';
import type { InvalidCase } from './helpers.js';
import { expectFinding, expectNoErrors, meshObject } from './helpers.js';

const se = (spec: unknown, annotations: Record<string, string> = {}) =>
  meshObject('networking.istio.io/v1', 'ServiceEntry', spec, { annotations });
const HTTP = [{ number: 80, name: 'http', protocol: 'HTTP' }];
const TCP = [{ number: 5432, name: 'tcp', protocol: 'TCP' }];
const base = (extra: Record<string, unknown>) => ({
  hosts: ['api.example.com'],
  ports: HTTP,
  resolution: 'DNS',
  ...extra,
});

const valid: ReadonlyArray<readonly [string, unknown]> = [
  ['DNS resolution of an FQDN', base({})],
  [
    'several TLS hosts resolved by DNS',
    {
      hosts: ['a.example.com', 'b.example.com'],
      ports: [{ number: 443, name: 'tls', protocol: 'TLS' }],
      resolution: 'DNS',
    },
  ],
  [
    'STATIC endpoints with IPs',
    base({
      resolution: 'STATIC',
      endpoints: [{ address: '10.0.0.1' }, { address: '2001:db8::1', ports: { http: 8080 } }],
    }),
  ],
  [
    'a STATIC unix socket endpoint',
    base({ resolution: 'STATIC', endpoints: [{ address: 'unix:///var/run/app.sock' }] }),
  ],
  [
    'NONE with a CIDR',
    { hosts: ['db.internal'], addresses: ['10.1.0.0/16'], ports: TCP, resolution: 'NONE' },
  ],
  [
    'DNS endpoints by hostname',
    base({ endpoints: [{ address: 'us.example.com', ports: { http: 8080 } }] }),
  ],
  [
    'DNS_ROUND_ROBIN with one endpoint',
    base({ resolution: 'DNS_ROUND_ROBIN', endpoints: [{ address: 'lb.example.com' }] }),
  ],
  [
    'a workload selector with STATIC',
    base({
      resolution: 'STATIC',
      location: 'MESH_INTERNAL',
      workloadSelector: { labels: { app: 'details' } },
    }),
  ],
  ['exported to no one', base({ exportTo: ['~'] })],
  ['a wildcard host with NONE', { hosts: ['*.example.com'], ports: HTTP, resolution: 'NONE' }],
];

const invalid: readonly InvalidCase[] = [
  ['no hosts', { ports: HTTP, resolution: 'DNS' }, 'GW-SE-NO-HOSTS', 'spec.hosts'],
  ['the * host', { hosts: ['*'], ports: HTTP }, 'GW-HOST-WILDCARD-NOT-ALLOWED', 'spec.hosts[0]'],
  [
    'endpoints with resolution NONE',
    base({ resolution: 'NONE', endpoints: [{ address: '1.1.1.1' }] }),
    'GW-SE-NONE-WITH-ENDPOINTS',
    'spec.endpoints',
  ],
  [
    'a STATIC endpoint that is a hostname',
    base({ resolution: 'STATIC', endpoints: [{ address: 'db.example.com' }] }),
    'GW-SE-ENDPOINT-ADDRESS-INVALID',
    'spec.endpoints[0].address',
  ],
  [
    'DNS without endpoints and a wildcard host',
    { hosts: ['*.example.com'], ports: HTTP, resolution: 'DNS' },
    'GW-SE-DNS-HOST-NOT-FQDN',
    'spec.hosts[0]',
  ],
  [
    'DNS_ROUND_ROBIN with two endpoints',
    base({
      resolution: 'DNS_ROUND_ROBIN',
      endpoints: [{ address: 'a.example.com' }, { address: 'b.example.com' }],
    }),
    'GW-SE-DNS-RR-ENDPOINTS',
    'spec.endpoints',
  ],
  [
    'a CIDR with DNS resolution',
    base({ addresses: ['10.0.0.0/8'] }),
    'GW-SE-CIDR-RESOLUTION',
    'spec.addresses',
  ],
  [
    'an address that is not an IP',
    base({ addresses: ['10.0.0.300'] }),
    'GW-IP-INVALID',
    'spec.addresses[0]',
  ],
  [
    'several hosts with a plain TCP port',
    { hosts: ['a.example.com', 'b.example.com'], ports: TCP, resolution: 'DNS' },
    'GW-SE-MULTI-HOST-TCP',
    'spec.hosts',
  ],
  [
    'duplicate port numbers',
    base({ ports: [...HTTP, { number: 80, name: 'http2', protocol: 'HTTP2' }] }),
    'GW-SE-PORT-NUMBER-DUPLICATE',
    'spec.ports[1].number',
  ],
  [
    'duplicate port names',
    base({ ports: [...HTTP, { number: 81, name: 'http', protocol: 'HTTP' }] }),
    'GW-SE-PORT-NAME-DUPLICATE',
    'spec.ports[1].name',
  ],
  [
    'an unknown port protocol',
    base({ ports: [{ number: 80, name: 'x', protocol: 'FTP' }] }),
    'GW-PORT-PROTOCOL-UNSUPPORTED',
    'spec.ports[0].protocol',
  ],
  [
    'a port name with an underscore',
    base({ ports: [{ number: 80, name: 'my_port', protocol: 'HTTP' }] }),
    'GW-PORT-NAME-INVALID',
    'spec.ports[0].name',
  ],
  [
    'workloadSelector and endpoints together',
    base({
      resolution: 'STATIC',
      endpoints: [{ address: '1.1.1.1' }],
      workloadSelector: { labels: { app: 'a' } },
    }),
    'GW-SE-SELECTOR-AND-ENDPOINTS',
    'spec',
  ],
  [
    'an endpoint port the service does not define',
    base({ endpoints: [{ address: 'a.example.com', ports: { grpc: 9090 } }] }),
    'GW-SE-ENDPOINT-PORT-UNKNOWN',
    'spec.endpoints[0].ports.grpc',
  ],
  [
    'a unix endpoint with two service ports',
    base({
      resolution: 'STATIC',
      ports: [...HTTP, { number: 81, name: 'b', protocol: 'HTTP' }],
      endpoints: [{ address: 'unix:///a.sock' }],
    }),
    'GW-SE-UNIX-SERVICE-PORTS',
    'spec.endpoints[0]',
  ],
  [
    'a relative unix socket path',
    base({ resolution: 'STATIC', endpoints: [{ address: 'unix://relative.sock' }] }),
    'GW-UDS-INVALID',
    'spec.endpoints[0].address',
  ],
  [
    'a unix endpoint with ports',
    base({ resolution: 'STATIC', endpoints: [{ address: 'unix:///a.sock', ports: { http: 80 } }] }),
    'GW-WE-UNIX-PORTS',
    'spec.endpoints[0].ports',
  ],
  ['an unknown resolution', base({ resolution: 'MDNS' }), 'GW-SCHEMA-ENUM', 'spec.resolution'],
  [
    'exported to no one and someone',
    base({ exportTo: ['~', 'default'] }),
    'GW-EXPORTTO-NONE-MIXED',
    'spec.exportTo',
  ],
  [
    'a target port out of range',
    base({ ports: [{ number: 80, name: 'http', protocol: 'HTTP', targetPort: 99999 }] }),
    'GW-PORT-RANGE',
    'spec.ports[0].targetPort',
  ],
];

describe('ServiceEntry', () => {
  it.each(valid)('accepts %s', (_name, spec) => expectNoErrors(se(spec)));

  it.each(invalid)('rejects %s', (_name, spec, code, path) => expectFinding(se(spec), code, path));

  it('warns about TCP ports without addresses unless VIPs are auto-allocated', () => {
    expectFinding(
      se({ hosts: ['db.example.com'], ports: TCP, resolution: 'DNS' }),
      'GW-SE-TCP-NO-ADDRESS',
      'spec.ports[0]',
    );
    expectNoErrors(
      se(
        { hosts: ['db.example.com'], ports: TCP, resolution: 'DNS' },
        { 'networking.istio.io/enable-autoallocate-ip': 'true' },
      ),
    );
  });

  it('warns about partial wildcards, ignored target ports and selectors with NONE', () => {
    expectFinding(
      se({ hosts: ['*foo.example.com'], ports: HTTP, resolution: 'NONE' }),
      'GW-SE-HOST-PARTIAL-WILDCARD',
      'spec.hosts[0]',
    );
    expectFinding(
      se({
        hosts: ['a.b'],
        ports: [{ number: 80, name: 'http', protocol: 'HTTP', targetPort: 8080 }],
        resolution: 'NONE',
      }),
      'GW-SE-TARGET-PORT-NONE',
      'spec.ports[0].targetPort',
    );
    expectFinding(
      se({
        hosts: ['a.b'],
        ports: HTTP,
        resolution: 'NONE',
        workloadSelector: { labels: { app: 'a' } },
      }),
      'GW-SE-SELECTOR-WITH-RESOLUTION',
      'spec.workloadSelector',
    );
    expectFinding(
      se({ hosts: ['a.b'], ports: HTTP, resolution: 'STATIC' }),
      'GW-SE-STATIC-NO-ENDPOINTS',
      'spec',
    );
  });
});
