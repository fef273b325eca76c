import { checkDuration, isWholeSeconds } from '../checks/durations.js';
import { checkHeaderName } from '../checks/headers.js';
import { checkStringMatch } from '../checks/string-match.js';
import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import type {
  CorsPolicy,
  HttpFaultInjection,
  HttpRoute,
  Percent,
} from '../schemas/virtual-service.js';
import { checkDestination } from './destinations.js';

const GRPC_STATUSES = new Set([
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
]);

/** The HTTP methods Istio accepts in CORS policies. */
export const HTTP_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
]);

function checkFaultPercentage(percentage: Percent | undefined, at: Reporter): void {
  const value = percentage?.value;
  if (value === undefined) return;
  if (value < 0 || value > 100 || (value > 0 && value < 0.0001)) {
    at.at('value').report(
      'GW-VS-FAULT-PERCENT-RANGE',
      `must be 0 or within 0.0001..100 (got ${value})`,
    );
  }
}

function checkAbort(abort: NonNullable<HttpFaultInjection['abort']>, at: Reporter): void {
  checkFaultPercentage(abort.percentage, at.at('percentage'));
  if (abort.httpStatus !== undefined) {
    if (abort.httpStatus < 200 || abort.httpStatus > 599) {
      at.at('httpStatus').report(
        'GW-VS-FAULT-ABORT-STATUS',
        `must be an HTTP status in 200..599 (got ${abort.httpStatus})`,
      );
    }
  } else if (abort.grpcStatus !== undefined) {
    if (!GRPC_STATUSES.has(abort.grpcStatus)) {
      at.at('grpcStatus').report(
        'GW-VS-FAULT-ABORT-GRPC-STATUS',
        `${show(abort.grpcStatus)} is not a gRPC status name such as NOT_FOUND`,
      );
    }
  } else if (abort.http2Error !== undefined) {
    at.at('http2Error').report(
      'GW-VS-FAULT-ABORT-HTTP2',
      'HTTP/2 abort fault injection is not supported',
    );
  } else {
    at.report(
      'GW-VS-FAULT-ABORT-NO-TYPE',
      'abort is configured but sets no httpStatus or grpcStatus',
    );
  }
}

function checkDelay(delay: NonNullable<HttpFaultInjection['delay']>, at: Reporter): void {
  checkFaultPercentage(delay.percentage, at.at('percentage'));
  if (delay.percent !== undefined && (delay.percent < 0 || delay.percent > 100)) {
    at.at('percent').report('GW-PERCENT-RANGE', `must be within 0..100 (got ${delay.percent})`);
  }
  if (delay.fixedDelay !== undefined)
    at.at('fixedDelay').reportProblem(checkDuration(delay.fixedDelay));
  else if (delay.exponentialDelay !== undefined) {
    at.at('exponentialDelay').report(
      'GW-VS-FAULT-DELAY-EXPONENTIAL',
      'exponentialDelay is not supported',
    );
  } else at.report('GW-VS-FAULT-DELAY-NO-TYPE', 'delay is configured but sets no fixedDelay');
}

/** Checks fault injection: an abort and/or a delay, each well-formed. */
export function checkFault(fault: HttpFaultInjection, at: Reporter): void {
  if (fault.abort === undefined && fault.delay === undefined)
    at.report('GW-VS-FAULT-EMPTY', 'fault must have an abort and/or a delay');
  if (fault.abort) checkAbort(fault.abort, at.at('abort'));
  if (fault.delay) checkDelay(fault.delay, at.at('delay'));
}

function checkCorsHeaders(names: readonly string[] | undefined, at: Reporter): void {
  (names ?? []).forEach((name, i) => {
    if (name !== '*') at.at(i).reportProblem(checkHeaderName(name));
  });
}

/** Checks a CORS policy: origins that match something, known methods, header names, maxAge. */
export function checkCors(cors: CorsPolicy, at: Reporter): void {
  (cors.allowOrigins ?? []).forEach((origin, i) => {
    if ((origin.exact ?? origin.prefix ?? origin.regex ?? '') === '') {
      at.at('allowOrigins', i).report(
        'GW-VS-CORS-ORIGIN-EMPTY',
        'allowOrigins entry must set a non-empty exact, prefix or regex',
      );
    } else checkStringMatch(origin, at.at('allowOrigins', i));
  });
  if (cors.allowOrigin !== undefined)
    at.at('allowOrigin').report(
      'GW-VS-CORS-ALLOW-ORIGIN-DEPRECATED',
      'allowOrigin is deprecated; use allowOrigins',
    );
  (cors.allowMethods ?? []).forEach((method, i) => {
    if (!HTTP_METHODS.has(method))
      at.at('allowMethods', i).report(
        'GW-VS-CORS-METHOD-INVALID',
        `${show(method)} is not a supported HTTP method`,
      );
  });
  checkCorsHeaders(cors.allowHeaders, at.at('allowHeaders'));
  checkCorsHeaders(cors.exposeHeaders, at.at('exposeHeaders'));
  if (cors.maxAge !== undefined) {
    const problem = checkDuration(cors.maxAge);
    at.at('maxAge').reportProblem(problem);
    if (!problem && !isWholeSeconds(cors.maxAge)) {
      at.at('maxAge').report(
        'GW-VS-CORS-MAX-AGE-PRECISION',
        `maxAge is accurate only to seconds (got ${show(cors.maxAge)})`,
      );
    }
  }
}

function checkMirrorPercentage(percentage: Percent | undefined, at: Reporter): void {
  const value = percentage?.value;
  if (value !== undefined && (value < 0 || value > 100)) {
    at.at('value').report('GW-VS-MIRROR-PERCENT-RANGE', `must be within 0..100 (got ${value})`);
  }
}

/** Checks mirroring: mirror or mirrors (not both), valid destinations, percentages in 0..100. */
export function checkMirrors(route: HttpRoute, at: Reporter): void {
  if (route.mirror !== undefined && (route.mirrors ?? []).length > 0) {
    at.at('mirrors').report(
      'GW-VS-MIRROR-AND-MIRRORS',
      'mirror and mirrors cannot be used together',
    );
  }
  if (route.mirror) checkDestination(route.mirror, at.at('mirror'));
  if (route.mirrorPercent !== undefined) {
    at.at('mirrorPercent').report(
      'GW-VS-MIRROR-PERCENT-DEPRECATED',
      'mirrorPercent is deprecated; use mirrorPercentage',
    );
    if (route.mirrorPercent > 100)
      at.at('mirrorPercent').report(
        'GW-VS-MIRROR-PERCENT-RANGE',
        `must be <= 100 (got ${route.mirrorPercent})`,
      );
  }
  checkMirrorPercentage(route.mirrorPercentage, at.at('mirrorPercentage'));
  (route.mirrors ?? []).forEach((mirror, i) => {
    if (mirror.destination === undefined)
      at.at('mirrors', i).report(
        'GW-VS-MIRROR-DESTINATION-REQUIRED',
        'destination is required for mirrors',
      );
    else checkDestination(mirror.destination, at.at('mirrors', i, 'destination'));
    checkMirrorPercentage(mirror.percentage, at.at('mirrors', i, 'percentage'));
  });
}
