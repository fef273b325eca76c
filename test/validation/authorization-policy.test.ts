import { describe, it } from 'vitest';
import type { InvalidCase } from './helpers.js';
import { expectFinding, expectNoErrors, meshObject } from './helpers.js';

const ap = (spec: unknown, annotations: Record<string, string> = {}) =>
  meshObject('security.istio.io/v1', 'AuthorizationPolicy', spec, { annotations });
const rule = (r: unknown) => ({ rules: [r] });
const from = (source: unknown) => rule({ from: [{ source }] });
const to = (operation: unknown) => rule({ to: [{ operation }] });
const when = (condition: unknown) => rule({ when: [condition] });

const valid: ReadonlyArray<readonly [string, unknown]> = [
  ['allow nothing', {}],
  ['allow all', { rules: [{}] }],
  [
    'principals and namespaces',
    from({ principals: ['cluster.local/ns/default/sa/sleep'], namespaces: ['test', 'prod-*'] }),
  ],
  [
    'IP blocks and CIDRs',
    from({ ipBlocks: ['203.0.113.4', '10.0.0.0/8'], notRemoteIpBlocks: ['2001:db8::/32'] }),
  ],
  [
    'methods, paths and ports',
    to({
      methods: ['GET', 'POST'],
      paths: ['/info*', '*/admin', '/api/{*}/items'],
      ports: ['8080'],
    }),
  ],
  [
    'JWT claims and request headers',
    when({ key: 'request.auth.claims[iss]', values: ['https://accounts.google.com'] }),
  ],
  [
    'a DENY rule scoped to a port',
    { action: 'DENY', ...to({ methods: ['POST'], ports: ['8080'] }) },
  ],
  [
    'CUSTOM with a provider',
    { action: 'CUSTOM', provider: { name: 'ext-authz' }, ...to({ paths: ['/admin/*'] }) },
  ],
  [
    'AUDIT on a selector',
    {
      selector: { matchLabels: { app: 'myapi' } },
      action: 'AUDIT',
      ...to({ methods: ['GET'], paths: ['/user/profile/*'] }),
    },
  ],
  [
    'a targetRef to a Gateway',
    {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }],
      ...to({ ports: ['80'] }),
    },
  ],
];

const invalid: readonly InvalidCase[] = [
  ['DENY without rules', { action: 'DENY' }, 'GW-AP-DENY-NO-RULES', 'spec'],
  [
    'CUSTOM without rules',
    { action: 'CUSTOM', provider: { name: 'p' } },
    'GW-AP-CUSTOM-NO-RULES',
    'spec',
  ],
  [
    'CUSTOM without provider name',
    { action: 'CUSTOM', rules: [{}] },
    'GW-AP-CUSTOM-PROVIDER-REQUIRED',
    'spec.provider.name',
  ],
  [
    'a provider with ALLOW',
    { action: 'ALLOW', provider: { name: 'p' }, rules: [{}] },
    'GW-AP-PROVIDER-NON-CUSTOM',
    'spec.provider',
  ],
  [
    'CUSTOM with principals',
    { action: 'CUSTOM', provider: { name: 'p' }, ...from({ principals: ['a'] }) },
    'GW-AP-CUSTOM-UNSUPPORTED-FIELD',
    'spec.rules[0].from[0].source.principals',
  ],
  [
    'an unknown condition key',
    when({ key: 'request.colour', values: ['red'] }),
    'GW-AP-WHEN-KEY-UNKNOWN',
    'spec.rules[0].when[0].key',
  ],
  [
    'a condition key without brackets',
    when({ key: 'request.headers', values: ['a'] }),
    'GW-AP-WHEN-KEY-FORMAT',
    'spec.rules[0].when[0].key',
  ],
  [
    'destination.namespace as a condition',
    when({ key: 'destination.namespace', values: ['a'] }),
    'GW-AP-WHEN-KEY-REPLACED',
    'spec.rules[0].when[0].key',
  ],
  [
    'a condition without values',
    when({ key: 'source.ip' }),
    'GW-AP-WHEN-VALUES-REQUIRED',
    'spec.rules[0].when[0]',
  ],
  [
    'a condition IP that is not an IP',
    when({ key: 'source.ip', values: ['10.0.0.999'] }),
    'GW-AP-WHEN-VALUE-INVALID',
    'spec.rules[0].when[0].values[0]',
  ],
  [
    'a condition port that is not a port',
    when({ key: 'destination.port', notValues: ['http'] }),
    'GW-AP-WHEN-VALUE-INVALID',
    'spec.rules[0].when[0].notValues[0]',
  ],
  ['an empty source', from({}), 'GW-AP-SOURCE-EMPTY', 'spec.rules[0].from[0].source'],
  [
    'a from entry without source',
    rule({ from: [{}] }),
    'GW-AP-SOURCE-REQUIRED',
    'spec.rules[0].from[0]',
  ],
  ['an empty from list', rule({ from: [] }), 'GW-AP-FROM-EMPTY', 'spec.rules[0].from'],
  ['an empty operation', to({}), 'GW-AP-OPERATION-EMPTY', 'spec.rules[0].to[0].operation'],
  [
    'a to entry without operation',
    rule({ to: [{}] }),
    'GW-AP-OPERATION-REQUIRED',
    'spec.rules[0].to[0]',
  ],
  [
    'an operation port out of range',
    to({ ports: ['70000'] }),
    'GW-AP-PORT-INVALID',
    'spec.rules[0].to[0].operation.ports[0]',
  ],
  [
    'an empty string in a list',
    to({ methods: [''] }),
    'GW-AP-EMPTY-VALUE',
    'spec.rules[0].to[0].operation.methods[0]',
  ],
  [
    'a bad CIDR block',
    from({ ipBlocks: ['10.0.0.0/33'] }),
    'GW-CIDR-INVALID',
    'spec.rules[0].from[0].source.ipBlocks[0]',
  ],
  [
    'a named path template variable',
    to({ paths: ['/foo/{bar}/{*}'] }),
    'GW-AP-PATH-TEMPLATE-INVALID',
    'spec.rules[0].to[0].operation.paths[0]',
  ],
  [
    'selector and targetRefs together',
    {
      selector: { matchLabels: { app: 'a' } },
      targetRefs: [{ kind: 'Service', name: 's' }],
      rules: [{}],
    },
    'GW-SEL-AND-TARGETREF',
    'spec',
  ],
  [
    'a targetRef to a Deployment',
    { targetRefs: [{ group: 'apps', kind: 'Deployment', name: 'd' }], rules: [{}] },
    'GW-TARGETREF-KIND-UNSUPPORTED',
    'spec.targetRefs[0]',
  ],
  [
    'a targetRef in another namespace',
    { targetRef: { kind: 'Service', name: 's', namespace: 'other' }, rules: [{}] },
    'GW-TARGETREF-NAMESPACE-SET',
    'spec.targetRef.namespace',
  ],
  ['an unknown action', { action: 'LOG', rules: [{}] }, 'GW-SCHEMA-ENUM', 'spec.action'],
];

describe('AuthorizationPolicy', () => {
  it.each(valid)('accepts %s', (_name, spec) => expectNoErrors(ap(spec)));
  it.each(invalid)('rejects %s', (_name, spec, code, path) => expectFinding(ap(spec), code, path));

  it('checks the dry-run annotation', () => {
    expectNoErrors(ap({ rules: [{}] }, { 'istio.io/dry-run': 'true' }));
    expectFinding(
      ap({ rules: [{}] }, { 'istio.io/dry-run': 'maybe' }),
      'GW-AP-DRY-RUN-VALUE',
      'metadata.annotations["istio.io/dry-run"]',
    );
    expectFinding(
      ap({ action: 'AUDIT', rules: [{}] }, { 'istio.io/dry-run': 'true' }),
      'GW-AP-DRY-RUN-ACTION',
      'metadata.annotations["istio.io/dry-run"]',
    );
  });

  it('warns about HTTP-only DENY rules and suspicious values', () => {
    expectFinding(
      ap({ action: 'DENY', ...to({ methods: ['POST'] }) }),
      'GW-AP-DENY-HTTP-ONLY',
      'spec.rules[0]',
    );
    expectFinding(
      ap(from({ principals: ['spiffe://cluster.local/ns/a/sa/b'] })),
      'GW-AP-PRINCIPAL-SPIFFE',
      'spec.rules[0].from[0].source.principals[0]',
    );
    expectFinding(
      ap(to({ paths: ['api/*'] })),
      'GW-AP-PATH-NOT-ABSOLUTE',
      'spec.rules[0].to[0].operation.paths[0]',
    );
    expectFinding(
      ap(to({ methods: ['get'] })),
      'GW-AP-METHOD-UNKNOWN',
      'spec.rules[0].to[0].operation.methods[0]',
    );
    expectFinding(
      ap(to({ hosts: ['a*b.com'] })),
      'GW-AP-WILDCARD-POSITION',
      'spec.rules[0].to[0].operation.hosts[0]',
    );
    expectFinding(ap({ selector: {}, rules: [{}] }), 'GW-SEL-NO-LABELS', 'spec.selector');
  });
});
