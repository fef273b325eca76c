import { checkDuration } from '../checks/durations.js';
import { authorityRewrites } from '../checks/headers.js';
import { checkPort } from '../checks/ports.js';
import { checkRegex } from '../checks/regex.js';
import type { Reporter } from '../findings.js';
import { show } from '../findings.js';
import type { HttpRoute } from '../schemas/virtual-service.js';

type Redirect = NonNullable<HttpRoute['redirect']>;
type DirectResponse = NonNullable<HttpRoute['directResponse']>;
type Rewrite = NonNullable<HttpRoute['rewrite']>;
type Retry = NonNullable<HttpRoute['retries']>;

/** Checks a redirect: it changes something, with a 3xx code, an http(s) scheme, a valid port. */
export function checkRedirect(redirect: Redirect, at: Reporter): void {
  const changes = [redirect.uri, redirect.authority, redirect.scheme].some((v) => (v ?? '') !== '');
  if (!changes && redirect.port === undefined && redirect.derivePort === undefined) {
    at.report(
      'GW-VS-REDIRECT-EMPTY',
      'redirect must specify uri, authority, scheme, port or derivePort',
    );
  }
  const code = redirect.redirectCode ?? 0;
  if (code !== 0 && (code < 300 || code > 399))
    at.at('redirectCode').report('GW-VS-REDIRECT-CODE', `must be a 3xx code (got ${code})`);
  if ((redirect.scheme ?? '') !== '' && redirect.scheme !== 'http' && redirect.scheme !== 'https') {
    at.at('scheme').report(
      'GW-VS-REDIRECT-SCHEME',
      `must be "http" or "https" (got ${show(redirect.scheme)})`,
    );
  }
  if (redirect.port !== undefined && redirect.port !== 0)
    at.at('port').reportProblem(checkPort(redirect.port));
}

// Envoy keeps direct responses in every proxy's route table: big bodies cost memory everywhere.
const BODY_WARN_BYTES = 100 * 1024;
const BODY_MAX_BYTES = 1024 * 1024;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function bodySize(response: DirectResponse, at: Reporter): number {
  const body = response.body;
  if (body?.bytes !== undefined) {
    if (!BASE64.test(body.bytes))
      at.at('body', 'bytes').report(
        'GW-VS-DIRECT-RESPONSE-BYTES-INVALID',
        'must be base64-encoded',
      );
    return Math.floor((body.bytes.length * 3) / 4);
  }
  return Buffer.byteLength(body?.string ?? '', 'utf8');
}

/** Checks a direct response: a status in 200..599 and a body of reasonable size. */
export function checkDirectResponse(response: DirectResponse, at: Reporter): void {
  const status = response.status;
  if (status === undefined || status < 200 || status > 599) {
    at.at('status').report(
      'GW-VS-DIRECT-RESPONSE-STATUS',
      `must be an HTTP status in 200..599 (got ${show(status)})`,
    );
  }
  const size = bodySize(response, at);
  if (size > BODY_MAX_BYTES) {
    at.at('body').report(
      'GW-VS-DIRECT-RESPONSE-BODY-TOO-LARGE',
      `body is ${size} bytes; it must be under 1MB`,
    );
  } else if (size > BODY_WARN_BYTES) {
    at.at('body').report(
      'GW-VS-DIRECT-RESPONSE-BODY-LARGE',
      `body is ${size} bytes; large bodies cost memory in every proxy`,
    );
  }
}

/** Checks a rewrite: one of uri/uriRegexRewrite, something to rewrite, a complete regex rewrite. */
export function checkRewrite(rewrite: Rewrite, at: Reporter): void {
  const regex = rewrite.uriRegexRewrite;
  if ((rewrite.uri ?? '') !== '' && regex !== undefined) {
    at.report(
      'GW-VS-REWRITE-URI-CONFLICT',
      'rewrite may only contain one of uri and uriRegexRewrite',
    );
  }
  if ((rewrite.uri ?? '') === '' && regex === undefined && (rewrite.authority ?? '') === '') {
    at.report(
      'GW-VS-REWRITE-EMPTY',
      'rewrite must specify at least one of uri, uriRegexRewrite, authority',
    );
  }
  if (regex === undefined) return;
  if ((regex.match ?? '') === '' || (regex.rewrite ?? '') === '') {
    at.at('uriRegexRewrite').report(
      'GW-VS-REWRITE-REGEX-INCOMPLETE',
      'uriRegexRewrite requires both match and rewrite',
    );
  }
  if ((regex.match ?? '') !== '')
    at.at('uriRegexRewrite', 'match').reportProblem(checkRegex(regex.match ?? ''));
}

/** Checks that the authority is rewritten in one place only (rewrite.authority or a header). */
export function checkAuthorityRewrite(route: HttpRoute, at: Reporter): void {
  const values = [
    ...((route.rewrite?.authority ?? '') !== '' ? [route.rewrite?.authority ?? ''] : []),
    ...authorityRewrites(route.headers?.request),
  ];
  if (values.length > 1) {
    at.report(
      'GW-HEADER-AUTHORITY-TWICE',
      `authority is rewritten more than once: ${values.map((v) => show(v)).join(', ')}`,
    );
  }
}

const RETRY_POLICIES = new Set([
  '5xx',
  'gateway-error',
  'reset',
  'reset-before-request',
  'connect-failure',
  'retriable-4xx',
  'refused-stream',
  'retriable-status-codes',
  'retriable-headers',
  'envoy-ratelimited',
  'http3-post-connect-failure',
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
]);

/** Whether a number is a status code Go's net/http names (what Istio accepts in retryOn). */
export function isKnownHttpStatus(code: number): boolean {
  const known = [
    100, 101, 102, 103, 226, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 510, 511,
  ];
  const ranges: Array<[number, number]> = [
    [200, 208],
    [300, 308],
    [400, 418],
    [500, 508],
  ];
  return (
    known.includes(code) || ranges.some(([lo, hi]) => code >= lo && code <= hi && code !== 306)
  );
}

/** Checks a retry policy: attempts >= 0, nothing configured when disabled, known retryOn values. */
export function checkRetries(retries: Retry, at: Reporter): void {
  const attempts = retries.attempts ?? 0;
  if (attempts < 0)
    at.at('attempts').report('GW-VS-RETRY-ATTEMPTS-NEGATIVE', `must be >= 0 (got ${attempts})`);
  const configured =
    retries.perTryTimeout !== undefined ||
    (retries.retryOn ?? '') !== '' ||
    retries.retryRemoteLocalities !== undefined;
  if (attempts === 0 && configured) {
    at.report(
      'GW-VS-RETRY-DISABLED-WITH-POLICY',
      'retry policy configured while attempts is 0 (retries disabled)',
    );
  }
  for (const field of ['perTryTimeout', 'backoff'] as const) {
    const value = retries[field];
    if (value !== undefined) at.at(field).reportProblem(checkDuration(value));
  }
  for (const policy of (retries.retryOn ?? '').split(',').filter((p) => p !== '')) {
    const trimmed = policy.trim();
    if (
      !RETRY_POLICIES.has(trimmed) &&
      !(/^\d+$/.test(trimmed) && isKnownHttpStatus(Number(trimmed)))
    ) {
      at.at('retryOn').report(
        'GW-VS-RETRY-ON-INVALID',
        `${show(trimmed)} is not a valid retryOn policy`,
      );
    }
  }
}
