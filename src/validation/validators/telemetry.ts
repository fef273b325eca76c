import { checkDuration } from '../checks/durations.js';
import { checkPolicySelection } from '../checks/selectors.js';
import type { Reporter } from '../findings.js';
import type { KindContext } from '../kind.js';
import { defineKind } from '../kind.js';
import type { TelemetrySpec } from '../schemas/extensions.js';
import { telemetrySpec } from '../schemas/extensions.js';

type Tracing = NonNullable<TelemetrySpec['tracing']>[number];
type Metrics = NonNullable<TelemetrySpec['metrics']>[number];

function checkProviders(
  providers: ReadonlyArray<{ name?: string | undefined }> | undefined,
  at: Reporter,
): void {
  (providers ?? []).forEach((p, i) => {
    if ((p.name ?? '') === '')
      at.at(i, 'name').report('GW-TM-PROVIDER-NAME-EMPTY', 'providers.name may not be empty');
  });
}

function checkTracing(tracing: Tracing, at: Reporter): void {
  if ((tracing.providers ?? []).length > 1)
    at.at('providers').report(
      'GW-TM-TRACING-MULTIPLE',
      'multiple tracing providers are not supported; only the first is used',
    );
  checkProviders(tracing.providers, at.at('providers'));
  const sampling = tracing.randomSamplingPercentage;
  if (sampling !== undefined && (sampling < 0 || sampling > 100)) {
    at.at('randomSamplingPercentage').report(
      'GW-TM-SAMPLING-RANGE',
      `randomSamplingPercentage must be within 0..100 (got ${sampling})`,
    );
  }
  for (const [name, tag] of Object.entries(tracing.customTags ?? {})) {
    const here = at.at('customTags', name);
    if (name === '') here.report('GW-TM-TAG-INVALID', 'tag name may not be empty');
    if (tag.literal !== undefined && (tag.literal.value ?? '') === '')
      here.at('literal', 'value').report('GW-TM-TAG-INVALID', 'literal tag value may not be empty');
    if (tag.header !== undefined && (tag.header.name ?? '') === '')
      here.at('header', 'name').report('GW-TM-TAG-INVALID', 'header tag name may not be empty');
    if (tag.environment !== undefined && (tag.environment.name ?? '') === '')
      here
        .at('environment', 'name')
        .report('GW-TM-TAG-INVALID', 'environment tag name may not be empty');
    if (tag.literal === undefined && tag.header === undefined && tag.environment === undefined)
      here.report('GW-TM-TAG-INVALID', 'tag must set one of literal, header, environment');
  }
}

function checkMetrics(metrics: Metrics, at: Reporter): void {
  checkProviders(metrics.providers, at.at('providers'));
  if (metrics.reportingInterval !== undefined)
    at.at('reportingInterval').reportProblem(checkDuration(metrics.reportingInterval));
  (metrics.overrides ?? []).forEach((override, i) => {
    const here = at.at('overrides', i);
    for (const [name, tag] of Object.entries(override.tagOverrides ?? {})) {
      if (name === '')
        here
          .at('tagOverrides', name)
          .report('GW-TM-TAG-OVERRIDE-NAME-EMPTY', 'tagOverrides names may not be empty');
      const operation = tag.operation ?? 'UPSERT';
      if (operation === 'UPSERT' && (tag.value ?? '') === '')
        here
          .at('tagOverrides', name)
          .report('GW-TM-TAG-OVERRIDE-VALUE', 'value must be set when operation is UPSERT');
      if (operation === 'REMOVE' && (tag.value ?? '') !== '')
        here
          .at('tagOverrides', name)
          .report('GW-TM-TAG-OVERRIDE-VALUE', 'value may only be set when operation is UPSERT');
    }
    if (override.match?.customMetric === '')
      here
        .at('match', 'customMetric')
        .report('GW-TM-CUSTOM-METRIC-EMPTY', 'customMetric may not be empty');
  });
}

function validateTelemetry(spec: TelemetrySpec, context: KindContext): void {
  const at = context.spec;
  checkPolicySelection(spec, at);
  const tracing = spec.tracing ?? [];
  if (tracing.length > 1)
    at.at('tracing').report(
      'GW-TM-TRACING-MULTIPLE',
      'multiple tracing configurations are not supported; only the first is used',
    );
  tracing.forEach((t, i) => checkTracing(t, at.at('tracing', i)));
  (spec.metrics ?? []).forEach((m, i) => checkMetrics(m, at.at('metrics', i)));
  (spec.accessLogging ?? []).forEach((l, i) =>
    checkProviders(l.providers, at.at('accessLogging', i, 'providers')),
  );
}

/** Telemetry: metrics, access logging and tracing settings (telemetry.istio.io). */
export const telemetryKind = defineKind({
  group: 'telemetry.istio.io',
  kind: 'Telemetry',
  plural: 'telemetries',
  singular: 'telemetry',
  shortNames: ['telemetry'],
  versions: ['v1alpha1', 'v1'],
  storageVersion: 'v1alpha1',
  spec: telemetrySpec,
  validate: validateTelemetry,
});
