import { describe, it } from 'vitest';
import type { InvalidCase } from './helpers.js';
import { expectFinding, meshObject } from './helpers.js';

const HOST = 'reviews.prod.svc.cluster.local';
const dr = (trafficPolicy: unknown) =>
  meshObject('networking.istio.io/v1', 'DestinationRule', { host: HOST, trafficPolicy });
const gw = (tlsSettings: unknown) =>
  meshObject('networking.istio.io/v1', 'Gateway', {
    servers: [
      {
        port: { number: 443, name: 'https', protocol: 'HTTPS' },
        hosts: ['a.b.c'],
        tls: tlsSettings,
      },
    ],
  });
const other: readonly InvalidCase[] = [
  [
    'minimumRingSize with ringHash',
    dr({
      loadBalancer: { consistentHash: { useSourceIp: true, minimumRingSize: 10, ringHash: {} } },
    }),
    'GW-TP-LB-RING-SIZE-CONFLICT',
    'spec.trafficPolicy.loadBalancer.consistentHash',
  ],
  [
    'failover with a topology priority label',
    dr({
      loadBalancer: {
        localityLbSetting: {
          failover: [{ from: 'a', to: 'b' }],
          failoverPriority: ['topology.kubernetes.io/zone'],
        },
      },
      outlierDetection: {},
    }),
    'GW-TP-LOCALITY-FAILOVER-PRIORITY',
    'spec.trafficPolicy.loadBalancer.localityLbSetting.failoverPriority',
  ],
  [
    'overlapping localities',
    dr({
      loadBalancer: {
        localityLbSetting: { distribute: [{ from: 'a/*', to: { 'a/*': 50, 'a/b': 50 } }] },
      },
    }),
    'GW-TP-LOCALITY-INVALID',
    'spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to["a/b"]',
  ],
  [
    'MUTUAL client TLS without key',
    dr({ tls: { mode: 'MUTUAL', clientCertificate: '/c.pem' } }),
    'GW-TP-TLS-MUTUAL-KEY-REQUIRED',
    'spec.trafficPolicy.tls.privateKey',
  ],
  [
    'a tunnel target host that is not a host',
    dr({ tunnel: { targetHost: 'not a host', targetPort: 80 } }),
    'GW-TP-TUNNEL-TARGET-HOST',
    'spec.trafficPolicy.tunnel.targetHost',
  ],
  [
    'SIMPLE without key',
    gw({ mode: 'SIMPLE', serverCertificate: '/c.pem' }),
    'GW-TLS-SIMPLE-KEY-REQUIRED',
    'spec.servers[0].tls.privateKey',
  ],
  [
    'MUTUAL without certificate',
    gw({ mode: 'MUTUAL', privateKey: '/k.pem', caCertificates: '/ca.pem' }),
    'GW-TLS-MUTUAL-CERT-REQUIRED',
    'spec.servers[0].tls.serverCertificate',
  ],
  [
    'MUTUAL without key',
    gw({ mode: 'MUTUAL', serverCertificate: '/c.pem', caCertificates: '/ca.pem' }),
    'GW-TLS-MUTUAL-KEY-REQUIRED',
    'spec.servers[0].tls.privateKey',
  ],
  [
    'a CRL with SIMPLE',
    gw({ mode: 'SIMPLE', serverCertificate: '/c.pem', privateKey: '/k.pem', caCrl: '/crl.pem' }),
    'GW-TLS-CRL-SIMPLE',
    'spec.servers[0].tls.caCrl',
  ],
  [
    'two unix listeners on one socket',
    meshObject('networking.istio.io/v1', 'Sidecar', {
      egress: [0, 1].map((i) => ({
        port: { number: 0, protocol: 'HTTP', name: `u${i}` },
        bind: 'unix:///a.sock',
        hosts: ['./*'],
      })),
    }),
    'GW-SC-EGRESS-UDS-DUPLICATE',
    'spec.egress[1].bind',
  ],
  [
    'a condition without key',
    meshObject('security.istio.io/v1', 'AuthorizationPolicy', {
      rules: [{ when: [{ values: ['a'] }] }],
    }),
    'GW-AP-WHEN-KEY-EMPTY',
    'spec.rules[0].when[0].key',
  ],
  [
    'an empty to list',
    meshObject('security.istio.io/v1', 'AuthorizationPolicy', { rules: [{ to: [] }] }),
    'GW-AP-TO-EMPTY',
    'spec.rules[0].to',
  ],
];

const otherWarnings: readonly InvalidCase[] = [
  [
    'the deprecated minimumRingSize',
    dr({ loadBalancer: { consistentHash: { useSourceIp: true, minimumRingSize: 10 } } }),
    'GW-TP-LB-MIN-RING-SIZE-DEPRECATED',
    'spec.trafficPolicy.loadBalancer.consistentHash.minimumRingSize',
  ],
  [
    'a port policy given twice',
    dr({
      portLevelSettings: [80, 80].map((number) => ({
        port: { number },
        tls: { mode: 'ISTIO_MUTUAL' },
      })),
    }),
    'GW-TP-PORT-DUPLICATE',
    'spec.trafficPolicy.portLevelSettings[1].port.number',
  ],
  [
    'a cipher listed twice',
    gw({ mode: 'SIMPLE', credentialName: 'c', cipherSuites: ['AES128-SHA', 'AES128-SHA'] }),
    'GW-TLS-CIPHER-DUPLICATE',
    'spec.servers[0].tls.cipherSuites[1]',
  ],
  [
    'several hosts with addresses and a TCP port',
    meshObject('networking.istio.io/v1', 'ServiceEntry', {
      hosts: ['a.b', 'c.d'],
      addresses: ['10.0.0.1'],
      ports: [{ number: 443, name: 'tls', protocol: 'TLS' }],
      resolution: 'DNS',
    }),
    'GW-SE-MULTI-HOST-ADDRESS-TCP',
    'spec.hosts',
  ],
  [
    'a namespace that is not a name',
    meshObject('security.istio.io/v1', 'AuthorizationPolicy', {
      rules: [{ from: [{ source: { namespaces: ['Not_A_Name'] } }] }],
    }),
    'GW-AP-NAMESPACE-INVALID',
    'spec.rules[0].from[0].source.namespaces[0]',
  ],
];

describe('findings not reached by the per-kind tables', () => {
  it.each(other)('%s', (_name, object, code, path) => expectFinding(object, code, path));
  it.each(otherWarnings)('warning: %s', (_name, object, code, path) =>
    expectFinding(object, code, path),
  );
});
