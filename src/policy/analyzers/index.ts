import type { Analyzer } from './analyzer.js';
import { authorizationPolicyNoWorkload } from './authorization-policy-no-workload.js';
import { destinationRuleHostConflict } from './destination-rule-host-conflict.js';
import { destinationRuleHostMissing } from './destination-rule-host-missing.js';
import { destinationRuleSubsetNoPods } from './destination-rule-subset-no-pods.js';
import { gatewaySelectorNoPods } from './gateway-selector-no-pods.js';
import { gatewayServerConflict } from './gateway-server-conflict.js';
import { injectionRestartNeeded } from './injection-restart-needed.js';
import { injectionRevisionStale } from './injection-revision-stale.js';
import { peerAuthenticationConflict } from './peer-authentication-conflict.js';
import { requestAuthenticationNoWorkload } from './request-authentication-no-workload.js';
import { serviceEntryProtocolConflict } from './service-entry-protocol-conflict.js';
import { sidecarSelectorConflict } from './sidecar-selector-conflict.js';
import { telemetrySelectorConflict } from './telemetry-selector-conflict.js';
import { virtualServiceGatewayMissing } from './virtual-service-gateway-missing.js';
import { virtualServiceHostConflict } from './virtual-service-host-conflict.js';
import { virtualServiceHostMissing } from './virtual-service-host-missing.js';
import { virtualServiceSubsetMissing } from './virtual-service-subset-missing.js';

/** Every analyzer, in code order. Codes are unique and never reused (docs/analyzers.md). */
export const ANALYZERS: readonly Analyzer[] = [
  virtualServiceGatewayMissing,
  virtualServiceHostMissing,
  virtualServiceSubsetMissing,
  destinationRuleSubsetNoPods,
  destinationRuleHostMissing,
  virtualServiceHostConflict,
  destinationRuleHostConflict,
  gatewayServerConflict,
  gatewaySelectorNoPods,
  peerAuthenticationConflict,
  sidecarSelectorConflict,
  telemetrySelectorConflict,
  authorizationPolicyNoWorkload,
  requestAuthenticationNoWorkload,
  injectionRestartNeeded,
  injectionRevisionStale,
  serviceEntryProtocolConflict,
];

/** Finds an analyzer by its code. */
export function findAnalyzer(code: string): Analyzer | undefined {
  return ANALYZERS.find((a) => a.code === code);
}
