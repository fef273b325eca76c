import type { Operation } from 'fast-json-patch';
import { diffJson } from './diff.js';

/**
 * The closed response vocabulary. A handler returns an AdmissionDecision built by one of
 * {@link allowed}, {@link denied}, {@link patched}, {@link errored}, optionally wrapped by
 * {@link withWarnings}; {@link completeResponse} is the one place that turns it into a response.
 */
export interface AdmissionDecision {
  readonly allowed: boolean;
  /** A stable reason code, for logs and metrics (e.g. `injected`, `skip:host-network`). */
  readonly reasonCode: string;
  readonly status?: { code: number; message: string; reason?: string };
  readonly patch?: readonly Operation[];
  readonly warnings?: readonly string[];
  readonly auditAnnotations?: Readonly<Record<string, string>>;
}

/** The outcome label of a decision, for logs and metrics. */
export type DecisionLabel = 'allowed' | 'denied' | 'patched' | 'errored';

/** Allows the request unchanged. */
export function allowed(reasonCode = 'allowed', message?: string): AdmissionDecision {
  return message === undefined
    ? { allowed: true, reasonCode }
    : { allowed: true, reasonCode, status: { code: 200, message } };
}

/**
 * Denies the request. `code` is the HTTP-like status the API server shows: 400 for an unusable
 * object, 403 for a policy refusal.
 */
export function denied(
  reasonCode: string,
  message: string,
  code: 400 | 403 | 422 = 403,
): AdmissionDecision {
  const reason = code === 400 ? 'BadRequest' : code === 422 ? 'Invalid' : 'Forbidden';
  return { allowed: false, reasonCode, status: { code, message, reason } };
}

/**
 * Allows the request with the JSON patch that turns `original` into `mutated` (a diff, never
 * hand-written). The patch shares its values with `mutated`, which must not change afterwards.
 */
export function patched(reasonCode: string, original: object, mutated: object): AdmissionDecision {
  const patch = diffJson(original, mutated);
  return patch.length === 0 ? { allowed: true, reasonCode } : { allowed: true, reasonCode, patch };
}

/** Refuses the request because gangway itself failed; the message must not leak internals. */
export function errored(reasonCode: string, message: string, code = 500): AdmissionDecision {
  return { allowed: false, reasonCode, status: { code, message, reason: 'InternalError' } };
}

/** Adds warnings and audit annotations to a decision; the decision itself when there are none. */
export function withWarnings(
  decision: AdmissionDecision,
  warnings: readonly string[],
  auditAnnotations?: Readonly<Record<string, string>>,
): AdmissionDecision {
  if (warnings.length === 0 && !hasEntries(auditAnnotations)) return decision;
  const mergedWarnings = decision.warnings ? [...decision.warnings, ...warnings] : warnings;
  return withNotes(decision, mergedWarnings, { ...decision.auditAnnotations, ...auditAnnotations });
}

/**
 * The decision with these warnings instead of its own, and its audit annotations merged with
 * these: for combinators that have gathered every handler's warnings already.
 */
export function withGatheredWarnings(
  decision: AdmissionDecision,
  warnings: readonly string[],
  auditAnnotations: Readonly<Record<string, string>>,
): AdmissionDecision {
  return withNotes(decision, warnings, { ...decision.auditAnnotations, ...auditAnnotations });
}

function hasEntries(record: Readonly<Record<string, string>> | undefined): boolean {
  if (record === undefined) return false;
  for (const key in record) if (Object.hasOwn(record, key)) return true;
  return false;
}

/**
 * A decision rebuilt field by field. Not `{ ...decision, warnings }`: on V8 11 (Node 20) a spread
 * copy that then gains a key makes a new hidden class on every call, about 2 µs each.
 */
function withNotes(
  decision: AdmissionDecision,
  warnings: readonly string[],
  auditAnnotations: Readonly<Record<string, string>>,
): AdmissionDecision {
  const result: {
    allowed: boolean;
    reasonCode: string;
    status?: NonNullable<AdmissionDecision['status']>;
    patch?: NonNullable<AdmissionDecision['patch']>;
    warnings?: readonly string[];
    auditAnnotations?: Readonly<Record<string, string>>;
  } = { allowed: decision.allowed, reasonCode: decision.reasonCode };
  if (decision.status) result.status = decision.status;
  if (decision.patch) result.patch = decision.patch;
  if (warnings.length > 0) result.warnings = warnings;
  if (hasEntries(auditAnnotations)) result.auditAnnotations = auditAnnotations;
  return result;
}

/** The label of a decision for logs and metrics. */
export function labelDecision(decision: AdmissionDecision): DecisionLabel {
  if (decision.allowed) return decision.patch ? 'patched' : 'allowed';
  return (decision.status?.code ?? 403) >= 500 ? 'errored' : 'denied';
}

/** The JSON body of an admission.k8s.io/v1 AdmissionReview response. */
export interface AdmissionReviewResponse {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  response: {
    uid: string;
    allowed: boolean;
    status?: { code: number; message: string; reason?: string };
    patchType?: 'JSONPatch';
    patch?: string;
    warnings?: string[];
    auditAnnotations?: Record<string, string>;
  };
}

/** Completes a decision into a response: echoes the uid, encodes the patch as base64 JSONPatch. */
export function completeResponse(
  uid: string,
  decision: AdmissionDecision,
): AdmissionReviewResponse {
  const response: AdmissionReviewResponse['response'] = { uid, allowed: decision.allowed };
  if (decision.status) response.status = { ...decision.status };
  if (decision.allowed && decision.patch && decision.patch.length > 0) {
    response.patchType = 'JSONPatch';
    response.patch = encodePatch(decision.patch);
  }
  if (decision.warnings && decision.warnings.length > 0) response.warnings = [...decision.warnings];
  if (decision.auditAnnotations && Object.keys(decision.auditAnnotations).length > 0) {
    response.auditAnnotations = { ...decision.auditAnnotations };
  }
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}

/** The patch as base64 JSON. */
function encodePatch(patch: readonly Operation[]): string {
  const json = JSON.stringify(patch);
  // Pure ASCII (the usual case) is its own UTF-8, and btoa encodes it without a Buffer copy: about
  // a tenth of the cost for a 5 KB patch. Anything else goes through UTF-8 bytes.
  if (Buffer.byteLength(json, 'utf8') === json.length) return btoa(json);
  return Buffer.from(json, 'utf8').toString('base64');
}

const RESPONSE_ENVELOPE =
  '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":';

/**
 * {@link completeResponse} as JSON text, byte for byte what `JSON.stringify` makes of it. The base64
 * patch (often several KB) is spliced in as it is: base64 needs no escaping, so scanning it again
 * would only cost time.
 */
export function completeResponseJson(uid: string, decision: AdmissionDecision): string {
  const { response } = completeResponse(uid, decision);
  const { patch, warnings, auditAnnotations, ...head } = response;
  if (patch === undefined) return `${RESPONSE_ENVELOPE}${JSON.stringify(response)}}`;
  // Key order as completeResponse sets it: uid, allowed, status, patchType | patch | the rest.
  const headJson = JSON.stringify(head).slice(0, -1);
  const tailJson = JSON.stringify({ warnings, auditAnnotations }).slice(1);
  const tail = tailJson === '}' ? tailJson : `,${tailJson}`;
  return `${RESPONSE_ENVELOPE}${headJson},"patch":"${patch}"${tail}}`;
}
