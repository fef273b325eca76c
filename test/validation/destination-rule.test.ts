import { describe, it } from 'vitest';
import type { InvalidCase } from './helpers.js';
import { expectFinding, expectNoErrors, meshObject } from './helpers.js';

const HOST = 'ratings.prod.svc.cluster.local';
const dr = (spec: unknown, namespace = 'default') =>
  meshObject('networking.istio.io/v1beta1', 'DestinationRule', spec, { namespace });
const tp = (trafficPolicy: unknown) => ({ host: HOST, trafficPolicy });

const valid: ReadonlyArray<readonly [string, unknown]> = [
  ['a host only', { host: HOST }],
  [
    'subsets with labels and policies',
    {
      host: HOST,
      subsets: [
        {
          name: 'v1',
          labels: { version: 'v1' },
          trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } },
        },
      ],
    },
  ],
  [
    'a ring hash on a header',
    tp({
      loadBalancer: {
        consistentHash: { httpHeaderName: 'x-user', ringHash: { minimumRingSize: 1024 } },
      },
    }),
  ],
  [
    'maglev with a prime table',
    tp({ loadBalancer: { consistentHash: { useSourceIp: true, maglev: { tableSize: 65537 } } } }),
  ],
  [
    'locality failover with outlier detection',
    tp({
      loadBalancer: { localityLbSetting: { failover: [{ from: 'us-east', to: 'us-west' }] } },
      outlierDetection: {
        consecutive5xxErrors: 5,
        interval: '10s',
        baseEjectionTime: '30s',
        maxEjectionPercent: 100,
      },
    }),
  ],
  [
    'connection pool limits',
    tp({
      connectionPool: {
        tcp: {
          maxConnections: 100,
          connectTimeout: '30ms',
          tcpKeepalive: { time: '7200s', interval: '75s' },
        },
        http: { http2MaxRequests: 1000, h2UpgradePolicy: 'UPGRADE' },
      },
    }),
  ],
  [
    'TLS with credentialName',
    tp({ tls: { mode: 'SIMPLE', credentialName: 'client-cred', sni: 'ratings.example.com' } }),
  ],
  [
    'port level settings',
    tp({
      portLevelSettings: [
        { port: { number: 80 }, loadBalancer: { simple: 'LEAST_REQUEST' } },
        { port: { number: 9080 }, tls: { mode: 'ISTIO_MUTUAL' } },
      ],
    }),
  ],
  [
    'a workload selector exported to its own namespace',
    { host: HOST, workloadSelector: { matchLabels: { app: 'ratings' } }, exportTo: ['.'] },
  ],
  ['a tunnel', tp({ tunnel: { protocol: 'CONNECT', targetHost: '10.0.0.1', targetPort: 8443 } })],
];

const invalid: readonly InvalidCase[] = [
  ['an empty host', { host: '' }, 'GW-HOST-EMPTY', 'spec.host'],
  [
    'a host with a wildcard in the middle',
    { host: 'a.*.com' },
    'GW-HOST-LABEL-INVALID',
    'spec.host',
  ],
  [
    'duplicate subset names',
    { host: HOST, subsets: [{ name: 'v1' }, { name: 'v1' }] },
    'GW-DR-SUBSET-DUPLICATE',
    'spec.subsets[1].name',
  ],
  [
    'a subset name with an underscore',
    { host: HOST, subsets: [{ name: 'v_1' }] },
    'GW-SUBSET-NAME-INVALID',
    'spec.subsets[0].name',
  ],
  [
    'a subset label value with spaces',
    { host: HOST, subsets: [{ name: 'v1', labels: { version: 'v 1' } }] },
    'GW-LABEL-VALUE-INVALID',
    'spec.subsets[0].labels.version',
  ],
  ['an empty traffic policy', tp({}), 'GW-TP-EMPTY', 'spec.trafficPolicy'],
  [
    'simple and consistentHash together',
    tp({ loadBalancer: { simple: 'RANDOM', consistentHash: { useSourceIp: true } } }),
    'GW-SCHEMA-ONEOF',
    'spec.trafficPolicy.loadBalancer.consistentHash',
  ],
  [
    'an httpCookie without name',
    tp({ loadBalancer: { consistentHash: { httpCookie: { ttl: '10s' } } } }),
    'GW-TP-LB-COOKIE-NAME',
    'spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.name',
  ],
  [
    'a maglev table that is not prime',
    tp({ loadBalancer: { consistentHash: { useSourceIp: true, maglev: { tableSize: 1000 } } } }),
    'GW-TP-LB-MAGLEV-TABLE-SIZE',
    'spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize',
  ],
  [
    'distribute and failover together',
    tp({
      loadBalancer: {
        localityLbSetting: {
          distribute: [{ from: 'a/*', to: { 'a/*': 100 } }],
          failover: [{ from: 'a', to: 'b' }],
        },
      },
    }),
    'GW-TP-LOCALITY-DISTRIBUTE-AND-FAILOVER',
    'spec.trafficPolicy.loadBalancer.localityLbSetting',
  ],
  [
    'locality weights not adding up to 100',
    tp({
      loadBalancer: {
        localityLbSetting: { distribute: [{ from: 'a/*', to: { 'a/*': 60, 'b/*': 30 } }] },
      },
    }),
    'GW-TP-LOCALITY-WEIGHT',
    'spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to',
  ],
  [
    'a failover to the same region',
    tp({
      loadBalancer: { localityLbSetting: { failover: [{ from: 'a', to: 'a' }] } },
      outlierDetection: {},
    }),
    'GW-TP-LOCALITY-FAILOVER-REGION',
    'spec.trafficPolicy.loadBalancer.localityLbSetting.failover[0]',
  ],
  [
    'a negative max connections',
    tp({ connectionPool: { tcp: { maxConnections: -1 } } }),
    'GW-TP-POOL-NEGATIVE',
    'spec.trafficPolicy.connectionPool.tcp.maxConnections',
  ],
  [
    'a connect timeout under 1ms',
    tp({ connectionPool: { tcp: { connectTimeout: '500us' } } }),
    'GW-DUR-TOO-SHORT',
    'spec.trafficPolicy.connectionPool.tcp.connectTimeout',
  ],
  [
    'useClientProtocol with UPGRADE',
    tp({ connectionPool: { http: { h2UpgradePolicy: 'UPGRADE', useClientProtocol: true } } }),
    'GW-TP-POOL-CLIENT-PROTOCOL',
    'spec.trafficPolicy.connectionPool.http.useClientProtocol',
  ],
  [
    'an empty connection pool',
    tp({ connectionPool: {} }),
    'GW-TP-POOL-EMPTY',
    'spec.trafficPolicy.connectionPool',
  ],
  [
    'max ejection percent over 100',
    tp({ outlierDetection: { maxEjectionPercent: 150 } }),
    'GW-PERCENT-RANGE',
    'spec.trafficPolicy.outlierDetection.maxEjectionPercent',
  ],
  [
    'local origin failures without split',
    tp({ outlierDetection: { consecutiveLocalOriginFailures: 5 } }),
    'GW-TP-OUTLIER-LOCAL-ORIGIN',
    'spec.trafficPolicy.outlierDetection.consecutiveLocalOriginFailures',
  ],
  [
    'MUTUAL TLS without client certificate',
    tp({ tls: { mode: 'MUTUAL', privateKey: '/k.pem' } }),
    'GW-TP-TLS-MUTUAL-CERT-REQUIRED',
    'spec.trafficPolicy.tls.clientCertificate',
  ],
  [
    'credentialName with certificate files',
    tp({ tls: { mode: 'SIMPLE', credentialName: 'c', caCertificates: '/ca.pem' } }),
    'GW-TP-TLS-CREDENTIAL-WITH-FILES',
    'spec.trafficPolicy.tls',
  ],
  [
    'insecureSkipVerify with a CA',
    tp({ tls: { mode: 'SIMPLE', insecureSkipVerify: true, caCertificates: '/ca.pem' } }),
    'GW-TP-TLS-INSECURE-WITH-CA',
    'spec.trafficPolicy.tls.insecureSkipVerify',
  ],
  [
    'an unknown TLS mode',
    tp({ tls: { mode: 'STRICT' } }),
    'GW-SCHEMA-ENUM',
    'spec.trafficPolicy.tls.mode',
  ],
  [
    'a port-level policy without port',
    tp({ portLevelSettings: [{ loadBalancer: { simple: 'RANDOM' } }] }),
    'GW-TP-PORT-REQUIRED',
    'spec.trafficPolicy.portLevelSettings[0]',
  ],
  [
    'a port-level policy with nothing in it',
    tp({ portLevelSettings: [{ port: { number: 80 } }] }),
    'GW-TP-PORT-EMPTY',
    'spec.trafficPolicy.portLevelSettings[0]',
  ],
  [
    'tunnel and proxyProtocol together',
    tp({ tunnel: { targetHost: 'a.b', targetPort: 80 }, proxyProtocol: { version: 'V1' } }),
    'GW-TP-TUNNEL-AND-PROXY-PROTOCOL',
    'spec.trafficPolicy',
  ],
  [
    'a tunnel protocol that is not CONNECT or POST',
    tp({ tunnel: { protocol: 'GET', targetHost: 'a.b', targetPort: 80 } }),
    'GW-TP-TUNNEL-PROTOCOL',
    'spec.trafficPolicy.tunnel.protocol',
  ],
  [
    'a selector exported beyond its namespace',
    { host: HOST, workloadSelector: { matchLabels: { app: 'a' } }, exportTo: ['*'] },
    'GW-DR-EXPORTTO-WITH-SELECTOR',
    'spec.exportTo',
  ],
  [
    'duplicate exportTo entries',
    { host: HOST, exportTo: ['.', '.'] },
    'GW-EXPORTTO-DUPLICATE',
    'spec.exportTo[1]',
  ],
  [
    'a subset traffic policy with a bad duration',
    {
      host: HOST,
      subsets: [{ name: 'v1', trafficPolicy: { outlierDetection: { interval: '1x' } } }],
    },
    'GW-DUR-FORMAT',
    'spec.subsets[0].trafficPolicy.outlierDetection.interval',
  ],
];

describe('DestinationRule', () => {
  it.each(valid)('accepts %s', (_name, spec) => expectNoErrors(dr(spec)));

  it.each(invalid)('rejects %s', (_name, spec, code, path) => expectFinding(dr(spec), code, path));

  it('warns about deprecated and ineffective settings', () => {
    expectFinding(
      dr(tp({ outlierDetection: { consecutiveErrors: 5 } })),
      'GW-TP-OUTLIER-CONSECUTIVE-ERRORS',
      'spec.trafficPolicy.outlierDetection.consecutiveErrors',
    );
    expectFinding(
      dr(tp({ loadBalancer: { localityLbSetting: { failover: [{ from: 'a', to: 'b' }] } } })),
      'GW-TP-LOCALITY-NO-OUTLIER',
      'spec.trafficPolicy.loadBalancer.localityLbSetting',
    );
    expectFinding(
      dr(tp({ tls: { mode: 'ISTIO_MUTUAL', clientCertificate: '/c.pem' } })),
      'GW-TP-TLS-FIELDS-IGNORED',
      'spec.trafficPolicy.tls',
    );
    expectFinding(
      dr({ host: HOST, workloadSelector: {} }),
      'GW-SEL-NO-LABELS',
      'spec.workloadSelector',
    );
  });
});
