import type { KindContext } from '../kind.js';
import { NETWORKING_VERSIONS, defineKind } from '../kind.js';
import { checkWorkloadEntry } from '../rules/workload-entry.js';
import type { WorkloadEntrySpec } from '../schemas/service-entry.js';
import { workloadEntrySpec } from '../schemas/service-entry.js';

function validateWorkloadEntry(spec: WorkloadEntrySpec, context: KindContext): void {
  // Without its ServiceEntry the port names cannot be checked against the service's ports.
  checkWorkloadEntry(spec, context.spec, { allowFqdn: true });
}

/** WorkloadEntry: a non-Kubernetes workload such as a VM (networking.istio.io). */
export const workloadEntryKind = defineKind({
  group: 'networking.istio.io',
  kind: 'WorkloadEntry',
  plural: 'workloadentries',
  singular: 'workloadentry',
  shortNames: ['we'],
  versions: NETWORKING_VERSIONS,
  storageVersion: 'v1alpha3',
  spec: workloadEntrySpec,
  validate: validateWorkloadEntry,
});
