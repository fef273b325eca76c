import { checkSelectorLabels } from '../checks/selectors.js';
import { show } from '../findings.js';
import type { KindContext } from '../kind.js';
import { SECURITY_VERSIONS, defineKind } from '../kind.js';
import type { PeerAuthenticationSpec } from '../schemas/security.js';
import { peerAuthenticationSpec } from '../schemas/security.js';

function validatePeerAuthentication(spec: PeerAuthenticationSpec, context: KindContext): void {
  const at = context.spec;
  const ports = spec.portLevelMtls;
  const labels = Object.keys(spec.selector?.matchLabels ?? {});
  if (ports !== undefined && Object.keys(ports).length === 0) {
    at.at('portLevelMtls').report(
      'GW-PA-PORT-MTLS-EMPTY',
      'portLevelMtls, if defined, must have at least one element',
    );
  }
  if (ports !== undefined && Object.keys(ports).length > 0 && labels.length === 0) {
    at.at('portLevelMtls').report(
      'GW-PA-PORT-MTLS-WITHOUT-SELECTOR',
      'mesh- and namespace-wide peer authentication cannot have port-level mTLS; add selector labels',
    );
  }
  for (const key of Object.keys(ports ?? {})) {
    const port = /^\d+$/.test(key) ? Number(key) : NaN;
    if (!(port >= 1 && port <= 65535))
      at.at('portLevelMtls', key).report(
        'GW-PA-PORT-INVALID',
        `port must be a number in 1..65535 (got ${show(key)})`,
      );
  }
  if (spec.selector)
    checkSelectorLabels(spec.selector.matchLabels, at.at('selector'), 'matchLabels');
}

/** PeerAuthentication: which mTLS mode a workload accepts (security.istio.io). */
export const peerAuthenticationKind = defineKind({
  group: 'security.istio.io',
  kind: 'PeerAuthentication',
  plural: 'peerauthentications',
  singular: 'peerauthentication',
  shortNames: ['pa'],
  versions: SECURITY_VERSIONS,
  storageVersion: 'v1beta1',
  spec: peerAuthenticationSpec,
  validate: validatePeerAuthentication,
});
