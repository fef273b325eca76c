import { describe, it } from 'vitest';
import type { InvalidCase } from './helpers.js';
import { expectFinding, meshObject } from './helpers.js';

const HOST = 'reviews.prod.svc.cluster.local';
const vs = (spec: unknown, apiVersion = 'networking.istio.io/v1') =>
  meshObject(apiVersion, 'VirtualService', spec);
const route = (extra: Record<string, unknown> = {}) => ({
  route: [{ destination: { host: HOST } }],
  ...extra,
});
const http = (...rules: unknown[]) => ({ hosts: [HOST], http: rules });

const invalid: readonly InvalidCase[] = [
  [
    'a negative weight',
    http({
      route: [
        { destination: { host: HOST }, weight: 50 },
        { destination: { host: HOST }, weight: -5 },
      ],
    }),
    'GW-VS-WEIGHT-NEGATIVE',
    'spec.http[0].route[1].weight',
  ],
  [
    'weights that add up to 0',
    http({
      route: [
        { destination: { host: HOST }, weight: 0 },
        { destination: { host: HOST }, weight: 0 },
      ],
    }),
    'GW-VS-WEIGHT-TOTAL-ZERO',
    'spec.http[0].route',
  ],
  [
    'an HTTP rule without action',
    http({ match: [{ uri: { prefix: '/' } }] }),
    'GW-VS-HTTP-NO-ACTION',
    'spec.http[0]',
  ],
  [
    'route and redirect together',
    http(route({ redirect: { uri: '/x' } })),
    'GW-VS-REDIRECT-WITH-ROUTE',
    'spec.http[0]',
  ],
  [
    'a destination without host',
    http({ route: [{ destination: { subset: 'v1' } }] }),
    'GW-VS-DESTINATION-HOST-REQUIRED',
    'spec.http[0].route[0].destination.host',
  ],
  [
    'a route entry without destination',
    http({ route: [{ weight: 100 }] }),
    'GW-VS-DESTINATION-REQUIRED',
    'spec.http[0].route[0]',
  ],
  [
    'a destination port out of range',
    http({ route: [{ destination: { host: HOST, port: { number: 70000 } } }] }),
    'GW-PORT-RANGE',
    'spec.http[0].route[0].destination.port.number',
  ],
  [
    'an invalid subset name',
    http({ route: [{ destination: { host: HOST, subset: 'v_1' } }] }),
    'GW-SUBSET-NAME-INVALID',
    'spec.http[0].route[0].destination.subset',
  ],
  [
    'a wildcard in a middle label',
    { hosts: ['foo.*.com'], http: [route()] },
    'GW-HOST-LABEL-INVALID',
    'spec.hosts[0]',
  ],
  [
    'the * host on the mesh',
    { hosts: ['*'], http: [route()] },
    'GW-VS-HOST-WILDCARD-MESH',
    'spec.hosts[0]',
  ],
  [
    'overlapping hosts',
    { hosts: ['*.example.com', 'a.example.com'], http: [route()] },
    'GW-VS-HOST-DUPLICATE',
    'spec.hosts[1]',
  ],
  [
    'a gateway reference with a bad namespace',
    { hosts: [HOST], gateways: ['Bad_NS/gw'], http: [route()] },
    'GW-VS-GATEWAY-REF-INVALID',
    'spec.gateways[0]',
  ],
  [
    'a look-ahead regex',
    http(route({ match: [{ uri: { regex: 'foo(?=bar)' } }] })),
    'GW-REGEX-LOOKAROUND',
    'spec.http[0].match[0].uri.regex',
  ],
  [
    'a regex that does not compile',
    http(route({ match: [{ headers: { 'x-a': { regex: '(unclosed' } } }] })),
    'GW-REGEX-INVALID',
    'spec.http[0].match[0].headers.x-a.regex',
  ],
  [
    'a regex over 1024 characters',
    http(route({ match: [{ uri: { regex: 'a'.repeat(1025) } }] })),
    'GW-REGEX-TOO-LONG',
    'spec.http[0].match[0].uri.regex',
  ],
  [
    'a header match name with spaces',
    http(route({ match: [{ headers: { 'x bad': { exact: 'a' } } }] })),
    'GW-HEADER-NAME-INVALID',
    'spec.http[0].match[0].headers["x bad"]',
  ],
  [
    'a sub-millisecond timeout',
    http(route({ timeout: '1.5ms' })),
    'GW-DUR-PRECISION',
    'spec.http[0].timeout',
  ],
  [
    'a timeout that is not a duration',
    http(route({ timeout: 'soon' })),
    'GW-DUR-FORMAT',
    'spec.http[0].timeout',
  ],
  [
    'negative retry attempts',
    http(route({ retries: { attempts: -1 } })),
    'GW-VS-RETRY-ATTEMPTS-NEGATIVE',
    'spec.http[0].retries.attempts',
  ],
  [
    'an unknown retryOn policy',
    http(route({ retries: { attempts: 2, retryOn: '5xx,sometimes' } })),
    'GW-VS-RETRY-ON-INVALID',
    'spec.http[0].retries.retryOn',
  ],
  [
    'a fault percentage below 0.0001',
    http(route({ fault: { delay: { fixedDelay: '1s', percentage: { value: 0.00001 } } } })),
    'GW-VS-FAULT-PERCENT-RANGE',
    'spec.http[0].fault.delay.percentage.value',
  ],
  [
    'an abort status of 600',
    http(route({ fault: { abort: { httpStatus: 600 } } })),
    'GW-VS-FAULT-ABORT-STATUS',
    'spec.http[0].fault.abort.httpStatus',
  ],
  [
    'a zero fixed delay',
    http(route({ fault: { delay: { fixedDelay: '0s' } } })),
    'GW-DUR-TOO-SHORT',
    'spec.http[0].fault.delay.fixedDelay',
  ],
  [
    'a fault with neither abort nor delay',
    http(route({ fault: {} })),
    'GW-VS-FAULT-EMPTY',
    'spec.http[0].fault',
  ],
  [
    'a mirror percentage over 100',
    http(route({ mirror: { host: 'm' }, mirrorPercentage: { value: 150 } })),
    'GW-VS-MIRROR-PERCENT-RANGE',
    'spec.http[0].mirrorPercentage.value',
  ],
  [
    'mirror and mirrors together',
    http(route({ mirror: { host: 'm' }, mirrors: [{ destination: { host: 'n' } }] })),
    'GW-VS-MIRROR-AND-MIRRORS',
    'spec.http[0].mirrors',
  ],
  [
    'a CORS method that does not exist',
    http(route({ corsPolicy: { allowMethods: ['FETCH'] } })),
    'GW-VS-CORS-METHOD-INVALID',
    'spec.http[0].corsPolicy.allowMethods[0]',
  ],
  [
    'a CORS maxAge with milliseconds',
    http(route({ corsPolicy: { maxAge: '1500ms' } })),
    'GW-VS-CORS-MAX-AGE-PRECISION',
    'spec.http[0].corsPolicy.maxAge',
  ],
  [
    'a redirect code outside 3xx',
    http({ redirect: { uri: '/x', redirectCode: 200 } }),
    'GW-VS-REDIRECT-CODE',
    'spec.http[0].redirect.redirectCode',
  ],
  [
    'a rewrite with uri and regex rewrite',
    http(route({ rewrite: { uri: '/a', uriRegexRewrite: { match: '^/b', rewrite: '/c' } } })),
    'GW-VS-REWRITE-URI-CONFLICT',
    'spec.http[0].rewrite',
  ],
  [
    'a direct response status of 100',
    http({ directResponse: { status: 100 } }),
    'GW-VS-DIRECT-RESPONSE-STATUS',
    'spec.http[0].directResponse.status',
  ],
  [
    'a delegate VirtualService with gateways',
    { gateways: ['gw'], http: [route()] },
    'GW-VS-DELEGATE-GATEWAYS',
    'spec.gateways',
  ],
  [
    'a delegating route with a route too',
    http(route({ delegate: { name: 'd', namespace: 'n' } })),
    'GW-VS-DELEGATE-WITH-ROUTE',
    'spec.http[0]',
  ],
  [
    'a regex in a delegate VirtualService',
    { http: [route({ match: [{ uri: { regex: '/a.*' } }] })] },
    'GW-VS-DELEGATE-REGEX',
    'spec.http[0].match[0].uri.regex',
  ],
  [
    'a TLS route whose SNI host is not a VirtualService host',
    {
      hosts: ['a.example.com'],
      gateways: ['gw'],
      tls: [{ match: [{ sniHosts: ['b.example.com'] }], route: [{ destination: { host: 'b' } }] }],
    },
    'GW-VS-TLS-SNI-NOT-IN-HOSTS',
    'spec.tls[0].match[0].sniHosts[0]',
  ],
  [
    'a TCP route without route',
    { hosts: [HOST], tcp: [{ match: [{ port: 80 }] }] },
    'GW-VS-TCP-ROUTE-REQUIRED',
    'spec.tcp[0]',
  ],
  ['no routes at all', { hosts: [HOST] }, 'GW-VS-NO-ROUTES', 'spec'],
  [
    'JWT claim routing on the mesh',
    http(route({ match: [{ headers: { '@request.auth.claims.sub': { exact: 'a' } } }] })),
    'GW-VS-JWT-CLAIM-NO-GATEWAY',
    'spec.http[0].match[0].headers["@request.auth.claims.sub"]',
  ],
  [
    'setting the Host header in a response',
    http(route({ headers: { response: { set: { host: 'x' } } } })),
    'GW-HEADER-HOST',
    'spec.http[0].headers.response.set.host',
  ],
  [
    'a malformed header value variable',
    http(route({ headers: { request: { add: { 'x-a': 'abc%123' } } } })),
    'GW-HEADER-VALUE-INVALID',
    'spec.http[0].headers.request.add.x-a',
  ],
  [
    'a weight given as a string',
    http({ route: [{ destination: { host: HOST }, weight: '10' }] }),
    'GW-SCHEMA-TYPE',
    'spec.http[0].route[0].weight',
  ],
  [
    'two string match kinds at once',
    http(route({ match: [{ uri: { exact: '/a', prefix: '/b' } }] })),
    'GW-SCHEMA-ONEOF',
    'spec.http[0].match[0].uri.prefix',
  ],
  [
    'an enum value that does not exist',
    http({ redirect: { derivePort: 'FROM_NOWHERE' } }),
    'GW-SCHEMA-ENUM',
    'spec.http[0].redirect.derivePort',
  ],
];

describe('VirtualService', () => {
  it.each(invalid)('rejects %s', (_name, spec, code, path) => expectFinding(vs(spec), code, path));
});
