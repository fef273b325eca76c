import type { Analyzer } from './analyzer.js';
import { KINDS, listKind } from './analyzer.js';
import { qualifiedName, referencesOf } from './mesh-helpers.js';
import { findSelectorConflicts } from './selector-conflicts.js';

/** GW0112: Several Telemetry resources apply to the same workloads (or the whole namespace); Istio uses only one. */
export const telemetrySelectorConflict: Analyzer = {
  code: 'GW0112',
  name: 'telemetry-selector-conflict',
  severity: 'low',
  category: 'Observability',
  summary:
    'Several Telemetry resources apply to the same workloads (or the whole namespace); Istio uses only one.',
  triggers: [KINDS.telemetry, KINDS.pod],
  analyze(state) {
    return findSelectorConflicts(state, listKind(state, KINDS.telemetry), 'selector').map((c) => ({
      resource: c.object,
      message: `Telemetry resources conflict: ${c.why} (also ${c.others.map(qualifiedName).join(', ')})`,
      related: referencesOf(c.others),
    }));
  },
};
