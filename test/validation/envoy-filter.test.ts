import { describe, expect, it } from 'vitest';
import type { InvalidCase } from './helpers.js';
import { expectFinding, expectNoErrors, findingsOf, meshObject } from './helpers.js';

const ef = (spec: unknown) => meshObject('networking.istio.io/v1alpha3', 'EnvoyFilter', spec);
const HCM = 'envoy.filters.network.http_connection_manager';
const patch = (p: Record<string, unknown>) => ({ configPatches: [p] });
const add = { operation: 'ADD', value: { name: 'x' } };
const listener = (filter: unknown) => ({
  context: 'SIDECAR_INBOUND',
  listener: { filterChain: { filter } },
});

const valid: ReadonlyArray<readonly [string, unknown]> = [
  [
    'an HTTP filter before the router',
    patch({
      applyTo: 'HTTP_FILTER',
      match: listener({ name: HCM, subFilter: { name: 'envoy.filters.http.router' } }),
      patch: { operation: 'INSERT_BEFORE', value: { name: 'envoy.filters.http.lua' } },
    }),
  ],
  [
    'a cluster added',
    patch({
      applyTo: 'CLUSTER',
      match: { context: 'SIDECAR_OUTBOUND' },
      patch: { operation: 'ADD', value: { name: 'c', connect_timeout: '0.5s' } },
    }),
  ],
  [
    'a cluster patched by name',
    patch({
      applyTo: 'CLUSTER',
      match: { cluster: { name: 'outbound|80||a.b' } },
      patch: { operation: 'MERGE', value: { connect_timeout: '1s' } },
    }),
  ],
  [
    'a removal without value',
    patch({
      applyTo: 'HTTP_FILTER',
      match: listener({ name: HCM, subFilter: { name: 'envoy.filters.http.cors' } }),
      patch: { operation: 'REMOVE' },
    }),
  ],
  [
    'a virtual host patch',
    patch({
      applyTo: 'VIRTUAL_HOST',
      match: { routeConfiguration: { vhost: { name: 'a:80' } } },
      patch: { operation: 'MERGE', value: { retry_policy: {} } },
    }),
  ],
  [
    'a proxy version regex',
    patch({
      applyTo: 'LISTENER',
      match: { proxy: { proxyVersion: '^1\\.2[0-9].*' } },
      patch: { operation: 'MERGE', value: { per_connection_buffer_limit_bytes: 1024 } },
    }),
  ],
  [
    'a workload selector and a priority',
    {
      workloadSelector: { labels: { app: 'reviews' } },
      priority: -10,
      ...patch({
        applyTo: 'NETWORK_FILTER',
        match: listener({ name: HCM }),
        patch: {
          operation: 'MERGE',
          value: {
            typed_config: {
              '@type':
                'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
            },
          },
        },
      }),
    },
  ],
  [
    'an extension config with filter class',
    patch({
      applyTo: 'EXTENSION_CONFIG',
      patch: { operation: 'ADD', filterClass: 'AUTHZ', value: { name: 'ext' } },
    }),
  ],
  [
    'a bootstrap patch',
    patch({ applyTo: 'BOOTSTRAP', patch: { operation: 'MERGE', value: { layered_runtime: {} } } }),
  ],
];

const invalid: readonly InvalidCase[] = [
  [
    'a patch without applyTo',
    patch({ patch: add }),
    'GW-EF-APPLY-TO-MISSING',
    'spec.configPatches[0].applyTo',
  ],
  [
    'applyTo INVALID',
    patch({ applyTo: 'INVALID', patch: add }),
    'GW-EF-APPLY-TO-MISSING',
    'spec.configPatches[0].applyTo',
  ],
  ['no patch', patch({ applyTo: 'CLUSTER' }), 'GW-EF-PATCH-MISSING', 'spec.configPatches[0].patch'],
  [
    'a patch without operation',
    patch({ applyTo: 'CLUSTER', patch: { value: {} } }),
    'GW-EF-OPERATION-MISSING',
    'spec.configPatches[0].patch.operation',
  ],
  [
    'MERGE without value',
    patch({ applyTo: 'CLUSTER', patch: { operation: 'MERGE' } }),
    'GW-EF-VALUE-MISSING',
    'spec.configPatches[0].patch.value',
  ],
  [
    'a proxy version that is not a regex',
    patch({ applyTo: 'CLUSTER', match: { proxy: { proxyVersion: '1.2(' } }, patch: add }),
    'GW-EF-PROXY-VERSION-REGEX',
    'spec.configPatches[0].match.proxy.proxyVersion',
  ],
  [
    'HTTP_FILTER with a cluster match',
    patch({ applyTo: 'HTTP_FILTER', match: { cluster: { service: 'a' } }, patch: add }),
    'GW-EF-MATCH-MISMATCH',
    'spec.configPatches[0].match.cluster',
  ],
  [
    'CLUSTER with a listener match',
    patch({ applyTo: 'CLUSTER', match: { listener: { portNumber: 80 } }, patch: add }),
    'GW-EF-MATCH-MISMATCH',
    'spec.configPatches[0].match.listener',
  ],
  [
    'a filter match without name',
    patch({ applyTo: 'NETWORK_FILTER', match: listener({}), patch: add }),
    'GW-EF-FILTER-NAME-MISSING',
    'spec.configPatches[0].match.listener.filterChain.filter.name',
  ],
  [
    'a subFilter with NETWORK_FILTER',
    patch({
      applyTo: 'NETWORK_FILTER',
      match: listener({ name: HCM, subFilter: { name: 'a' } }),
      patch: add,
    }),
    'GW-EF-SUBFILTER-APPLY-TO',
    'spec.configPatches[0].match.listener.filterChain.filter.subFilter',
  ],
  [
    'a subFilter under a non-HCM filter',
    patch({
      applyTo: 'HTTP_FILTER',
      match: listener({ name: 'envoy.filters.network.tcp_proxy', subFilter: { name: 'a' } }),
      patch: add,
    }),
    'GW-EF-SUBFILTER-HCM',
    'spec.configPatches[0].match.listener.filterChain.filter.subFilter',
  ],
  [
    'a subFilter without name',
    patch({ applyTo: 'HTTP_FILTER', match: listener({ name: HCM, subFilter: {} }), patch: add }),
    'GW-EF-FILTER-NAME-MISSING',
    'spec.configPatches[0].match.listener.filterChain.filter.subFilter.name',
  ],
  [
    'an Envoy v2 type',
    patch({
      applyTo: 'HTTP_FILTER',
      patch: {
        operation: 'ADD',
        value: {
          typed_config: { '@type': 'type.googleapis.com/envoy.config.filter.http.lua.v2.Lua' },
        },
      },
    }),
    'GW-EF-V2-TYPE',
    'spec.configPatches[0].patch.value.typed_config["@type"]',
  ],
  [
    'listener and cluster matches together',
    patch({ applyTo: 'CLUSTER', match: { listener: {}, cluster: {} }, patch: add }),
    'GW-SCHEMA-ONEOF',
    'spec.configPatches[0].match.cluster',
  ],
  [
    'an unknown applyTo',
    patch({ applyTo: 'ROUTE', patch: add }),
    'GW-SCHEMA-ENUM',
    'spec.configPatches[0].applyTo',
  ],
  [
    'an unknown context',
    patch({ applyTo: 'CLUSTER', match: { context: 'SIDECAR' }, patch: add }),
    'GW-SCHEMA-ENUM',
    'spec.configPatches[0].match.context',
  ],
  [
    'workloadSelector and targetRefs together',
    {
      workloadSelector: { labels: { a: 'b' } },
      targetRefs: [{ kind: 'Service', name: 's' }],
      ...patch({ applyTo: 'CLUSTER', patch: add }),
    },
    'GW-SEL-AND-TARGETREF',
    'spec',
  ],
  [
    'a patch value that is a string',
    patch({ applyTo: 'CLUSTER', patch: { operation: 'ADD', value: 'name: x' } }),
    'GW-SCHEMA-TYPE',
    'spec.configPatches[0].patch.value',
  ],
  [
    'a priority given as a string',
    { priority: 'high', ...patch({ applyTo: 'CLUSTER', patch: add }) },
    'GW-SCHEMA-TYPE',
    'spec.priority',
  ],
];

describe('EnvoyFilter', () => {
  it.each(valid)('accepts %s', (_name, spec) => expectNoErrors(ef(spec)));
  it.each(invalid)('rejects %s', (_name, spec, code, path) => expectFinding(ef(spec), code, path));
  it('warns on every EnvoyFilter', () => {
    const findings = findingsOf(ef(patch({ applyTo: 'CLUSTER', patch: add })));
    expect(findings).toEqual([
      expect.objectContaining({ code: 'GW-EF-ALWAYS', severity: 'warning', path: 'spec' }),
    ]);
  });
  it('warns about filter matches without effect and deprecated filter names', () => {
    expectFinding(
      ef(patch({ applyTo: 'LISTENER', match: listener({ name: HCM }), patch: add })),
      'GW-EF-FILTER-MATCH-NO-EFFECT',
      'spec.configPatches[0].match.listener.filterChain.filter',
    );
    expectFinding(
      ef(
        patch({
          applyTo: 'NETWORK_FILTER',
          match: listener({ name: 'envoy.http_connection_manager' }),
          patch: add,
        }),
      ),
      'GW-EF-DEPRECATED-FILTER-NAME',
      'spec.configPatches[0].match.listener.filterChain.filter.name',
    );
  });
});
