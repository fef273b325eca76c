import { z } from 'zod';
import {
  bool,
  double,
  duration,
  int32,
  message,
  protoEnum,
  str,
  stringMap,
  strings,
  uint32,
  uint64,
  workloadSelector,
} from './common.js';
import { portSelector } from './virtual-service.js';

const httpCookie = message(
  { name: str, path: str, ttl: duration, attributes: z.array(message({ name: str, value: str })) },
  { required: ['name'] },
);

const consistentHash = message(
  {
    httpHeaderName: str,
    httpCookie,
    useSourceIp: bool,
    httpQueryParameterName: str,
    ringHash: message({ minimumRingSize: uint64 }),
    maglev: message({ tableSize: uint64 }),
    minimumRingSize: uint64,
  },
  {
    oneOf: [
      ['httpHeaderName', 'httpCookie', 'useSourceIp', 'httpQueryParameterName'],
      ['ringHash', 'maglev'],
    ],
  },
);

const localityLbSetting = message({
  distribute: z.array(message({ from: str, to: z.record(z.string(), uint32) })),
  failover: z.array(message({ from: str, to: str })),
  failoverPriority: strings,
  enabled: bool,
});

const loadBalancer = message(
  {
    simple: protoEnum([
      'UNSPECIFIED',
      'LEAST_CONN',
      'RANDOM',
      'PASSTHROUGH',
      'ROUND_ROBIN',
      'LEAST_REQUEST',
    ]),
    consistentHash,
    localityLbSetting,
    warmupDurationSecs: duration,
    warmup: message({ duration, minimumPercent: double, aggression: double }),
  },
  { oneOf: [['simple', 'consistentHash']] },
);

const tcpSettings = message({
  maxConnections: int32,
  connectTimeout: duration,
  tcpKeepalive: message({ probes: uint32, time: duration, interval: duration }),
  maxConnectionDuration: duration,
  idleTimeout: duration,
});

const httpSettings = message({
  http1MaxPendingRequests: int32,
  http2MaxRequests: int32,
  maxRequestsPerConnection: int32,
  maxRetries: int32,
  idleTimeout: duration,
  h2UpgradePolicy: protoEnum(['DEFAULT', 'DO_NOT_UPGRADE', 'UPGRADE']),
  useClientProtocol: bool,
  maxConcurrentStreams: int32,
});

/** ConnectionPoolSettings (also used by Sidecar ingress listeners). */
export const connectionPool = message({ tcp: tcpSettings, http: httpSettings });

const outlierDetection = message({
  splitExternalLocalOriginErrors: bool,
  consecutiveLocalOriginFailures: uint32,
  consecutiveGatewayErrors: uint32,
  consecutive5xxErrors: uint32,
  interval: duration,
  baseEjectionTime: duration,
  maxEjectionPercent: int32,
  minHealthPercent: int32,
  consecutiveErrors: int32,
});

/** ClientTLSSettings: how a proxy originates TLS to a destination. */
export const clientTls = message({
  mode: protoEnum(['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']),
  clientCertificate: str,
  privateKey: str,
  caCertificates: str,
  credentialName: str,
  subjectAltNames: strings,
  sni: str,
  insecureSkipVerify: bool,
  caCrl: str,
});

const portTrafficPolicy = message({
  port: portSelector,
  loadBalancer,
  connectionPool,
  outlierDetection,
  tls: clientTls,
});

const trafficPolicy = message({
  loadBalancer,
  connectionPool,
  outlierDetection,
  tls: clientTls,
  portLevelSettings: z.array(portTrafficPolicy),
  tunnel: message(
    { protocol: str, targetHost: str, targetPort: uint32 },
    { required: ['targetHost', 'targetPort'] },
  ),
  proxyProtocol: message({ version: protoEnum(['V1', 'V2']) }),
  retryBudget: message({ percent: double, minRetryConcurrency: uint32, budgetInterval: duration }),
});

const subset = message({ name: str, labels: stringMap, trafficPolicy }, { required: ['name'] });

/** The spec of a DestinationRule. */
export const destinationRuleSpec = message(
  { host: str, trafficPolicy, subsets: z.array(subset), exportTo: strings, workloadSelector },
  { required: ['host'] },
);

/** A DestinationRule spec as the validators see it. */
export type DestinationRuleSpec = z.infer<typeof destinationRuleSpec>;
/** A traffic policy (top level or per subset). */
export type TrafficPolicy = z.infer<typeof trafficPolicy>;
/** A per-port traffic policy. */
export type PortTrafficPolicy = z.infer<typeof portTrafficPolicy>;
/** Load balancer settings. */
export type LoadBalancer = z.infer<typeof loadBalancer>;
/** Locality load balancer settings. */
export type LocalityLbSetting = z.infer<typeof localityLbSetting>;
/** Connection pool settings. */
export type ConnectionPool = z.infer<typeof connectionPool>;
/** Outlier detection settings. */
export type OutlierDetection = z.infer<typeof outlierDetection>;
/** Client TLS settings. */
export type ClientTls = z.infer<typeof clientTls>;
