import type { Analyzer } from './analyzer.js';
import { KINDS, listKind } from './analyzer.js';
import { qualifiedName, referencesOf } from './mesh-helpers.js';
import { findSelectorConflicts } from './selector-conflicts.js';

/** GW0111: Several Sidecar resources apply to the same workloads (or the whole namespace); Istio uses only one. */
export const sidecarSelectorConflict: Analyzer = {
  code: 'GW0111',
  name: 'sidecar-selector-conflict',
  severity: 'medium',
  category: 'Traffic',
  summary:
    'Several Sidecar resources apply to the same workloads (or the whole namespace); Istio uses only one.',
  triggers: [KINDS.sidecar, KINDS.pod],
  analyze(state) {
    return findSelectorConflicts(state, listKind(state, KINDS.sidecar), 'workloadSelector').map(
      (c) => ({
        resource: c.object,
        message: `Sidecars conflict: ${c.why} (also ${c.others.map(qualifiedName).join(', ')})`,
        related: referencesOf(c.others),
      }),
    );
  },
};
