import { describe, it } from 'vitest';
import type { InvalidCase } from './helpers.js';
import { expectFinding, expectNoErrors, meshObject } from './helpers.js';

const pa = (
  spec: unknown,
  metadata: Record<string, unknown> = {},
  apiVersion = 'security.istio.io/v1',
) => meshObject(apiVersion, 'PeerAuthentication', spec, metadata);
const selector = { matchLabels: { app: 'finance' } };

const valid: ReadonlyArray<readonly [string, unknown]> = [
  ['an empty spec (inherit)', {}],
  ['namespace-wide STRICT', { mtls: { mode: 'STRICT' } }],
  ['PERMISSIVE', { mtls: { mode: 'PERMISSIVE' } }],
  ['DISABLE on a workload', { selector, mtls: { mode: 'DISABLE' } }],
  [
    'port-level mTLS with a selector',
    { selector, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'DISABLE' } } },
  ],
  [
    'UNSET with port overrides',
    {
      selector,
      mtls: { mode: 'UNSET' },
      portLevelMtls: { '8080': { mode: 'DISABLE' }, '9090': { mode: 'PERMISSIVE' } },
    },
  ],
  [
    'several selector labels',
    { selector: { matchLabels: { app: 'a', version: 'v1' } }, mtls: { mode: 'STRICT' } },
  ],
  ['port 65535', { selector, portLevelMtls: { 65535: { mode: 'STRICT' } } }],
];

const invalid: readonly InvalidCase[] = [
  [
    'port-level mTLS without selector',
    { mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'DISABLE' } } },
    'GW-PA-PORT-MTLS-WITHOUT-SELECTOR',
    'spec.portLevelMtls',
  ],
  [
    'port-level mTLS with a label-less selector',
    { selector: { matchLabels: {} }, portLevelMtls: { 8080: { mode: 'DISABLE' } } },
    'GW-PA-PORT-MTLS-WITHOUT-SELECTOR',
    'spec.portLevelMtls',
  ],
  [
    'an empty portLevelMtls',
    { selector, portLevelMtls: {} },
    'GW-PA-PORT-MTLS-EMPTY',
    'spec.portLevelMtls',
  ],
  [
    'port 0',
    { selector, portLevelMtls: { 0: { mode: 'DISABLE' } } },
    'GW-PA-PORT-INVALID',
    'spec.portLevelMtls["0"]',
  ],
  [
    'port 70000',
    { selector, portLevelMtls: { 70000: { mode: 'DISABLE' } } },
    'GW-PA-PORT-INVALID',
    'spec.portLevelMtls["70000"]',
  ],
  [
    'a port named http',
    { selector, portLevelMtls: { http: { mode: 'DISABLE' } } },
    'GW-PA-PORT-INVALID',
    'spec.portLevelMtls.http',
  ],
  ['an unknown mode', { mtls: { mode: 'REQUIRED' } }, 'GW-SCHEMA-ENUM', 'spec.mtls.mode'],
  [
    'an unknown port-level mode',
    { selector, portLevelMtls: { 8080: { mode: 'OFF' } } },
    'GW-SCHEMA-ENUM',
    'spec.portLevelMtls["8080"].mode',
  ],
  ['mtls given as a string', { mtls: 'STRICT' }, 'GW-SCHEMA-TYPE', 'spec.mtls'],
  [
    'portLevelMtls given as a list',
    { selector, portLevelMtls: [{ mode: 'STRICT' }] },
    'GW-SCHEMA-TYPE',
    'spec.portLevelMtls',
  ],
  [
    'a selector with a wildcard value',
    { selector: { matchLabels: { app: 'fin*' } } },
    'GW-SEL-WILDCARD',
    'spec.selector.matchLabels.app',
  ],
  [
    'a selector with an empty key',
    { selector: { matchLabels: { '': 'x' } } },
    'GW-SEL-EMPTY-KEY',
    'spec.selector.matchLabels[""]',
  ],
  [
    'a selector label value that is invalid',
    { selector: { matchLabels: { app: 'a b' } } },
    'GW-LABEL-VALUE-INVALID',
    'spec.selector.matchLabels.app',
  ],
  [
    'a selector given as labels',
    { selector: { labels: { app: 'a' } } },
    'GW-SCHEMA-UNKNOWN-FIELD',
    'spec.selector.labels',
  ],
  ['spec given as a list', [], 'GW-SCHEMA-TYPE', 'spec'],
];

const invalidObjects: readonly InvalidCase[] = [
  [
    'the dry-run annotation',
    pa({}, { annotations: { 'istio.io/dry-run': 'true' } }),
    'GW-MESH-DRY-RUN-UNSUPPORTED',
    'metadata.annotations["istio.io/dry-run"]',
  ],
  [
    'an unserved version',
    pa({}, {}, 'security.istio.io/v1alpha1'),
    'GW-MESH-VERSION-UNSERVED',
    'apiVersion',
  ],
  [
    'no name',
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { namespace: 'a' },
      spec: {},
    },
    'GW-MESH-NAME-MISSING',
    'metadata.name',
  ],
  [
    'metadata of the wrong shape',
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'a', labels: ['x'] },
      spec: {},
    },
    'GW-MESH-METADATA-INVALID',
    'metadata',
  ],
];

describe('PeerAuthentication', () => {
  it.each(valid)('accepts %s', (_name, spec) => expectNoErrors(pa(spec)));
  it.each(invalid)('rejects %s', (_name, spec, code, path) => expectFinding(pa(spec), code, path));
  it.each(invalidObjects)('rejects an object with %s', (_name, object, code, path) =>
    expectFinding(object, code, path),
  );
  it('warns about a selector without labels', () => {
    expectFinding(
      pa({ selector: {}, mtls: { mode: 'STRICT' } }),
      'GW-SEL-NO-LABELS',
      'spec.selector',
    );
  });
});
