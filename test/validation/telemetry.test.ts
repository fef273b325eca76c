import { describe, it } from 'vitest';
import type { InvalidCase } from './helpers.js';
import { expectFinding, expectNoErrors, meshObject } from './helpers.js';

const tm = (spec: unknown, apiVersion = 'telemetry.istio.io/v1') =>
  meshObject(apiVersion, 'Telemetry', spec);
const tracing = (t: unknown) => ({ tracing: [t] });
const override = (o: unknown) => ({
  metrics: [{ providers: [{ name: 'prometheus' }], overrides: [o] }],
});

const valid: ReadonlyArray<readonly [string, unknown]> = [
  ['random sampling', tracing({ randomSamplingPercentage: 10 })],
  [
    'disabled span reporting on a workload',
    {
      selector: { matchLabels: { 'service.istio.io/canonical-name': 'foo' } },
      ...tracing({ disableSpanReporting: true }),
    },
  ],
  ['a custom literal tag', tracing({ customTags: { my_tag: { literal: { value: 'foo' } } } })],
  [
    'header and environment tags',
    tracing({
      customTags: {
        a: { header: { name: 'x-a', defaultValue: 'none' } },
        b: { environment: { name: 'POD_NAME' } },
      },
    }),
  ],
  [
    'disabled server metrics',
    {
      metrics: [
        {
          providers: [{ name: 'stackdriver' }],
          overrides: [{ match: { metric: 'ALL_METRICS', mode: 'SERVER' }, disabled: true }],
        },
      ],
    },
  ],
  [
    'tag overrides',
    override({
      tagOverrides: {
        request_method: { value: 'request.method' },
        response_code: { operation: 'REMOVE' },
      },
    }),
  ],
  [
    'access logging with a filter',
    {
      accessLogging: [
        { providers: [{ name: 'envoy' }], filter: { expression: 'response.code >= 400' } },
      ],
    },
  ],
  [
    'a reporting interval and custom metric',
    {
      metrics: [
        { reportingInterval: '15s', overrides: [{ match: { customMetric: 'my_metric' } }] },
      ],
    },
  ],
  ['the v1alpha1 version', tracing({ randomSamplingPercentage: 100 })],
];

const invalid: readonly InvalidCase[] = [
  [
    'a tracing provider without name',
    tracing({ providers: [{}] }),
    'GW-TM-PROVIDER-NAME-EMPTY',
    'spec.tracing[0].providers[0].name',
  ],
  [
    'a metrics provider without name',
    { metrics: [{ providers: [{ name: '' }] }] },
    'GW-TM-PROVIDER-NAME-EMPTY',
    'spec.metrics[0].providers[0].name',
  ],
  [
    'an access log provider without name',
    { accessLogging: [{ providers: [{}] }] },
    'GW-TM-PROVIDER-NAME-EMPTY',
    'spec.accessLogging[0].providers[0].name',
  ],
  [
    'sampling over 100',
    tracing({ randomSamplingPercentage: 150 }),
    'GW-TM-SAMPLING-RANGE',
    'spec.tracing[0].randomSamplingPercentage',
  ],
  [
    'negative sampling',
    tracing({ randomSamplingPercentage: -1 }),
    'GW-TM-SAMPLING-RANGE',
    'spec.tracing[0].randomSamplingPercentage',
  ],
  [
    'an empty literal tag',
    tracing({ customTags: { a: { literal: { value: '' } } } }),
    'GW-TM-TAG-INVALID',
    'spec.tracing[0].customTags.a.literal.value',
  ],
  [
    'a header tag without name',
    tracing({ customTags: { a: { header: {} } } }),
    'GW-TM-TAG-INVALID',
    'spec.tracing[0].customTags.a.header.name',
  ],
  [
    'an environment tag without name',
    tracing({ customTags: { a: { environment: { defaultValue: 'x' } } } }),
    'GW-TM-TAG-INVALID',
    'spec.tracing[0].customTags.a.environment.name',
  ],
  [
    'a tag with no kind',
    tracing({ customTags: { a: {} } }),
    'GW-TM-TAG-INVALID',
    'spec.tracing[0].customTags.a',
  ],
  [
    'a tag with two kinds',
    tracing({ customTags: { a: { literal: { value: 'x' }, header: { name: 'h' } } } }),
    'GW-SCHEMA-ONEOF',
    'spec.tracing[0].customTags.a.header',
  ],
  [
    'UPSERT without value',
    override({ tagOverrides: { a: { operation: 'UPSERT' } } }),
    'GW-TM-TAG-OVERRIDE-VALUE',
    'spec.metrics[0].overrides[0].tagOverrides.a',
  ],
  [
    'REMOVE with a value',
    override({ tagOverrides: { a: { operation: 'REMOVE', value: 'x' } } }),
    'GW-TM-TAG-OVERRIDE-VALUE',
    'spec.metrics[0].overrides[0].tagOverrides.a',
  ],
  [
    'an empty custom metric',
    override({ match: { customMetric: '' } }),
    'GW-TM-CUSTOM-METRIC-EMPTY',
    'spec.metrics[0].overrides[0].match.customMetric',
  ],
  [
    'metric and customMetric together',
    override({ match: { metric: 'REQUEST_COUNT', customMetric: 'x' } }),
    'GW-SCHEMA-ONEOF',
    'spec.metrics[0].overrides[0].match.customMetric',
  ],
  [
    'an unknown metric',
    override({ match: { metric: 'REQUEST_COLOUR' } }),
    'GW-SCHEMA-ENUM',
    'spec.metrics[0].overrides[0].match.metric',
  ],
  [
    'an unknown workload mode',
    tracing({ match: { mode: 'BOTH' } }),
    'GW-SCHEMA-ENUM',
    'spec.tracing[0].match.mode',
  ],
  [
    'a reporting interval that is not a duration',
    { metrics: [{ reportingInterval: 'often' }] },
    'GW-DUR-FORMAT',
    'spec.metrics[0].reportingInterval',
  ],
  [
    'selector and targetRefs together',
    { selector: { matchLabels: { a: 'b' } }, targetRefs: [{ kind: 'Service', name: 's' }] },
    'GW-SEL-AND-TARGETREF',
    'spec',
  ],
  [
    'a targetRef to a Pod',
    { targetRef: { kind: 'Pod', name: 'p' } },
    'GW-TARGETREF-KIND-UNSUPPORTED',
    'spec.targetRef',
  ],
];

describe('Telemetry', () => {
  it.each(valid)('accepts %s', (_name, spec) => expectNoErrors(tm(spec)));
  it.each(invalid)('rejects %s', (_name, spec, code, path) => expectFinding(tm(spec), code, path));
  it('serves v1alpha1 too', () => expectNoErrors(tm({}, 'telemetry.istio.io/v1alpha1')));
  it('warns about several tracing entries or providers and empty tag override names', () => {
    expectFinding(tm({ tracing: [{}, {}] }), 'GW-TM-TRACING-MULTIPLE', 'spec.tracing');
    expectFinding(
      tm(tracing({ providers: [{ name: 'a' }, { name: 'b' }] })),
      'GW-TM-TRACING-MULTIPLE',
      'spec.tracing[0].providers',
    );
    expectFinding(
      tm(override({ tagOverrides: { '': { value: 'x' } } })),
      'GW-TM-TAG-OVERRIDE-NAME-EMPTY',
      'spec.metrics[0].overrides[0].tagOverrides[""]',
    );
  });
});
