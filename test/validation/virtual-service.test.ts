import { describe, expect, it } from 'vitest';
import { expectFinding, expectNoErrors, findingsOf, meshObject } from './helpers.js';

const HOST = 'reviews.prod.svc.cluster.local';
const vs = (spec: unknown, apiVersion = 'networking.istio.io/v1') =>
  meshObject(apiVersion, 'VirtualService', spec);
const route = (extra: Record<string, unknown> = {}) => ({
  route: [{ destination: { host: HOST } }],
  ...extra,
});
const http = (...rules: unknown[]) => ({ hosts: [HOST], http: rules });

const valid: ReadonlyArray<readonly [string, unknown]> = [
  ['a simple route', http(route())],
  [
    'weights that need not sum to 100',
    http({
      route: [
        { destination: { host: HOST, subset: 'v1' }, weight: 10 },
        { destination: { host: HOST, subset: 'v2' }, weight: 20 },
      ],
    }),
  ],
  ['a redirect with a 308 code', http({ redirect: { uri: '/new', redirectCode: 308 } })],
  ['a direct response', http({ directResponse: { status: 404, body: { string: 'nope' } } })],
  ['a delegate VirtualService without hosts', { http: [route()] }],
  [
    'RE2 regexes within limits',
    http(
      route({
        match: [
          { uri: { regex: '^/api/v[0-9]+/.*$' }, headers: { 'x-user': { regex: '(?i)admin' } } },
        ],
      }),
    ),
  ],
  [
    'fault injection with abort and delay',
    http(
      route({
        fault: {
          abort: { httpStatus: 503, percentage: { value: 0.0001 } },
          delay: { fixedDelay: '1.5s', percentage: { value: 100 } },
        },
      }),
    ),
  ],
  [
    'retries with status codes and policies',
    http(
      route({
        retries: { attempts: 3, perTryTimeout: '250ms', retryOn: '5xx,reset,503,retriable-4xx' },
      }),
    ),
  ],
  [
    'mirrors with percentages',
    http(route({ mirrors: [{ destination: { host: 'mirror.svc' }, percentage: { value: 50 } }] })),
  ],
  [
    'a wildcard host bound to a gateway',
    { hosts: ['*'], gateways: ['istio-system/ingress'], http: [route()] },
  ],
  [
    'TCP and TLS routes',
    {
      hosts: ['*.example.com'],
      gateways: ['gw'],
      tcp: [
        {
          match: [{ port: 3306, destinationSubnets: ['10.0.0.0/8'] }],
          route: [{ destination: { host: 'db' } }],
        },
      ],
      tls: [{ match: [{ sniHosts: ['a.example.com'] }], route: [{ destination: { host: 'a' } }] }],
    },
  ],
  [
    'CORS with wildcard headers',
    http(
      route({
        corsPolicy: {
          allowOrigins: [{ prefix: 'https://' }],
          allowMethods: ['GET'],
          allowHeaders: ['*'],
          maxAge: '1h',
        },
      }),
    ),
  ],
];

describe('VirtualService', () => {
  it.each(valid)('accepts %s', (_name, spec) => expectNoErrors(vs(spec)));

  it('accepts every served version and rejects others', () => {
    for (const version of ['v1alpha3', 'v1beta1', 'v1'])
      expectNoErrors(vs(http(route()), `networking.istio.io/${version}`));
    expectFinding(
      vs(http(route()), 'networking.istio.io/v2'),
      'GW-MESH-VERSION-UNSERVED',
      'apiVersion',
    );
  });

  it('warns about unknown fields inside spec and rejects unknown top-level keys', () => {
    expectFinding(
      vs({ ...http(route()), colour: 'blue' }),
      'GW-SCHEMA-UNKNOWN-FIELD',
      'spec.colour',
    );
    expect(
      findingsOf(vs({ ...http(route()), colour: 'blue' })).find((f) => f.path === 'spec.colour')
        ?.severity,
    ).toBe('warning');
    expectFinding({ ...vs(http(route())), extra: 1 }, 'GW-MESH-UNKNOWN-FIELD', 'extra');
  });

  it('warns about unreachable rules and deprecated fields', () => {
    expectFinding(vs(http(route(), route())), 'GW-VS-RULE-UNREACHABLE', 'spec.http[1]');
    const dup = { match: [{ uri: { prefix: '/a' } }] };
    expectFinding(
      vs(http(route(dup), route(dup))),
      'GW-VS-MATCH-INEFFECTIVE',
      'spec.http[1].match[0]',
    );
    expectFinding(
      vs(http(route({ mirror: { host: 'm' }, mirrorPercent: 10 }))),
      'GW-VS-MIRROR-PERCENT-DEPRECATED',
      'spec.http[0].mirrorPercent',
    );
    expectFinding(
      vs({ hosts: [HOST], gateways: ['gw.istio-system'], http: [route()] }),
      'GW-VS-GATEWAY-REF-LEGACY',
      'spec.gateways[0]',
    );
  });

  it('reports every finding at once, each with a path', () => {
    const findings = findingsOf(
      vs(
        http({
          route: [{ destination: { host: '*' }, weight: -1 }],
          timeout: 'x',
          retries: { attempts: -2 },
        }),
      ),
    );
    expect(findings.map((f) => f.code)).toEqual(
      expect.arrayContaining([
        'GW-VS-DESTINATION-HOST-WILDCARD',
        'GW-VS-WEIGHT-NEGATIVE',
        'GW-DUR-FORMAT',
        'GW-VS-RETRY-ATTEMPTS-NEGATIVE',
      ]),
    );
    for (const f of findings) expect(f.path).not.toBe('');
  });
});

describe('VirtualService after a type error', () => {
  it('holds back findings that only stem from the dropped value', () => {
    const spec = {
      hosts: [HOST],
      http: [
        {
          route: [
            { destination: { host: HOST }, weight: 0 },
            { destination: { host: HOST }, weight: '3' },
          ],
        },
      ],
    };
    const findings = findingsOf(vs(spec));
    expect(findings.map((f) => f.code)).toEqual(['GW-SCHEMA-TYPE']);
    expect(findings[0]?.path).toBe('spec.http[0].route[1].weight');
  });
});
