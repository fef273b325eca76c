import { describe, it } from 'vitest';
import type { InvalidCase } from './helpers.js';
import { expectFinding, expectNoErrors, meshObject } from './helpers.js';

const gw = (spec: unknown, name = 'ingress') =>
  meshObject('networking.istio.io/v1', 'Gateway', spec, { name });
const server = (extra: Record<string, unknown> = {}) => ({
  port: { number: 80, name: 'http', protocol: 'HTTP' },
  hosts: ['*.example.com'],
  ...extra,
});
const https = (tls: unknown) => ({
  port: { number: 443, name: 'https', protocol: 'HTTPS' },
  hosts: ['a.example.com'],
  tls,
});
const one = (s: unknown) => ({ selector: { istio: 'ingressgateway' }, servers: [s] });

const valid: ReadonlyArray<readonly [string, unknown]> = [
  ['a plain HTTP server', one(server())],
  ['an HTTP server redirecting to HTTPS', one(server({ tls: { httpsRedirect: true } }))],
  [
    'SIMPLE TLS with files',
    one(https({ mode: 'SIMPLE', serverCertificate: '/c.pem', privateKey: '/k.pem' })),
  ],
  ['MUTUAL TLS with a credential', one(https({ mode: 'MUTUAL', credentialName: 'cred' }))],
  [
    'MUTUAL TLS with files and a CA',
    one(
      https({
        mode: 'MUTUAL',
        serverCertificate: '/c.pem',
        privateKey: '/k.pem',
        caCertificates: '/ca.pem',
      }),
    ),
  ],
  [
    'PASSTHROUGH on a TLS port',
    one({
      port: { number: 443, name: 'tls', protocol: 'TLS' },
      hosts: ['*'],
      tls: { mode: 'PASSTHROUGH' },
    }),
  ],
  [
    'ISTIO_MUTUAL without certificates',
    one({
      port: { number: 15443, name: 'tls', protocol: 'TLS' },
      hosts: ['*.local'],
      tls: { mode: 'ISTIO_MUTUAL' },
    }),
  ],
  ['namespaced hosts', one(server({ hosts: ['ns1/*', './foo.example.com', '*/bar.example.com'] }))],
  [
    'a TCP server',
    one({ port: { number: 27017, name: 'mongo', protocol: 'MONGO' }, hosts: ['*'] }),
  ],
  [
    'a unix socket bind with port 0',
    one({
      port: { number: 0, name: 'uds', protocol: 'HTTP' },
      bind: 'unix:///var/run/gw.sock',
      hosts: ['*'],
    }),
  ],
  [
    'explicit TLS versions and ciphers',
    one(
      https({
        mode: 'SIMPLE',
        credentialName: 'c',
        minProtocolVersion: 'TLSV1_2',
        maxProtocolVersion: 'TLSV1_3',
        cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384'],
      }),
    ),
  ],
];

const invalid: readonly InvalidCase[] = [
  ['no servers', { servers: [] }, 'GW-GTW-NO-SERVERS', 'spec.servers'],
  [
    'a server without hosts',
    one(server({ hosts: [] })),
    'GW-GTW-SERVER-NO-HOSTS',
    'spec.servers[0].hosts',
  ],
  ['a server without port', one({ hosts: ['*'] }), 'GW-GTW-PORT-REQUIRED', 'spec.servers[0].port'],
  [
    'an unknown protocol',
    one(server({ port: { number: 80, name: 'x', protocol: 'SMTP' } })),
    'GW-PORT-PROTOCOL-UNSUPPORTED',
    'spec.servers[0].port.protocol',
  ],
  [
    'port 0 without a unix bind',
    one(server({ port: { number: 0, name: 'x', protocol: 'HTTP' } })),
    'GW-PORT-RANGE',
    'spec.servers[0].port.number',
  ],
  [
    'a port without name',
    one(server({ port: { number: 80, protocol: 'HTTP' } })),
    'GW-GTW-PORT-NAME-REQUIRED',
    'spec.servers[0].port.name',
  ],
  [
    'duplicate port names',
    { servers: [server(), server({ port: { number: 8080, name: 'http', protocol: 'HTTP' } })] },
    'GW-GTW-PORT-NAME-DUPLICATE',
    'spec.servers[1].port.name',
  ],
  [
    'a targetPort',
    one(server({ port: { number: 80, name: 'x', protocol: 'HTTP', targetPort: 8080 } })),
    'GW-GTW-TARGET-PORT',
    'spec.servers[0].port.targetPort',
  ],
  [
    'an HTTPS server without tls',
    one({ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'] }),
    'GW-GTW-TLS-REQUIRED',
    'spec.servers[0].tls',
  ],
  [
    'certificates on a plain HTTP server',
    one(server({ tls: { mode: 'SIMPLE', serverCertificate: '/c.pem', privateKey: '/k.pem' } })),
    'GW-GTW-TLS-ON-PLAINTEXT',
    'spec.servers[0].tls',
  ],
  [
    'ISTIO_MUTUAL with a credential',
    one(https({ mode: 'ISTIO_MUTUAL', credentialName: 'c' })),
    'GW-TLS-ISTIO-MUTUAL-CERTS',
    'spec.servers[0].tls.credentialName',
  ],
  [
    'SIMPLE TLS without certificate',
    one(https({ mode: 'SIMPLE', privateKey: '/k.pem' })),
    'GW-TLS-SIMPLE-CERT-REQUIRED',
    'spec.servers[0].tls.serverCertificate',
  ],
  [
    'MUTUAL TLS without a CA',
    one(https({ mode: 'MUTUAL', serverCertificate: '/c.pem', privateKey: '/k.pem' })),
    'GW-TLS-MUTUAL-CA-REQUIRED',
    'spec.servers[0].tls.caCertificates',
  ],
  [
    'two certificate sources',
    one(
      https({
        mode: 'SIMPLE',
        credentialName: 'c',
        serverCertificate: '/c.pem',
        privateKey: '/k.pem',
      }),
    ),
    'GW-TLS-CERT-SOURCE-CONFLICT',
    'spec.servers[0].tls',
  ],
  [
    'a CRL with credentialName',
    one(https({ mode: 'MUTUAL', credentialName: 'c', caCrl: '/crl.pem' })),
    'GW-TLS-CRL-WITH-CREDENTIAL',
    'spec.servers[0].tls.caCrl',
  ],
  [
    'min TLS version above max',
    one(
      https({
        mode: 'SIMPLE',
        credentialName: 'c',
        minProtocolVersion: 'TLSV1_3',
        maxProtocolVersion: 'TLSV1_2',
      }),
    ),
    'GW-TLS-VERSION-ORDER',
    'spec.servers[0].tls.minProtocolVersion',
  ],
  [
    'a short host name',
    one(server({ hosts: ['reviews'] })),
    'GW-HOST-SHORT-NAME',
    'spec.servers[0].hosts[0]',
  ],
  [
    'a partial wildcard host',
    one(server({ hosts: ['*foo.example.com'] })),
    'GW-HOST-PARTIAL-WILDCARD',
    'spec.servers[0].hosts[0]',
  ],
  [
    'a host namespace that is not a label',
    one(server({ hosts: ['Bad_NS/foo.example.com'] })),
    'GW-HOST-NAMESPACE-INVALID',
    'spec.servers[0].hosts[0]',
  ],
  [
    'a bind address that is not an IP',
    one(server({ bind: 'localhost' })),
    'GW-IP-INVALID',
    'spec.servers[0].bind',
  ],
  [
    'a unix bind with a port number',
    one({
      port: { number: 80, name: 'uds', protocol: 'HTTP' },
      bind: 'unix:///var/run/gw.sock',
      hosts: ['*'],
    }),
    'GW-GTW-UDS-PORT',
    'spec.servers[0].port.number',
  ],
  [
    'an unknown TLS mode',
    one(https({ mode: 'OPPORTUNISTIC' })),
    'GW-SCHEMA-ENUM',
    'spec.servers[0].tls.mode',
  ],
];

describe('Gateway', () => {
  it.each(valid)('accepts %s', (_name, spec) => expectNoErrors(gw(spec)));

  it.each(invalid)('rejects %s', (_name, spec, code, path) => expectFinding(gw(spec), code, path));

  it('rejects a Gateway name with dots', () => {
    expectFinding(gw(one(server()), 'my.gateway'), 'GW-GTW-NAME-INVALID', 'metadata.name');
  });

  it('warns about ignored certificates, odd ciphers and misplaced httpsRedirect', () => {
    expectFinding(
      gw(
        one({
          port: { number: 443, name: 'tls', protocol: 'TLS' },
          hosts: ['*'],
          tls: { mode: 'PASSTHROUGH', credentialName: 'c' },
        }),
      ),
      'GW-TLS-PASSTHROUGH-CERTS',
      'spec.servers[0].tls',
    );
    expectFinding(
      gw(one(https({ mode: 'SIMPLE', credentialName: 'c', cipherSuites: ['NOT-A-CIPHER'] }))),
      'GW-TLS-CIPHER-INVALID',
      'spec.servers[0].tls.cipherSuites[0]',
    );
    expectFinding(
      gw(one(https({ mode: 'SIMPLE', credentialName: 'c', minProtocolVersion: 'TLSV1_0' }))),
      'GW-TLS-OLD-VERSION-CIPHERS',
      'spec.servers[0].tls.minProtocolVersion',
    );
    expectFinding(
      gw(one(https({ mode: 'SIMPLE', credentialName: 'c', httpsRedirect: true }))),
      'GW-GTW-HTTPS-REDIRECT-NON-HTTP',
      'spec.servers[0].tls.httpsRedirect',
    );
  });
});
