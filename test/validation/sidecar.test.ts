import { describe, it } from 'vitest';
import type { InvalidCase } from './helpers.js';
import { expectFinding, expectNoErrors, meshObject } from './helpers.js';

const sc = (spec: unknown) => meshObject('networking.istio.io/v1', 'Sidecar', spec);
const egress = (...listeners: unknown[]) => ({ egress: listeners });
const ingress = (...listeners: unknown[]) => ({ ingress: listeners });
const port = (number: number, protocol = 'HTTP', name = `p${number}`) => ({
  number,
  protocol,
  name,
});

const valid: ReadonlyArray<readonly [string, unknown]> = [
  ['namespace-scoped egress hosts', egress({ hosts: ['./*', 'istio-system/*'] })],
  [
    'a port egress listener and a catch-all last',
    egress({ port: port(9080), hosts: ['prod/*'] }, { hosts: ['istio-system/*'] }),
  ],
  [
    'an ingress listener to a unix socket',
    ingress({ port: port(9080), defaultEndpoint: 'unix:///var/run/app.sock' }),
  ],
  [
    'an ingress listener to loopback',
    ingress({ port: port(9080), defaultEndpoint: '127.0.0.1:8080', captureMode: 'NONE' }),
  ],
  ['an IPv6 default endpoint', ingress({ port: port(9080), defaultEndpoint: '[::1]:8080' })],
  [
    'ingress TLS SIMPLE',
    ingress({
      port: port(8443, 'HTTPS'),
      tls: { mode: 'SIMPLE', serverCertificate: '/c.pem', privateKey: '/k.pem' },
    }),
  ],
  [
    'an egress proxy with ALLOW_ANY',
    {
      outboundTrafficPolicy: {
        mode: 'ALLOW_ANY',
        egressProxy: { host: 'egress.example.com', port: { number: 3128 } },
      },
    },
  ],
  [
    'an inbound connection pool only',
    { inboundConnectionPool: { http: { http1MaxPendingRequests: 100 } } },
  ],
  [
    'a unix socket egress listener',
    egress({ port: port(0), bind: 'unix:///var/run/egress.sock', hosts: ['*/*'] }),
  ],
  [
    'a workload selector',
    { workloadSelector: { labels: { app: 'ratings' } }, ...egress({ hosts: ['*/*'] }) },
  ],
];

const invalid: readonly InvalidCase[] = [
  ['an empty configuration', {}, 'GW-SC-EMPTY', 'spec'],
  [
    'an egress host without namespace',
    egress({ hosts: ['reviews.default.svc.cluster.local'] }),
    'GW-HOST-NAMESPACE-REQUIRED',
    'spec.egress[0].hosts[0]',
  ],
  [
    'an egress short host name',
    egress({ hosts: ['default/reviews'] }),
    'GW-HOST-SHORT-NAME',
    'spec.egress[0].hosts[0]',
  ],
  [
    'an egress host namespace that is invalid',
    egress({ hosts: ['Bad_NS/*'] }),
    'GW-HOST-NAMESPACE-INVALID',
    'spec.egress[0].hosts[0]',
  ],
  [
    'an egress listener without hosts',
    egress({ port: port(80) }),
    'GW-SC-EGRESS-NO-HOSTS',
    'spec.egress[0].hosts',
  ],
  [
    'a catch-all egress listener that is not last',
    egress({ hosts: ['*/*'] }, { port: port(80), hosts: ['./*'] }),
    'GW-SC-EGRESS-CATCH-ALL',
    'spec.egress[0]',
  ],
  [
    'duplicate egress ports',
    egress({ port: port(80), hosts: ['./*'] }, { port: port(80, 'HTTP', 'other'), hosts: ['./*'] }),
    'GW-SC-PORT-DUPLICATE',
    'spec.egress[1].port.number',
  ],
  [
    'a port 0 egress listener without unix bind',
    egress({ port: port(0), hosts: ['./*'] }),
    'GW-SC-EGRESS-UDS-BIND',
    'spec.egress[0].bind',
  ],
  [
    'a unix listener with IPTABLES capture',
    egress({ port: port(0), bind: 'unix:///a.sock', captureMode: 'IPTABLES', hosts: ['./*'] }),
    'GW-SC-EGRESS-UDS-CAPTURE-MODE',
    'spec.egress[0].captureMode',
  ],
  [
    'an egress bind that is not an IP',
    egress({ port: port(80), bind: 'localhost', hosts: ['./*'] }),
    'GW-IP-INVALID',
    'spec.egress[0].bind',
  ],
  [
    'an ingress listener without port',
    ingress({ defaultEndpoint: '127.0.0.1:8080' }),
    'GW-SC-INGRESS-PORT-REQUIRED',
    'spec.ingress[0].port',
  ],
  [
    'a default endpoint on a non-loopback address',
    ingress({ port: port(80), defaultEndpoint: '10.0.0.1:8080' }),
    'GW-SC-DEFAULT-ENDPOINT-INVALID',
    'spec.ingress[0].defaultEndpoint',
  ],
  [
    'a default endpoint port out of range',
    ingress({ port: port(80), defaultEndpoint: '127.0.0.1:99999' }),
    'GW-PORT-RANGE',
    'spec.ingress[0].defaultEndpoint',
  ],
  [
    'a duplicate ingress port',
    ingress({ port: port(80) }, { port: port(80, 'HTTP', 'again') }),
    'GW-SC-PORT-DUPLICATE',
    'spec.ingress[1].port.number',
  ],
  [
    'ingress TLS with ISTIO_MUTUAL',
    ingress({ port: port(443, 'HTTPS'), tls: { mode: 'ISTIO_MUTUAL' } }),
    'GW-SC-INGRESS-TLS-UNSUPPORTED',
    'spec.ingress[0].tls',
  ],
  [
    'ingress TLS with credentialName',
    ingress({ port: port(443, 'HTTPS'), tls: { mode: 'SIMPLE', credentialName: 'c' } }),
    'GW-SC-INGRESS-TLS-UNSUPPORTED',
    'spec.ingress[0].tls',
  ],
  [
    'a targetPort on an ingress listener',
    ingress({ port: { ...port(80), targetPort: 8080 } }),
    'GW-SC-TARGET-PORT',
    'spec.ingress[0].port.targetPort',
  ],
  [
    'an unknown port protocol',
    ingress({ port: port(80, 'SMTP') }),
    'GW-PORT-PROTOCOL-UNSUPPORTED',
    'spec.ingress[0].port.protocol',
  ],
  [
    'an egress proxy with REGISTRY_ONLY',
    {
      outboundTrafficPolicy: {
        mode: 'REGISTRY_ONLY',
        egressProxy: { host: 'e.example.com', port: { number: 3128 } },
      },
    },
    'GW-SC-EGRESS-PROXY-MODE',
    'spec.outboundTrafficPolicy.egressProxy',
  ],
  [
    'an egress proxy without port',
    { outboundTrafficPolicy: { mode: 'ALLOW_ANY', egressProxy: { host: 'e.example.com' } } },
    'GW-SC-EGRESS-PROXY-PORT',
    'spec.outboundTrafficPolicy.egressProxy.port',
  ],
  [
    'a selector with a wildcard',
    { workloadSelector: { labels: { app: '*' } }, ...egress({ hosts: ['./*'] }) },
    'GW-SEL-WILDCARD',
    'spec.workloadSelector.labels.app',
  ],
  [
    'an unknown capture mode',
    egress({ port: port(80), captureMode: 'TPROXY', hosts: ['./*'] }),
    'GW-SCHEMA-ENUM',
    'spec.egress[0].captureMode',
  ],
];

describe('Sidecar', () => {
  it.each(valid)('accepts %s', (_name, spec) => expectNoErrors(sc(spec)));
  it.each(invalid)('rejects %s', (_name, spec, code, path) => expectFinding(sc(spec), code, path));
  it('warns about duplicated hosts, */* with others, HTTP pools on TCP ports and label-less selectors', () => {
    expectFinding(
      sc(egress({ hosts: ['ns/*', 'ns/a.example.com'] })),
      'GW-SC-EGRESS-HOST-DUPLICATE',
      'spec.egress[0].hosts[1]',
    );
    expectFinding(
      sc(egress({ hosts: ['*/*', 'ns/a.example.com'] })),
      'GW-SC-EGRESS-ALL-HOSTS-MIXED',
      'spec.egress[0].hosts',
    );
    expectFinding(
      sc(ingress({ port: port(3306, 'TCP'), connectionPool: { http: { maxRetries: 1 } } })),
      'GW-SC-INGRESS-HTTP-POOL-NON-HTTP',
      'spec.ingress[0].connectionPool.http',
    );
    expectFinding(
      sc({ workloadSelector: {}, ...egress({ hosts: ['./*'] }) }),
      'GW-SEL-NO-LABELS',
      'spec.workloadSelector',
    );
  });
});
