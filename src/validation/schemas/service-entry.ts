import { z } from 'zod';
import {
  alphaWorkloadSelector,
  int32,
  message,
  protoEnum,
  str,
  stringMap,
  strings,
  uint32,
} from './common.js';
import { port } from './gateway.js';

/** The spec of a WorkloadEntry, also a ServiceEntry endpoint and a WorkloadGroup template. */
export const workloadEntrySpec = message({
  address: str,
  ports: z.record(z.string(), uint32),
  labels: stringMap,
  network: str,
  locality: str,
  weight: uint32,
  serviceAccount: str,
});

/** The spec of a ServiceEntry. */
export const serviceEntrySpec = message(
  {
    hosts: strings,
    addresses: strings,
    ports: z.array(port),
    location: protoEnum(['MESH_EXTERNAL', 'MESH_INTERNAL']),
    resolution: protoEnum(['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN']),
    endpoints: z.array(workloadEntrySpec),
    workloadSelector: alphaWorkloadSelector,
    exportTo: strings,
    subjectAltNames: strings,
  },
  { required: ['hosts'] },
);

const httpHeader = message({ name: str, value: str });
const readinessProbe = message(
  {
    initialDelaySeconds: int32,
    timeoutSeconds: int32,
    periodSeconds: int32,
    successThreshold: int32,
    failureThreshold: int32,
    httpGet: message(
      { path: str, port: uint32, host: str, scheme: str, httpHeaders: z.array(httpHeader) },
      { required: ['port'] },
    ),
    tcpSocket: message({ host: str, port: uint32 }, { required: ['port'] }),
    exec: message({ command: strings }),
  },
  { oneOf: [['httpGet', 'tcpSocket', 'exec']] },
);

/** The spec of a WorkloadGroup. */
export const workloadGroupSpec = message(
  {
    metadata: message({ labels: stringMap, annotations: stringMap }),
    template: workloadEntrySpec,
    probe: readinessProbe,
  },
  { required: ['template'] },
);

/** A WorkloadEntry spec (or ServiceEntry endpoint) as the validators see it. */
export type WorkloadEntrySpec = z.infer<typeof workloadEntrySpec>;
/** A ServiceEntry spec as the validators see it. */
export type ServiceEntrySpec = z.infer<typeof serviceEntrySpec>;
/** A WorkloadGroup spec as the validators see it. */
export type WorkloadGroupSpec = z.infer<typeof workloadGroupSpec>;
/** A readiness probe of a WorkloadGroup. */
export type ReadinessProbe = z.infer<typeof readinessProbe>;
