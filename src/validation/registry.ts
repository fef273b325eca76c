import type { MeshKind } from './kind.js';
import { authorizationPolicyKind } from './validators/authorization-policy.js';
import { destinationRuleKind } from './validators/destination-rule.js';
import { envoyFilterKind } from './validators/envoy-filter.js';
import { gatewayKind } from './validators/gateway.js';
import { peerAuthenticationKind } from './validators/peer-authentication.js';
import { proxyConfigKind } from './validators/proxy-config.js';
import { requestAuthenticationKind } from './validators/request-authentication.js';
import { serviceEntryKind } from './validators/service-entry.js';
import { sidecarKind } from './validators/sidecar.js';
import { telemetryKind } from './validators/telemetry.js';
import { virtualServiceKind } from './validators/virtual-service.js';
import { wasmPluginKind } from './validators/wasm-plugin.js';
import { workloadEntryKind } from './validators/workload-entry.js';
import { workloadGroupKind } from './validators/workload-group.js';

/** Every mesh kind gangway validates, in documentation order. */
export const meshKinds: readonly MeshKind[] = [
  virtualServiceKind,
  destinationRuleKind,
  gatewayKind,
  serviceEntryKind,
  sidecarKind,
  workloadEntryKind,
  workloadGroupKind,
  envoyFilterKind,
  proxyConfigKind,
  peerAuthenticationKind,
  requestAuthenticationKind,
  authorizationPolicyKind,
  telemetryKind,
  wasmPluginKind,
];

// Registered by group and kind only: every served version shares one schema and one validator.
const byGroupKind = new Map(meshKinds.map((k) => [`${k.group}/${k.kind}`, k]));

/** The mesh kind for an API group and kind (every version shares it), or undefined. */
export function findMeshKind(group: string, kind: string): MeshKind | undefined {
  return byGroupKind.get(`${group}/${kind}`);
}

/** The API groups that hold mesh kinds. */
export const MESH_GROUPS: readonly string[] = [...new Set(meshKinds.map((k) => k.group))];
