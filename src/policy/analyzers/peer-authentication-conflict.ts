import type { Analyzer } from './analyzer.js';
import { KINDS, listKind } from './analyzer.js';
import { qualifiedName, referencesOf } from './mesh-helpers.js';
import { findSelectorConflicts } from './selector-conflicts.js';

/** GW0110: Several PeerAuthentications apply to the same workloads (or the whole namespace); Istio uses only the oldest. */
export const peerAuthenticationConflict: Analyzer = {
  code: 'GW0110',
  name: 'peer-authentication-conflict',
  severity: 'high',
  category: 'Security',
  summary:
    'Several PeerAuthentications apply to the same workloads (or the whole namespace); Istio uses only the oldest.',
  triggers: [KINDS.peerAuthentication, KINDS.pod],
  analyze(state) {
    return findSelectorConflicts(state, listKind(state, KINDS.peerAuthentication), 'selector').map(
      (c) => ({
        resource: c.object,
        message: `PeerAuthentications conflict: ${c.why} (also ${c.others.map(qualifiedName).join(', ')})`,
        related: referencesOf(c.others),
      }),
    );
  },
};
