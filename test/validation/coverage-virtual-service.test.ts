import { describe, it } from 'vitest';
import type { InvalidCase } from './helpers.js';
import { expectFinding, meshObject } from './helpers.js';

const HOST = 'reviews.prod.svc.cluster.local';
const vs = (spec: unknown) => meshObject('networking.istio.io/v1', 'VirtualService', spec);
const route = (extra: Record<string, unknown> = {}) => ({
  hosts: [HOST],
  http: [{ route: [{ destination: { host: HOST } }], ...extra }],
});
const rule = (extra: Record<string, unknown>) => ({ hosts: [HOST], http: [extra] });
const tls = (match: unknown, extra: Record<string, unknown> = {}) => ({
  hosts: ['*.example.com'],
  gateways: ['gw'],
  tls: [{ match: [match], route: [{ destination: { host: 'a' } }], ...extra }],
});

/** Findings that the per-kind tables do not reach, one case each (VirtualService). */
const virtualServiceCases: readonly InvalidCase[] = [
  [
    'a delegate with tls routes',
    {
      http: [{ route: [{ destination: { host: 'a' } }] }],
      tls: [{ match: [{ sniHosts: ['a.b'] }], route: [{ destination: { host: 'a' } }] }],
    },
    'GW-VS-DELEGATE-TLS',
    'spec.tls',
  ],
  [
    'a delegate with tcp routes',
    {
      http: [{ route: [{ destination: { host: 'a' } }] }],
      tcp: [{ route: [{ destination: { host: 'a' } }] }],
    },
    'GW-VS-DELEGATE-TCP',
    'spec.tcp',
  ],
  [
    'a delegate route that delegates',
    { http: [{ delegate: { name: 'x' } }] },
    'GW-VS-DELEGATE-NESTED',
    'spec.http[0].delegate',
  ],
  [
    'a delegate reference without name',
    rule({ delegate: { namespace: 'n' } }),
    'GW-VS-DELEGATE-NAME-MISSING',
    'spec.http[0].delegate.name',
  ],
  [
    'redirect with fault',
    rule({ redirect: { uri: '/a' }, fault: { abort: { httpStatus: 500 } } }),
    'GW-VS-REDIRECT-WITH-FAULT',
    'spec.http[0]',
  ],
  [
    'redirect with rewrite',
    rule({ redirect: { uri: '/a' }, rewrite: { uri: '/b' } }),
    'GW-VS-REDIRECT-WITH-REWRITE',
    'spec.http[0]',
  ],
  [
    'directResponse with route',
    route({ directResponse: { status: 200 } }),
    'GW-VS-DIRECT-RESPONSE-CONFLICT',
    'spec.http[0]',
  ],
  ['an empty redirect', rule({ redirect: {} }), 'GW-VS-REDIRECT-EMPTY', 'spec.http[0].redirect'],
  [
    'a redirect scheme of ftp',
    rule({ redirect: { scheme: 'ftp' } }),
    'GW-VS-REDIRECT-SCHEME',
    'spec.http[0].redirect.scheme',
  ],
  [
    'a body that is not base64',
    rule({ directResponse: { status: 200, body: { bytes: 'not base64!' } } }),
    'GW-VS-DIRECT-RESPONSE-BYTES-INVALID',
    'spec.http[0].directResponse.body.bytes',
  ],
  [
    'a body over 1MB',
    rule({ directResponse: { status: 200, body: { string: 'x'.repeat(1024 * 1024 + 1) } } }),
    'GW-VS-DIRECT-RESPONSE-BODY-TOO-LARGE',
    'spec.http[0].directResponse.body',
  ],
  ['an empty rewrite', route({ rewrite: {} }), 'GW-VS-REWRITE-EMPTY', 'spec.http[0].rewrite'],
  [
    'a regex rewrite without rewrite',
    route({ rewrite: { uriRegexRewrite: { match: '^/a' } } }),
    'GW-VS-REWRITE-REGEX-INCOMPLETE',
    'spec.http[0].rewrite.uriRegexRewrite',
  ],
  [
    'retry settings with 0 attempts',
    route({ retries: { attempts: 0, perTryTimeout: '1s' } }),
    'GW-VS-RETRY-DISABLED-WITH-POLICY',
    'spec.http[0].retries',
  ],
  [
    'an unknown gRPC status',
    route({ fault: { abort: { grpcStatus: 'BROKEN' } } }),
    'GW-VS-FAULT-ABORT-GRPC-STATUS',
    'spec.http[0].fault.abort.grpcStatus',
  ],
  [
    'an http2 error abort',
    route({ fault: { abort: { http2Error: 'REFUSED_STREAM' } } }),
    'GW-VS-FAULT-ABORT-HTTP2',
    'spec.http[0].fault.abort.http2Error',
  ],
  [
    'an exponential delay',
    route({ fault: { delay: { exponentialDelay: '1s' } } }),
    'GW-VS-FAULT-DELAY-EXPONENTIAL',
    'spec.http[0].fault.delay.exponentialDelay',
  ],
  [
    'a mirrors entry without destination',
    route({ mirrors: [{ percentage: { value: 5 } }] }),
    'GW-VS-MIRROR-DESTINATION-REQUIRED',
    'spec.http[0].mirrors[0]',
  ],
  [
    'a CORS origin that matches nothing',
    route({ corsPolicy: { allowOrigins: [{ exact: '' }] } }),
    'GW-VS-CORS-ORIGIN-EMPTY',
    'spec.http[0].corsPolicy.allowOrigins[0]',
  ],
  [
    'an invalid sourceNamespace',
    route({ match: [{ sourceNamespace: 'Not_A_Namespace' }] }),
    'GW-VS-SOURCE-NAMESPACE-INVALID',
    'spec.http[0].match[0].sourceNamespace',
  ],
  [
    'an empty prefix match',
    route({ match: [{ uri: { prefix: '' } }] }),
    'GW-MATCH-PREFIX-EMPTY',
    'spec.http[0].match[0].uri.prefix',
  ],
  [
    'a TLS route without match',
    { hosts: ['a.b'], gateways: ['gw'], tls: [{ route: [{ destination: { host: 'a' } }] }] },
    'GW-VS-TLS-MATCH-REQUIRED',
    'spec.tls[0]',
  ],
  [
    'a TLS match without SNI hosts',
    tls({ port: 443 }),
    'GW-VS-TLS-SNI-REQUIRED',
    'spec.tls[0].match[0]',
  ],
  [
    'a TLS route without route',
    tls({ sniHosts: ['a.example.com'] }, { route: [] }),
    'GW-VS-TLS-ROUTE-REQUIRED',
    'spec.tls[0]',
  ],
  [
    'a pseudo-header operation',
    route({ headers: { request: { remove: [':path'] } } }),
    'GW-HEADER-PSEUDO',
    'spec.http[0].headers.request.remove[0]',
  ],
  [
    'the authority set twice',
    route({
      rewrite: { authority: 'a.b' },
      headers: { request: { set: { ':authority': 'c.d' } } },
    }),
    'GW-HEADER-AUTHORITY-TWICE',
    'spec.http[0]',
  ],
  [
    'exportTo with an invalid entry',
    { ...route(), exportTo: ['Not_Valid'] },
    'GW-EXPORTTO-INVALID',
    'spec.exportTo[0]',
  ],
  [
    'exportTo * with others',
    { ...route(), exportTo: ['*', 'a'] },
    'GW-EXPORTTO-PUBLIC-MIXED',
    'spec.exportTo',
  ],
];

const vsWarnings: readonly InvalidCase[] = [
  [
    'an abort without type',
    route({ fault: { abort: { percentage: { value: 1 } } } }),
    'GW-VS-FAULT-ABORT-NO-TYPE',
    'spec.http[0].fault.abort',
  ],
  [
    'a delay without type',
    route({ fault: { delay: { percentage: { value: 1 } } } }),
    'GW-VS-FAULT-DELAY-NO-TYPE',
    'spec.http[0].fault.delay',
  ],
  [
    'a body over 100KB',
    rule({ directResponse: { status: 200, body: { string: 'x'.repeat(200 * 1024) } } }),
    'GW-VS-DIRECT-RESPONSE-BODY-LARGE',
    'spec.http[0].directResponse.body',
  ],
  [
    'the deprecated allowOrigin',
    route({ corsPolicy: { allowOrigin: ['*'] } }),
    'GW-VS-CORS-ALLOW-ORIGIN-DEPRECATED',
    'spec.http[0].corsPolicy.allowOrigin',
  ],
  [
    'an IP SNI host',
    tls({ sniHosts: ['10.0.0.1'] }),
    'GW-VS-TLS-SNI-IP',
    'spec.tls[0].match[0].sniHosts[0]',
  ],
];

describe('VirtualService findings not reached by the per-kind tables', () => {
  it.each(virtualServiceCases)('%s', (_name, spec, code, path) =>
    expectFinding(vs(spec), code, path),
  );
  it.each(vsWarnings)('warning: %s', (_name, spec, code, path) =>
    expectFinding(vs(spec), code, path),
  );
});
