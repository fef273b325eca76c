import type {
  CoordinationV1Api,
  V1Lease,
  V1LeaseSpec,
  V1ObjectMeta,
} from '@kubernetes/client-node';
import type { LeaseApi, LeaseRecord } from './apis.js';
import { compact, mapStatus } from './client-helpers.js';

function toRecord(lease: V1Lease): LeaseRecord {
  const spec = lease.spec ?? {};
  return compact({
    holderIdentity: spec.holderIdentity,
    leaseDurationSeconds: spec.leaseDurationSeconds,
    acquireTimeMs: spec.acquireTime ? new Date(spec.acquireTime).getTime() : undefined,
    renewTimeMs: spec.renewTime ? new Date(spec.renewTime).getTime() : undefined,
    leaseTransitions: spec.leaseTransitions,
    resourceVersion: lease.metadata?.resourceVersion,
  });
}

function toBody(namespace: string, name: string, record: LeaseRecord): V1Lease {
  const time = (ms: number | undefined): Date | undefined =>
    ms === undefined ? undefined : new Date(ms);
  return {
    metadata: compact<V1ObjectMeta>({ name, namespace, resourceVersion: record.resourceVersion }),
    spec: compact<V1LeaseSpec>({
      holderIdentity: record.holderIdentity,
      leaseDurationSeconds: record.leaseDurationSeconds,
      acquireTime: time(record.acquireTimeMs),
      renewTime: time(record.renewTimeMs),
      leaseTransitions: record.leaseTransitions,
    }),
  };
}

/** Leases over CoordinationV1Api. */
export function createLeaseApi(coordination: CoordinationV1Api): LeaseApi {
  return {
    read: async (namespace, name) => {
      const lease = await mapStatus(() => coordination.readNamespacedLease({ name, namespace }), {
        404: undefined,
      });
      return lease ? toRecord(lease) : undefined;
    },
    create: (namespace, name, record) =>
      mapStatus(
        async () => {
          await coordination.createNamespacedLease({
            namespace,
            body: toBody(namespace, name, record),
          });
          return 'created' as const;
        },
        { 409: 'exists' as const },
      ),
    replace: (namespace, name, record) =>
      mapStatus(
        async () => {
          await coordination.replaceNamespacedLease({
            name,
            namespace,
            body: toBody(namespace, name, record),
          });
          return 'replaced' as const;
        },
        { 409: 'conflict' as const },
      ),
  };
}
