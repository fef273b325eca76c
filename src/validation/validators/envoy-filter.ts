import { checkSelectorLabels, checkTargetRef } from '../checks/selectors.js';
import type { KindContext } from '../kind.js';
import { defineKind } from '../kind.js';
import { checkConfigPatch } from '../rules/envoy-filter-patch.js';
import type { EnvoyFilterSpec } from '../schemas/extensions.js';
import { envoyFilterSpec } from '../schemas/extensions.js';

function validateEnvoyFilter(spec: EnvoyFilterSpec, context: KindContext): void {
  const at = context.spec;
  at.report(
    'GW-EF-ALWAYS',
    'EnvoyFilter exposes internal implementation details that may change at any time; prefer other APIs and take extreme care on upgrades',
  );
  if (spec.workloadSelector)
    checkSelectorLabels(spec.workloadSelector.labels, at.at('workloadSelector'), 'labels');
  if (spec.workloadSelector && (spec.targetRefs ?? []).length > 0) {
    at.report('GW-SEL-AND-TARGETREF', 'only one of workloadSelector or targetRefs can be set');
  }
  (spec.targetRefs ?? []).forEach((ref, i) => checkTargetRef(ref, at.at('targetRefs', i)));
  (spec.configPatches ?? []).forEach((patch, i) =>
    checkConfigPatch(patch, at.at('configPatches', i)),
  );
}

/** EnvoyFilter: raw patches to the generated Envoy configuration (networking.istio.io). */
export const envoyFilterKind = defineKind({
  group: 'networking.istio.io',
  kind: 'EnvoyFilter',
  plural: 'envoyfilters',
  singular: 'envoyfilter',
  shortNames: [],
  versions: ['v1alpha3'],
  storageVersion: 'v1alpha3',
  spec: envoyFilterSpec,
  validate: validateEnvoyFilter,
});
