import { checkFqdn } from '../checks/dns.js';
import { checkSelectorLabels } from '../checks/selectors.js';
import type { Reporter } from '../findings.js';
import type { KindContext } from '../kind.js';
import { NETWORKING_VERSIONS, defineKind } from '../kind.js';
import { checkDestination } from '../rules/destinations.js';
import { checkEgressListeners, checkIngressListeners } from '../rules/sidecar-listeners.js';
import { checkConnectionPool } from '../rules/traffic-policy.js';
import type { SidecarSpec } from '../schemas/sidecar.js';
import { sidecarSpec } from '../schemas/sidecar.js';

function checkOutbound(
  policy: NonNullable<SidecarSpec['outboundTrafficPolicy']>,
  at: Reporter,
): void {
  const proxy = policy.egressProxy;
  if (!proxy) return;
  if ((policy.mode ?? 'REGISTRY_ONLY') !== 'ALLOW_ANY') {
    at.at('egressProxy').report(
      'GW-SC-EGRESS-PROXY-MODE',
      'egressProxy must be set only with mode ALLOW_ANY',
    );
    return;
  }
  at.at('egressProxy', 'host').reportProblem(checkFqdn(proxy.host ?? ''));
  if (proxy.port === undefined) {
    at.at('egressProxy', 'port').report('GW-SC-EGRESS-PROXY-PORT', 'egressProxy port is required');
    return;
  }
  checkDestination(proxy, at.at('egressProxy'));
}

function validateSidecar(spec: SidecarSpec, context: KindContext): void {
  const at = context.spec;
  if (spec.workloadSelector)
    checkSelectorLabels(spec.workloadSelector.labels, at.at('workloadSelector'), 'labels');
  const empty = (spec.egress ?? []).length === 0 && (spec.ingress ?? []).length === 0;
  if (
    empty &&
    spec.outboundTrafficPolicy === undefined &&
    spec.inboundConnectionPool === undefined
  ) {
    at.report('GW-SC-EMPTY', 'sidecar: empty configuration provided');
    return;
  }
  checkIngressListeners(spec.ingress ?? [], at.at('ingress'));
  if (spec.inboundConnectionPool)
    checkConnectionPool(spec.inboundConnectionPool, at.at('inboundConnectionPool'));
  checkEgressListeners(spec.egress ?? [], at.at('egress'));
  if (spec.outboundTrafficPolicy)
    checkOutbound(spec.outboundTrafficPolicy, at.at('outboundTrafficPolicy'));
}

/** Sidecar: the listeners and reachable hosts of the proxies it selects (networking.istio.io). */
export const sidecarKind = defineKind({
  group: 'networking.istio.io',
  kind: 'Sidecar',
  plural: 'sidecars',
  singular: 'sidecar',
  shortNames: [],
  versions: NETWORKING_VERSIONS,
  storageVersion: 'v1alpha3',
  spec: sidecarSpec,
  validate: validateSidecar,
});
