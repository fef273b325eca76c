import type { HttpRoute } from '../model/istio-networking.js';
import { EMBEDDED_TYPE_URLS } from '../resources/type-urls.js';
import { anyOf, compact, durationFromString, fractionalPercent, wrap } from '../resources/build.js';
import type { ProtoObject } from '../resources/envoy-protos.js';
import type { Flavor } from './traffic-policy.js';

/** The name of the fault filter, also the key of per-route fault config. */
export const FAULT_FILTER_NAME = 'envoy.filters.http.fault';

const GRPC_CODES: Readonly<Record<string, number>> = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
};

/** Retry conditions gRPC understands (A44); Envoy takes any of its retry_on values. */
const GRPC_RETRY_ON = new Set([
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
]);

// Istio's default for sidecars when a route says nothing: two retries on connection-level failures.
const ENVOY_DEFAULT_RETRY_ON =
  'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes';
const ENVOY_DEFAULT_ATTEMPTS = 2;

function percentOf(p: { value?: number | undefined } | null | undefined, legacy?: number): number {
  return p?.value ?? legacy ?? 100;
}

/** The HTTPFault of a route, or undefined when it injects nothing. */
export function faultConfig(route: HttpRoute): ProtoObject | undefined {
  const delay = route.fault?.delay;
  const abort = route.fault?.abort;
  const fixed = durationFromString(delay?.fixedDelay);
  const delayPart = fixed
    ? {
        fixed_delay: fixed,
        percentage: fractionalPercent(percentOf(delay?.percentage, delay?.percent)),
      }
    : undefined;
  let abortPart: ProtoObject | undefined;
  if (abort?.grpcStatus !== undefined && GRPC_CODES[abort.grpcStatus] !== undefined)
    abortPart = {
      grpc_status: GRPC_CODES[abort.grpcStatus],
      percentage: fractionalPercent(percentOf(abort.percentage)),
    };
  else if (abort?.httpStatus !== undefined)
    abortPart = {
      http_status: abort.httpStatus,
      percentage: fractionalPercent(percentOf(abort.percentage)),
    };
  if (!delayPart && !abortPart) return undefined;
  return anyOf(EMBEDDED_TYPE_URLS.fault, compact({ delay: delayPart, abort: abortPart }));
}

/** The timeout fields of a route action: Envoy's `timeout`, gRPC's max stream duration (A31). */
export function timeoutFields(route: HttpRoute, flavor: Flavor): ProtoObject {
  const timeout = durationFromString(route.timeout);
  if (!timeout) return {};
  if (flavor === 'envoy') return { timeout };
  return {
    max_stream_duration: { max_stream_duration: timeout, grpc_timeout_header_max: timeout },
  };
}

/** The retry policy of a route action, or undefined for none. */
export function retryPolicy(route: HttpRoute, flavor: Flavor): ProtoObject | undefined {
  const retries = route.retries;
  if (!retries) {
    return flavor === 'envoy'
      ? { retry_on: ENVOY_DEFAULT_RETRY_ON, num_retries: wrap(ENVOY_DEFAULT_ATTEMPTS) }
      : undefined;
  }
  const attempts = retries.attempts ?? 0;
  if (attempts <= 0) return undefined;
  let retryOn = retries.retryOn ?? (flavor === 'grpc' ? 'unavailable' : ENVOY_DEFAULT_RETRY_ON);
  if (flavor === 'grpc') {
    const kept = retryOn
      .split(',')
      .map((s) => s.trim())
      .filter((s) => GRPC_RETRY_ON.has(s));
    retryOn = kept.length > 0 ? kept.join(',') : 'unavailable';
  }
  return compact({
    retry_on: retryOn,
    num_retries: wrap(attempts),
    per_try_timeout: flavor === 'envoy' ? durationFromString(retries.perTryTimeout) : undefined,
  });
}

/** Redirect action (Envoy only). */
export function redirectAction(route: HttpRoute): ProtoObject | undefined {
  const redirect = route.redirect;
  if (!redirect) return undefined;
  const codes: Readonly<Record<number, string>> = {
    301: 'MOVED_PERMANENTLY',
    302: 'FOUND',
    303: 'SEE_OTHER',
    307: 'TEMPORARY_REDIRECT',
    308: 'PERMANENT_REDIRECT',
  };
  return compact({
    path_redirect: redirect.uri,
    host_redirect: redirect.authority,
    response_code: redirect.redirectCode ? codes[redirect.redirectCode] : undefined,
  });
}

/** Rewrite fields of a route action (Envoy only). */
export function rewriteFields(route: HttpRoute): ProtoObject {
  return compact({
    prefix_rewrite: route.rewrite?.uri,
    host_rewrite_literal: route.rewrite?.authority,
  });
}
