import type { DestinationRule, TrafficPolicy } from '../model/istio-policy.js';
import { compact, durationFromString, wrap } from '../resources/build.js';
import type { ProtoObject } from '../resources/envoy-protos.js';

/** Which proxy the config is for: some fields exist only for one of them. */
export type Flavor = 'grpc' | 'envoy';

/**
 * The traffic policy of one cluster: the DestinationRule's, overridden field by field by the port's
 * settings, then by the subset's (Istio's precedence).
 */
export function effectivePolicy(
  rule: DestinationRule | undefined,
  port: number,
  subset: string,
): TrafficPolicy {
  const top = rule?.spec.trafficPolicy ?? {};
  const portLevel = top.portLevelSettings?.find((p) => p.port?.number === port) ?? {};
  const subsetLevel = rule?.spec.subsets?.find((s) => s.name === subset)?.trafficPolicy ?? {};
  const pick = <K extends keyof TrafficPolicy>(key: K): TrafficPolicy[K] =>
    subsetLevel[key] ?? portLevel[key] ?? top[key];
  return compact({
    loadBalancer: pick('loadBalancer'),
    connectionPool: pick('connectionPool'),
    outlierDetection: pick('outlierDetection'),
    tls: pick('tls'),
  });
}

/** lb_policy and ring hash settings: consistentHash means ring hash; simple maps where it can. */
export function loadBalancing(policy: TrafficPolicy, flavor: Flavor): ProtoObject {
  const lb = policy.loadBalancer;
  const hash = lb?.consistentHash;
  if (hash) {
    const minimum = hash.ringHash?.minimumRingSize ?? hash.minimumRingSize;
    return {
      lb_policy: 'RING_HASH',
      ring_hash_lb_config: compact({
        hash_function: 'XX_HASH',
        minimum_ring_size: minimum ? wrap(minimum) : undefined,
      }),
    };
  }
  // Proxyless gRPC implements round robin and ring hash only; anything else falls back.
  if (flavor === 'envoy' && (lb?.simple === 'LEAST_REQUEST' || lb?.simple === 'LEAST_CONN'))
    return { lb_policy: 'LEAST_REQUEST' };
  if (flavor === 'envoy' && lb?.simple === 'RANDOM') return { lb_policy: 'RANDOM' };
  return { lb_policy: 'ROUND_ROBIN' };
}

/** Route hash policies for a consistentHash load balancer (header, source IP, query parameter). */
export function hashPolicies(policy: TrafficPolicy, flavor: Flavor): ProtoObject[] {
  const hash = policy.loadBalancer?.consistentHash;
  if (!hash) return [];
  if (hash.httpHeaderName) return [{ header: { header_name: hash.httpHeaderName } }];
  if (hash.useSourceIp && flavor === 'envoy')
    return [{ connection_properties: { source_ip: true } }];
  if (hash.httpQueryParameterName && flavor === 'envoy')
    return [{ query_parameter: { name: hash.httpQueryParameterName } }];
  // gRPC's fallback: hash on the channel, so one client sticks to one endpoint.
  return flavor === 'grpc' ? [{ filter_state: { key: 'io.grpc.channel_id' } }] : [];
}

/** Circuit breakers from the connection pool. */
export function circuitBreakers(policy: TrafficPolicy): ProtoObject | undefined {
  const tcp = policy.connectionPool?.tcp;
  const http = policy.connectionPool?.http;
  const threshold = compact({
    priority: 'DEFAULT',
    max_connections: tcp?.maxConnections ? wrap(tcp.maxConnections) : undefined,
    max_pending_requests: http?.http1MaxPendingRequests
      ? wrap(http.http1MaxPendingRequests)
      : undefined,
    max_requests: http?.http2MaxRequests ? wrap(http.http2MaxRequests) : undefined,
    max_retries: http?.maxRetries ? wrap(http.maxRetries) : undefined,
  });
  return Object.keys(threshold).length > 1 ? { thresholds: [threshold] } : undefined;
}

/**
 * Outlier detection. Envoy ejects on consecutive errors; proxyless gRPC implements only success-rate
 * and failure-percentage ejection, which Istio's API does not expose, so for gRPC the fields are
 * carried but eject nothing. Success-rate ejection is off, as Istio sets it.
 */
export function outlierDetection(policy: TrafficPolicy): ProtoObject | undefined {
  const od = policy.outlierDetection;
  if (!od) return undefined;
  const count = (value: number | undefined): { value: number } | undefined =>
    value === undefined ? undefined : wrap(value);
  return compact({
    consecutive_5xx: count(od.consecutive5xxErrors),
    consecutive_gateway_failure: count(od.consecutiveGatewayErrors),
    interval: durationFromString(od.interval),
    base_ejection_time: durationFromString(od.baseEjectionTime),
    max_ejection_percent: count(od.maxEjectionPercent),
    enforcing_success_rate: wrap(0),
  });
}
