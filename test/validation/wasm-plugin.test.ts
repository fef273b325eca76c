import { describe, it } from 'vitest';
import type { InvalidCase } from './helpers.js';
import { expectFinding, expectNoErrors, meshObject } from './helpers.js';

const wp = (spec: unknown) => meshObject('extensions.istio.io/v1alpha1', 'WasmPlugin', spec);
const SHA = '1ef0c9a92b0420cf25f7fe5d481b231464bc88f486ca3b9c83ed5cc21d2f6210';
const plugin = (extra: Record<string, unknown> = {}) => ({
  url: 'oci://registry.example.com/plugins/auth:1.0',
  ...extra,
});

const valid: ReadonlyArray<readonly [string, unknown]> = [
  ['an OCI url', plugin()],
  ['a bare image reference', { url: 'ghcr.io/org/plugin:1.0' }],
  [
    'a file url with sha256',
    { url: 'file:///opt/filters/openid.wasm', sha256: SHA, phase: 'AUTHN' },
  ],
  [
    'an https url with Always',
    { url: 'https://bucket.example.com/filter.wasm', imagePullPolicy: 'Always' },
  ],
  [
    'plugin config and priority',
    plugin({
      pluginConfig: { openid_server: 'authn', nested: { a: [1, 2] } },
      priority: 1000,
      phase: 'AUTHZ',
    }),
  ],
  [
    'VM env from host and inline',
    plugin({
      vmConfig: {
        env: [
          { name: 'POD_NAME', valueFrom: 'HOST' },
          { name: 'TRUST_DOMAIN', value: 'cluster.local' },
        ],
      },
    }),
  ],
  [
    'traffic selectors',
    plugin({
      match: [{ mode: 'SERVER', ports: [{ number: 8080 }] }],
      type: 'HTTP',
      failStrategy: 'FAIL_OPEN',
    }),
  ],
  [
    'a targetRef',
    plugin({ targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }] }),
  ],
];

const invalid: readonly InvalidCase[] = [
  ['no url', { phase: 'AUTHN' }, 'GW-WP-URL-REQUIRED', 'spec.url'],
  ['an ftp url', { url: 'ftp://example.com/filter.wasm' }, 'GW-WP-URL-INVALID', 'spec.url'],
  ['a url without host', { url: 'http://' }, 'GW-WP-URL-INVALID', 'spec.url'],
  ['a short sha256', plugin({ sha256: 'abc123' }), 'GW-WP-SHA256-INVALID', 'spec.sha256'],
  [
    'an upper-case sha256',
    plugin({ sha256: SHA.toUpperCase() }),
    'GW-WP-SHA256-INVALID',
    'spec.sha256',
  ],
  [
    'a long imagePullSecret',
    plugin({ imagePullSecret: 'a'.repeat(254) }),
    'GW-WP-PULL-SECRET-LENGTH',
    'spec.imagePullSecret',
  ],
  [
    'a long pluginName',
    plugin({ pluginName: 'p'.repeat(257) }),
    'GW-WP-PLUGIN-NAME-LENGTH',
    'spec.pluginName',
  ],
  [
    'an env entry without name',
    plugin({ vmConfig: { env: [{ value: 'x' }] } }),
    'GW-WP-ENV-INVALID',
    'spec.vmConfig.env[0].name',
  ],
  [
    'duplicate env names',
    plugin({ vmConfig: { env: [{ name: 'A' }, { name: 'A' }] } }),
    'GW-WP-ENV-INVALID',
    'spec.vmConfig.env[1].name',
  ],
  [
    'an env name over 256 characters',
    plugin({ vmConfig: { env: [{ name: 'N'.repeat(257) }] } }),
    'GW-WP-ENV-INVALID',
    'spec.vmConfig.env[0].name',
  ],
  [
    'an env value with valueFrom HOST',
    plugin({ vmConfig: { env: [{ name: 'A', valueFrom: 'HOST', value: 'x' }] } }),
    'GW-WP-ENV-HOST-VALUE',
    'spec.vmConfig.env[0].value',
  ],
  [
    'a match port of 0',
    plugin({ match: [{ ports: [{ number: 0 }] }] }),
    'GW-PORT-RANGE',
    'spec.match[0].ports[0].number',
  ],
  [
    'a match port over 65535',
    plugin({ match: [{ ports: [{ number: 70000 }] }] }),
    'GW-PORT-RANGE',
    'spec.match[0].ports[0].number',
  ],
  ['an unknown phase', plugin({ phase: 'ROUTING' }), 'GW-SCHEMA-ENUM', 'spec.phase'],
  [
    'an unknown fail strategy',
    plugin({ failStrategy: 'FAIL_SOMETIMES' }),
    'GW-SCHEMA-ENUM',
    'spec.failStrategy',
  ],
  [
    'an image pull policy of Never',
    plugin({ imagePullPolicy: 'Never' }),
    'GW-SCHEMA-ENUM',
    'spec.imagePullPolicy',
  ],
  [
    'selector and targetRefs together',
    plugin({ selector: { matchLabels: { a: 'b' } }, targetRefs: [{ kind: 'Service', name: 's' }] }),
    'GW-SEL-AND-TARGETREF',
    'spec',
  ],
  [
    'plugin config given as a string',
    plugin({ pluginConfig: 'a: b' }),
    'GW-SCHEMA-TYPE',
    'spec.pluginConfig',
  ],
  [
    'a priority given as a string',
    plugin({ priority: 'first' }),
    'GW-SCHEMA-TYPE',
    'spec.priority',
  ],
];

describe('WasmPlugin', () => {
  it.each(valid)('accepts %s', (_name, spec) => expectNoErrors(wp(spec)));
  it.each(invalid)('rejects %s', (_name, spec, code, path) => expectFinding(wp(spec), code, path));
});
