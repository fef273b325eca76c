import { z } from 'zod';
import { alphaWorkloadSelector, message, protoEnum, str, strings, uint32 } from './common.js';
import { connectionPool } from './destination-rule.js';
import { serverTls } from './gateway.js';
import { destination } from './virtual-service.js';

const sidecarPort = message({ number: uint32, protocol: str, name: str, targetPort: uint32 });
const captureMode = protoEnum(['DEFAULT', 'IPTABLES', 'NONE']);

const ingressListener = message(
  {
    port: sidecarPort,
    bind: str,
    captureMode,
    defaultEndpoint: str,
    tls: serverTls,
    connectionPool,
  },
  { required: ['port'] },
);

const egressListener = message(
  { port: sidecarPort, bind: str, captureMode, hosts: strings },
  { required: ['hosts'] },
);

const outboundTrafficPolicy = message({
  mode: protoEnum(['REGISTRY_ONLY', 'ALLOW_ANY']),
  egressProxy: destination,
});

/** The spec of a Sidecar. */
export const sidecarSpec = message({
  workloadSelector: alphaWorkloadSelector,
  ingress: z.array(ingressListener),
  egress: z.array(egressListener),
  inboundConnectionPool: connectionPool,
  outboundTrafficPolicy,
});

/** A Sidecar spec as the validators see it. */
export type SidecarSpec = z.infer<typeof sidecarSpec>;
/** An ingress listener of a Sidecar. */
export type IngressListener = z.infer<typeof ingressListener>;
/** An egress listener of a Sidecar. */
export type EgressListener = z.infer<typeof egressListener>;
