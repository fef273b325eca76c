import { describe, it } from 'vitest';
import type { InvalidCase } from './helpers.js';
import { expectFinding, expectNoErrors, meshObject } from './helpers.js';

const wg = (spec: unknown) => meshObject('networking.istio.io/v1', 'WorkloadGroup', spec);
const template = { ports: { http: 8080 }, serviceAccount: 'default' };
const withProbe = (probe: unknown) => ({ template, probe });

const valid: ReadonlyArray<readonly [string, unknown]> = [
  ['a template only', { template }],
  [
    'metadata labels and annotations',
    {
      metadata: { labels: { app: 'reviews' }, annotations: { note: 'any text at all' } },
      template,
    },
  ],
  ['an HTTP probe', withProbe({ httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' } })],
  [
    'an HTTPS probe with headers',
    withProbe({
      httpGet: { port: 3100, scheme: 'HTTPS', httpHeaders: [{ name: 'X-Probe', value: 'a' }] },
    }),
  ],
  ['a TCP probe', withProbe({ tcpSocket: { port: 3306 } })],
  ['an exec probe', withProbe({ exec: { command: ['/bin/check'] } })],
  [
    'probe timings',
    withProbe({
      initialDelaySeconds: 5,
      timeoutSeconds: 3,
      periodSeconds: 4,
      successThreshold: 1,
      failureThreshold: 3,
      tcpSocket: { port: 80 },
    }),
  ],
  ['an empty template', { template: {} }],
];

const invalid: readonly InvalidCase[] = [
  [
    'no template',
    { metadata: { labels: { app: 'a' } } },
    'GW-WG-TEMPLATE-REQUIRED',
    'spec.template',
  ],
  [
    'a negative period',
    withProbe({ periodSeconds: -1, tcpSocket: { port: 80 } }),
    'GW-WG-PROBE-NEGATIVE',
    'spec.probe.periodSeconds',
  ],
  [
    'a negative initial delay',
    withProbe({ initialDelaySeconds: -5, tcpSocket: { port: 80 } }),
    'GW-WG-PROBE-NEGATIVE',
    'spec.probe.initialDelaySeconds',
  ],
  [
    'a negative failure threshold',
    withProbe({ failureThreshold: -1, tcpSocket: { port: 80 } }),
    'GW-WG-PROBE-NEGATIVE',
    'spec.probe.failureThreshold',
  ],
  [
    'an HTTP probe scheme of FTP',
    withProbe({ httpGet: { port: 80, scheme: 'FTP' } }),
    'GW-WG-PROBE-SCHEME',
    'spec.probe.httpGet.scheme',
  ],
  [
    'an HTTP probe without port',
    withProbe({ httpGet: { path: '/' } }),
    'GW-PORT-RANGE',
    'spec.probe.httpGet.port',
  ],
  [
    'an HTTP probe header name with a space',
    withProbe({ httpGet: { port: 80, httpHeaders: [{ name: 'X Probe', value: 'a' }] } }),
    'GW-HEADER-NAME-INVALID',
    'spec.probe.httpGet.httpHeaders[0].name',
  ],
  [
    'a TCP probe on port 0',
    withProbe({ tcpSocket: { port: 0 } }),
    'GW-PORT-RANGE',
    'spec.probe.tcpSocket.port',
  ],
  [
    'an exec probe without command',
    withProbe({ exec: {} }),
    'GW-WG-PROBE-EXEC-COMMAND',
    'spec.probe.exec.command',
  ],
  [
    'a probe with no method',
    withProbe({ periodSeconds: 5 }),
    'GW-WG-PROBE-NO-METHOD',
    'spec.probe',
  ],
  [
    'two probe methods',
    withProbe({ tcpSocket: { port: 80 }, exec: { command: ['x'] } }),
    'GW-SCHEMA-ONEOF',
    'spec.probe.exec',
  ],
  [
    'a metadata label value that is invalid',
    { metadata: { labels: { app: 'a b' } }, template },
    'GW-LABEL-VALUE-INVALID',
    'spec.metadata.labels.app',
  ],
  [
    'a template label key that is invalid',
    { template: { labels: { 'a/b/c': 'x' } } },
    'GW-LABEL-KEY-INVALID',
    'spec.template.labels["a/b/c"]',
  ],
  [
    'a template port given as a string',
    { template: { ports: { http: 'eighty' } } },
    'GW-SCHEMA-TYPE',
    'spec.template.ports.http',
  ],
  [
    'a probe timing given as a string',
    withProbe({ periodSeconds: '5', tcpSocket: { port: 80 } }),
    'GW-SCHEMA-TYPE',
    'spec.probe.periodSeconds',
  ],
  [
    'an unknown probe field (warning)',
    withProbe({ grpcService: { port: 80 }, tcpSocket: { port: 80 } }),
    'GW-SCHEMA-UNKNOWN-FIELD',
    'spec.probe.grpcService',
  ],
];

describe('WorkloadGroup', () => {
  it.each(valid)('accepts %s', (_name, spec) => expectNoErrors(wg(spec)));
  it.each(invalid)('rejects %s', (_name, spec, code, path) => expectFinding(wg(spec), code, path));
});
